/// Module RecallKit (see ARCHITECTURE.md).
public enum RecallKitModule { public static let name = "RecallKit" }
