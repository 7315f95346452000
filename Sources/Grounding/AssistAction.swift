import Notebook

/// An assistant action on a snippet (or the selected part of it).
public enum AssistAction: String, CaseIterable, Sendable, Hashable, Codable {
    /// A short summary: a `### Summary` section under a markdown snippet, a new markdown snippet for code.
    case summarize
    /// An explanation to read; it changes nothing.
    case explain
    /// The same code (or text), improved; replaces the snippet's text (or the selection).
    case refactor
    /// Tests for the code, as a new code snippet in the same notebook.
    case tests

    /// The name people read ("Generate tests").
    public var title: String {
        switch self {
        case .summarize: return "Summarize"
        case .explain: return "Explain"
        case .refactor: return "Refactor"
        case .tests: return "Generate tests"
        }
    }

    /// Whether accepting it writes something (every action but Explain).
    public var changesText: Bool { self != .explain }
}

/// What an action works on: a snippet's text, or the selected part of it with the text around it.
public struct AssistSubject: Sendable, Hashable {
    /// The snippet's title.
    public var title: String
    /// Markdown or code.
    public var kind: SnippetKind
    /// The code's language, if any.
    public var language: String?
    /// Text before the part worked on (empty for the whole snippet).
    public var before: String
    /// The part worked on (the whole body, or the selection).
    public var text: String
    /// Text after the part worked on.
    public var after: String

    /// A subject; `before`/`after` are the text around a selection (empty for the whole snippet).
    public init(title: String, kind: SnippetKind, language: String?, before: String = "", text: String, after: String = "") {
        self.title = title
        self.kind = kind
        self.language = language
        self.before = before
        self.text = text
        self.after = after
    }

    /// The whole current body.
    public var body: String { before + text + after }

    /// True when only a selection is worked on.
    public var isSelection: Bool { !before.isEmpty || !after.isEmpty }
}
