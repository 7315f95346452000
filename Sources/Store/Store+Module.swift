/// Module Store: the GRDB adapter (see ARCHITECTURE.md).
public enum StoreModule { public static let name = "Store" }
