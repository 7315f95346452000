import Notebook

/// Where an accepted summary goes (the app asks when a Summarize proposal on a markdown snippet is accepted).
public enum SummaryPlacement: String, CaseIterable, Sendable, Hashable {
    /// A `### Summary` section at the top (under the note's `# ` title line when it starts with one).
    case top
    /// A `### Summary` section at the end.
    case end
    /// A new markdown snippet "Summary of TITLE" next to the note.
    case newSnippet

    /// Today's default: a section at the end of a markdown note, a new snippet for code (a markdown section would
    /// break the code).
    public static func `default`(for kind: SnippetKind) -> SummaryPlacement { kind == .markdown ? .end : .newSnippet }

    /// The places offered for a snippet of this kind, the default first.
    public static func offered(for kind: SnippetKind) -> [SummaryPlacement] { kind == .markdown ? [.end, .top, .newSnippet] : [.newSnippet] }

    /// The choice as the app lists it.
    public func label(title: String) -> String {
        switch self {
        case .top: return "At the top, as a ### Summary section"
        case .end: return "At the end, as a ### Summary section"
        case .newSnippet: return "As a new snippet “Summary of \(title)”"
        }
    }
}

extension AssistProposal {
    /// What accepting a summary writes, for each placement.
    static func summaryChange(_ summary: String, subject: AssistSubject, placement: SummaryPlacement) -> AssistChange {
        let section = "### Summary\n\n" + summary + "\n"
        let body = subject.body
        switch placement {
        case .newSnippet:
            return .newSnippet(title: "Summary of \(subject.title)", kind: .markdown, language: nil, body: summary + "\n")
        case .end:
            let base = body.hasSuffix("\n") ? body : body + "\n"
            return .replaceBody(base + (body.isEmpty ? "" : "\n") + section)
        case .top:
            let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
            guard let first = lines.first, first.hasPrefix("# ") else {
                return .replaceBody(section + (body.isEmpty ? "" : "\n" + body))
            }
            var rest = lines.dropFirst()
            while let l = rest.first, l.allSatisfy(\.isWhitespace), rest.count > 1 { rest = rest.dropFirst() }
            let after = rest.joined(separator: "\n")
            return .replaceBody(String(first) + "\n\n" + section + (after.isEmpty ? "" : "\n" + after))
        }
    }

    /// The same reply placed elsewhere (a Summarize proposal; other actions are returned unchanged).
    public func placingSummary(_ placement: SummaryPlacement, subject: AssistSubject) -> AssistProposal {
        guard action == .summarize else { return self }
        var p = self
        p.change = Self.summaryChange(AssistProposal.unwrapped(reply), subject: subject, placement: placement)
        return p
    }
}
