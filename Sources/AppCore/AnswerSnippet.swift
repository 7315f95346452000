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
}
