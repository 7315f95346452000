/// Module Terminal (see ARCHITECTURE.md).
public enum TerminalModule { public static let name = "Terminal" }
