/// Module HTTP (see ARCHITECTURE.md).
public enum HTTPModule { public static let name = "HTTP" }
