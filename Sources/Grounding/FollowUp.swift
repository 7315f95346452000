import Foundation

/// Rewrites a follow-up question into a standalone search query.
public enum FollowUp {
    /// The offline rewrite: the question, plus the content words of the previous standalone query that the
    /// question does not already have (so "and how is it stored?" after "what is a KV cache?" searches for
    /// "and how is it stored? kv cache"). Without a thread, the question itself.
    public static func combine(question: String, thread: [ThreadTurn]) -> String {
        guard let previous = thread.last else { return question }
        let have = Set(ContentWords.words(in: question))
        var added: [String] = []
        var seen = Set<String>()
        for raw in words(in: previous.standaloneQuery) {
            let stem = ContentWords.words(in: raw).first
            guard let stem, !have.contains(stem), seen.insert(stem).inserted else { continue }
            added.append(raw)
        }
        return added.isEmpty ? question : question + " " + added.joined(separator: " ")
    }

    /// The surface words of a text that count as content words, in order (original spelling, lower-cased).
    static func words(in text: String) -> [String] {
        var out: [String] = []
        var current = ""
        for ch in text.lowercased() {
            if ch.isLetter || ch.isNumber { current.append(ch) } else {
                if !ContentWords.words(in: current).isEmpty { out.append(current) }
                current = ""
            }
        }
        if !ContentWords.words(in: current).isEmpty { out.append(current) }
        return out
    }

    /// Cleans a model's rewrite: first non-empty line, quotes and a "Query:" label removed, cut to
    /// `maxCharacters`. Nil when nothing usable is left (then the offline rewrite is used).
    public static func clean(modelOutput: String, maxCharacters: Int = 300) -> String? {
        guard var line = modelOutput.split(whereSeparator: \.isNewline)
            .map({ $0.trimmingCharacters(in: .whitespaces) }).first(where: { !$0.isEmpty }) else { return nil }
        for label in ["standalone search query:", "standalone query:", "search query:", "query:"]
            where line.lowercased().hasPrefix(label) {
            line = String(line.dropFirst(label.count)).trimmingCharacters(in: .whitespaces)
        }
        line = line.trimmingCharacters(in: CharacterSet(charactersIn: "\"'`“”‘’ "))
        guard !line.isEmpty, !ContentWords.words(in: line).isEmpty else { return nil }
        return line.count > maxCharacters ? String(line.prefix(maxCharacters)) : line
    }
}
