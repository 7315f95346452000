import Foundation

/// What is embedded for a chunk: a context header (notebook ▸ snippet title ▸ heading path) above the chunk text,
/// so the vector knows what the chunk is about as FTS5 does through the indexed title.
public enum EmbeddingText {
    /// The recipe of the embedded text. Stored vectors carry it in front of the chunk's content hash, so changing
    /// how the text is built (bump it) makes every old vector stale and `recall index` re-embeds them.
    public static let recipe = "ctx1:"

    /// The header line: notebook ▸ title ▸ headings, skipping empty parts.
    public static func header(notebook: String, title: String, headingPath: [String]) -> String {
        ([notebook, title] + headingPath).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }.joined(separator: " ▸ ")
    }

    /// The text sent to the embedding model for a chunk.
    public static func document(notebook: String, title: String, headingPath: [String], text: String) -> String {
        let h = header(notebook: notebook, title: title, headingPath: headingPath)
        return h.isEmpty ? text : h + "\n\n" + text
    }

    /// The markdown headings in force at `byteOffset` of `body` (outermost first; fenced code ignored), without
    /// the heading the chunk itself starts with.
    public static func headingPath(in body: String, before byteOffset: Int) -> [String] {
        var stack: [(level: Int, text: String)] = []
        var fence: Fence?
        var offset = 0
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            if offset >= byteOffset { break }
            offset += line.utf8.count + 1
            let text = String(line)
            if let f = fence {
                if f.closes(text) { fence = nil }
                continue
            }
            if let f = Fence(opening: text) { fence = f; continue }
            let level = text.prefix(while: { $0 == "#" }).count
            guard (1...6).contains(level), text.dropFirst(level).first == " " else { continue }
            let title = text.dropFirst(level).trimmingCharacters(in: .whitespaces)
            stack.removeAll { $0.level >= level }
            stack.append((level, title))
        }
        return stack.map(\.text)
    }
}
