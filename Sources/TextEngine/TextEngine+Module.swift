/// Module TextEngine (see ARCHITECTURE.md).
public enum TextEngineModule { public static let name = "TextEngine" }
