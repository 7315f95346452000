/// Module TUI (see ARCHITECTURE.md).
public enum TUIModule { public static let name = "TUI" }
