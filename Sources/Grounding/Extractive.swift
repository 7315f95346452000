import Foundation

/// One sentence picked from a source for an extractive answer.
public struct ExtractedSentence: Sendable, Hashable, Codable {
    /// The sentence, whitespace folded.
    public var text: String
    /// The source number it comes from.
    public var n: Int
    /// Its BM25 score against the question.
    public var score: Double

    /// Creates a sentence.
    public init(text: String, n: Int, score: Double) {
        self.text = text
        self.n = n
        self.score = score
    }
}

/// An answer made without a model: the sentences of the retrieved passages that best match the question, each
/// with its citation.
public struct ExtractiveAnswer: Sendable, Hashable, Codable {
    /// The sentences chosen, best first.
    public var sentences: [ExtractedSentence]

    /// Creates an answer.
    public init(sentences: [ExtractedSentence]) { self.sentences = sentences }

    /// The answer text: one line per sentence, each ending with its `[n]`.
    public var text: String {
        sentences.map { "- \($0.text) [\($0.n)]" }.joined(separator: "\n")
    }
}

/// Picks the best-matching sentences from passages (BM25 over sentences: k1 1.2, b 0.75).
public enum Extractor {
    /// Up to `limit` sentences scoring above zero, at most `perSource` from one source, best first.
    /// Sentences shorter than three content words (headings, fragments) are skipped unless nothing else matches.
    public static func answer(question: String, passages: [Passage], limit: Int = 3, perSource: Int = 2) -> ExtractiveAnswer {
        let queryWords = Array(Set(ContentWords.words(in: question)))
        guard !queryWords.isEmpty else { return ExtractiveAnswer(sentences: []) }
        struct Item { var text: String; var n: Int; var words: [String]; var order: Int }
        var items: [Item] = []
        for p in passages {
            for s in sentences(in: p.text) {
                let words = ContentWords.words(in: s)
                if !words.isEmpty { items.append(Item(text: s, n: p.n, words: words, order: items.count)) }
            }
        }
        guard !items.isEmpty else { return ExtractiveAnswer(sentences: []) }
        let count = Double(items.count)
        let avgLength = items.reduce(0.0) { $0 + Double($1.words.count) } / count
        var documentFrequency: [String: Int] = [:]
        for item in items { for w in Set(item.words) where queryWords.contains(w) { documentFrequency[w, default: 0] += 1 } }
        func score(_ item: Item) -> Double {
            var tf: [String: Int] = [:]
            for w in item.words { tf[w, default: 0] += 1 }
            let length = Double(item.words.count)
            return queryWords.reduce(0.0) { total, w in
                guard let f = tf[w].map(Double.init), let df = documentFrequency[w].map(Double.init) else { return total }
                let idf = log(1 + (count - df + 0.5) / (df + 0.5))
                return total + idf * f * 2.2 / (f + 1.2 * (0.25 + 0.75 * length / max(avgLength, 1)))
            }
        }
        // A small prior for the better-ranked source breaks near-ties in favour of what retrieval put first.
        let scored = items.map { ($0, score($0) * (1 + 0.25 / Double($0.n))) }.filter { $0.1 > 0 }
        let full = scored.filter { $0.0.words.count >= 3 }
        let pool = (full.isEmpty ? scored : full).sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.order < $1.0.order }
        var picked: [ExtractedSentence] = []
        var perSourceCount: [Int: Int] = [:]
        var seen = Set<String>()
        for (item, s) in pool where picked.count < limit {
            guard perSourceCount[item.n, default: 0] < perSource, seen.insert(item.text.lowercased()).inserted else { continue }
            perSourceCount[item.n, default: 0] += 1
            picked.append(ExtractedSentence(text: item.text, n: item.n, score: s))
        }
        return ExtractiveAnswer(sentences: picked)
    }

    /// True for a line dense in code punctuation (a chunk can start inside a code block, after its fence).
    static func looksLikeCode(_ line: String) -> Bool {
        guard line.count >= 8 else { return false }
        let marks = line.filter { "(){}[]=;\"<>\\".contains($0) }.count
        return Double(marks) / Double(line.count) > 0.12
    }

    /// Sentences of a passage: split at `.`/`!`/`?` followed by a space and at line breaks; fenced code, tag
    /// comments and table rules skipped; markdown markers (headings, bullets, task boxes, quotes) removed;
    /// whitespace folded.
    public static func sentences(in text: String) -> [String] {
        var out: [String] = []
        var inFence = false
        for rawLine in text.split(whereSeparator: \.isNewline) {
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("```") || line.hasPrefix("~~~") { inFence.toggle(); continue }
            if inFence || line.hasPrefix("<!--") || line.hasPrefix("|") && line.contains("---") { continue }
            while let first = line.first, "#>*-+".contains(first) {
                line = String(line.dropFirst()).trimmingCharacters(in: .whitespaces)
            }
            for box in ["[ ]", "[x]", "[X]", "[~]", "[-]"] where line.hasPrefix(box) {
                line = String(line.dropFirst(box.count)).trimmingCharacters(in: .whitespaces)
            }
            if looksLikeCode(line) { continue }
            if let dot = line.firstIndex(of: "."), line[..<dot].allSatisfy(\.isNumber), !line[..<dot].isEmpty {
                line = String(line[line.index(after: dot)...]).trimmingCharacters(in: .whitespaces)
            }
            var current = ""
            let chars = Array(line)
            for (i, c) in chars.enumerated() {
                current.append(c)
                if ".!?".contains(c), i + 1 == chars.count || chars[i + 1] == " " {
                    let s = current.trimmingCharacters(in: .whitespaces)
                    if !s.isEmpty { out.append(s) }
                    current = ""
                }
            }
            let s = current.trimmingCharacters(in: .whitespaces)
            if !s.isEmpty { out.append(s) }
        }
        return out.map { $0.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ") }
    }
}
