/// Module AppCore (see ARCHITECTURE.md).
public enum AppCoreModule { public static let name = "AppCore" }
