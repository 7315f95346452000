import Notebook

/// What accepting an assistant's proposal writes.
public enum AssistChange: Sendable, Hashable {
    /// Nothing: the reply is to read (Explain).
    case none
    /// The snippet's text becomes this (Refactor; Summarize on a markdown snippet appends a section).
    case replaceBody(String)
    /// A new snippet in the same notebook (Generate tests; Summarize of a code snippet).
    case newSnippet(title: String, kind: SnippetKind, language: String?, body: String)
}

/// An assistant's reply turned into a proposal: the text to show, what accepting writes, and the text it is
/// compared with (the current body for a replacement, nothing for a new snippet).
public struct AssistProposal: Sendable, Hashable {
    /// The action.
    public var action: AssistAction
    /// The model's reply, trimmed.
    public var reply: String
    /// What accepting writes.
    public var change: AssistChange

    /// The proposed text: the new body, the new snippet's text, or the reply to read.
    public var text: String {
        switch change {
        case .none: return reply
        case .replaceBody(let body): return body
        case .newSnippet(_, _, _, let body): return body
        }
    }

    /// Builds the proposal for a reply to `action` on `subject`; a summary goes where `placement` says (nil: the
    /// default for the snippet's kind, `SummaryPlacement.default(for:)`).
    public init(action: AssistAction, subject: AssistSubject, reply: String, placement: SummaryPlacement? = nil) {
        self.action = action
        let reply = Self.withoutEchoedDelimiters(Self.trimmedLines(reply))
        self.reply = reply
        switch action {
        case .explain:
            change = .none
        case .refactor:
            var code = subject.kind == .code ? Self.code(in: reply) : Self.unwrapped(reply)
            if subject.text.hasSuffix("\n") && !code.hasSuffix("\n") { code += "\n" }
            change = .replaceBody(subject.before + code + subject.after)
        case .tests:
            change = .newSnippet(title: Self.testsTitle(subject), kind: .code, language: subject.language,
                                 body: Self.code(in: reply) + "\n")
        case .summarize:
            change = Self.summaryChange(Self.unwrapped(reply), subject: subject,
                                        placement: placement ?? .default(for: subject.kind))
        }
    }

    /// The text a diff compares the proposal with: the current body, or nothing for a new snippet.
    public func baseText(for subject: AssistSubject) -> String {
        switch change {
        case .replaceBody: return subject.body
        case .none, .newSnippet: return ""
        }
    }

    /// The reply without a `<snippet …>` line at its start or a `</snippet>` line at its end (small models echo the
    /// delimiters the snippet was sent in; they are never part of the note).
    public static func withoutEchoedDelimiters(_ reply: String) -> String {
        var lines = reply.split(separator: "\n", omittingEmptySubsequences: false)
        if let first = lines.first, first.trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("<\(AssistPrompt.tag)") { lines.removeFirst() }
        if let last = lines.last, last.trimmingCharacters(in: .whitespaces).lowercased() == "</\(AssistPrompt.tag)>" { lines.removeLast() }
        return trimmedLines(lines.joined(separator: "\n"))
    }

    /// The text without blank lines at its start or whitespace at its end; the first line keeps its indentation
    /// (a refactored selection inside a function stays indented).
    public static func trimmedLines(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        while let first = lines.first, first.allSatisfy(\.isWhitespace), lines.count > 1 { lines.removeFirst() }
        var out = lines.joined(separator: "\n")
        while let last = out.last, last.isWhitespace { out.removeLast() }
        return out
    }

    /// The code of a reply: the first fenced block's content, or the whole reply when it has none.
    public static func code(in reply: String) -> String {
        let lines = reply.split(separator: "\n", omittingEmptySubsequences: false)
        guard let open = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("```") }) else {
            return trimmedLines(reply)
        }
        let rest = lines[(open + 1)...]
        let close = rest.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "```" }) ?? lines.endIndex
        return lines[(open + 1)..<close].joined(separator: "\n")
    }

    /// The reply without a fence around all of it (a model that wraps prose in ``` ).
    public static func unwrapped(_ reply: String) -> String {
        let trimmed = reply.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("```"), trimmed.hasSuffix("```"), trimmed.count > 6 else { return trimmed }
        return code(in: trimmed).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `test_double.py` for `double.py`; `Tests for Borrowing` otherwise.
    public static func testsTitle(_ subject: AssistSubject) -> String {
        let title = subject.title.trimmingCharacters(in: .whitespaces)
        if let dot = title.lastIndex(of: "."), dot != title.startIndex, !title.contains(" ") { return "test_" + title }
        return "Tests for \(title)"
    }
}
