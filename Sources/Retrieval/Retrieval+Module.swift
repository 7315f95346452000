/// Module Retrieval (see ARCHITECTURE.md).
public enum RetrievalModule { public static let name = "Retrieval" }
