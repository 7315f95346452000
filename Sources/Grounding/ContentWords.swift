import Foundation
import Notebook

/// Words that carry meaning, normalised for cheap matching (lexical support check, extractive scoring,
/// offline follow-up rewrite).
public enum ContentWords {
    /// Lower-cased letter/digit runs of two or more characters that are not stop words, lightly stemmed
    /// (`embeddings`, `embedded` and `embedding` all become `embedd`), in order.
    public static func words(in text: String) -> [String] {
        var out: [String] = []
        var current = ""
        func flush() {
            defer { current = "" }
            guard current.count >= 2, !SearchQuery.stopWords.contains(current), !extraStopWords.contains(current) else { return }
            out.append(stem(current))
        }
        for ch in text.lowercased() {
            if ch.isLetter || ch.isNumber { current.append(ch) } else { flush() }
        }
        flush()
        return out
    }

    /// Words in follow-ups and answers that say nothing about the topic.
    static let extraStopWords: Set<String> = ["also", "yes", "ok", "okay", "like", "one", "two", "get", "got", "make",
                                              "made", "thing", "things", "way", "ways", "please", "thanks", "let",
                                              "know", "say", "said", "sources", "source", "notes", "note"]

    /// A light suffix stripper: enough to match plural and inflected forms of the same word.
    public static func stem(_ word: String) -> String {
        guard word.count > 4, word.allSatisfy(\.isLetter) else { return word }
        for suffix in ["ings", "ing", "ies", "ied", "es", "ed", "ly", "s"] where word.hasSuffix(suffix) && !word.hasSuffix("ss") {
            let base = String(word.dropLast(suffix.count))
            if base.count >= 3 {
                if suffix == "ies" || suffix == "ied" { return base + "y" }
                return base
            }
        }
        return word
    }
}
