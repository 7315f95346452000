/// An answer kept as a snippet: the question as a heading, the answer, and its sources as references.
public enum AnswerSnippet {
    /// The snippet's markdown. Each reference names the source's notebook and snippet and its id, so a citation
    /// `[n]` in the text still leads to the note it came from (`recall show ID`).
    public static func markdown(question: String, answer: String, references: [(n: Int, notebook: String, title: String, snippetId: String)]) -> String {
        var out = "> " + question.replacingOccurrences(of: "\n", with: "\n> ") + "\n\n" + answer.trimmingCharacters(in: .whitespacesAndNewlines) + "\n"
        if !references.isEmpty {
            out += "\n### Sources\n\n"
            for r in references { out += "- [\(r.n)] \(r.notebook) ▸ \(r.title) — `recall show \(r.snippetId.prefix(8))`\n" }
        }
        return out
    }

    /// The markdown of an answered turn: its question, answer and numbered sources (what Ctrl-S saves and Alt-Y copies).
    public static func markdown(of turn: AskTurn) -> String {
        markdown(question: turn.question, answer: turn.answer,
                 references: turn.sources.map { ($0.n, $0.notebook, $0.title, $0.snippetId) })
    }
}
