/// Module LLM (see ARCHITECTURE.md).
public enum LLMModule { public static let name = "LLM" }
