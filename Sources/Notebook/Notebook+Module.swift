/// Module Notebook: the pure domain values of Recall (see ARCHITECTURE.md).
public enum NotebookModule { public static let name = "Notebook" }
