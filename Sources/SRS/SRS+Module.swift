/// Module SRS (see ARCHITECTURE.md).
public enum SRSModule { public static let name = "SRS" }
