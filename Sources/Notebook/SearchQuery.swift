import Foundation

/// Turns any user text into a safe FTS5 MATCH expression. Every term is emitted as a quoted string, so quotes,
/// `AND`, `*`, `-`, `:`, parentheses and other syntax in the input can never cause an FTS5 syntax error.
///
/// Supported on purpose: `"exact phrase"`, `-term` (exclude), `term*` (prefix). English stop words are dropped
/// (unless the query is nothing but stop words) because they decide between ~4 ms and ~90 ms per natural-language
/// query at 100k chunks (see DECISIONS.md).
public struct SearchQuery: Equatable, Sendable {
    /// A positive term or phrase.
    public struct Term: Equatable, Sendable {
        public var words: [String]
        public var prefix: Bool
    }

    public var terms: [Term]
    public var excluded: [Term]

    /// True when the query has nothing to search for.
    public var isEmpty: Bool { terms.isEmpty }

    /// A query made of given terms (for narrowing an existing query).
    public init(terms: [Term], excluded: [Term]) {
        self.terms = terms
        self.excluded = excluded
    }

    /// Parses user text.
    public init(_ text: String) {
        var terms: [Term] = []
        var excluded: [Term] = []
        var allWords: [Term] = []
        let scalars = Array(text.unicodeScalars.prefix(4096))
        var i = 0
        func isWord(_ s: Unicode.Scalar) -> Bool {
            s.properties.isAlphabetic || s.properties.numericType != nil || s.properties.generalCategory == .nonspacingMark
        }
        while i < scalars.count {
            let s = scalars[i]
            if s == "\"" {
                // Phrase until the closing quote (or the end).
                var j = i + 1
                var words: [String] = []
                var word = ""
                while j < scalars.count && scalars[j] != "\"" {
                    if isWord(scalars[j]) { word.unicodeScalars.append(scalars[j]) } else if !word.isEmpty { words.append(word); word = "" }
                    j += 1
                }
                if !word.isEmpty { words.append(word) }
                let negated = i > 0 && scalars[i - 1] == "-"
                if !words.isEmpty { (negated ? { excluded.append(Term(words: words, prefix: false)) } : { terms.append(Term(words: words, prefix: false)) })() }
                i = j + 1
                continue
            }
            if isWord(s) {
                var j = i
                var word = ""
                while j < scalars.count && isWord(scalars[j]) { word.unicodeScalars.append(scalars[j]); j += 1 }
                let prefix = j < scalars.count && scalars[j] == "*"
                let negated = i > 0 && scalars[i - 1] == "-" && (i == 1 || !isWord(scalars[i - 2]))
                let term = Term(words: [word], prefix: prefix)
                if negated {
                    excluded.append(term)
                } else {
                    allWords.append(term)
                    if !SearchQuery.stopWords.contains(word.lowercased()) { terms.append(term) }
                }
                i = j
                continue
            }
            i += 1
        }
        if terms.isEmpty { terms = allWords }  // a query of only stop words still searches
        self.terms = Array(terms.prefix(32))
        self.excluded = Array(excluded.prefix(16))
    }

    /// The MATCH expression joining the terms with AND (all must appear) or OR (any may appear), or nil when empty.
    public func ftsExpression(matchAll: Bool) -> String? {
        guard !terms.isEmpty else { return nil }
        let positive = terms.map(render).joined(separator: matchAll ? " AND " : " OR ")
        var expr = terms.count > 1 ? "(\(positive))" : positive
        for e in excluded { expr += " NOT \(render(e))" }
        return expr
    }

    private func render(_ term: Term) -> String {
        let quoted = "\"" + term.words.joined(separator: " ").replacingOccurrences(of: "\"", with: "\"\"") + "\""
        return term.prefix ? quoted + " *" : quoted
    }

    /// Common English function words: they match most chunks and add little to BM25 ranking.
    public static let stopWords: Set<String> = [
        "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "as", "at", "be",
        "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do",
        "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he",
        "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its",
        "itself", "just", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once",
        "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "same", "she", "should", "so", "some",
        "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this",
        "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where",
        "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself",
        "yourselves", "s", "t", "don", "doesn", "isn", "aren", "use", "used", "using", "tell", "explain", "much", "many",
    ]
}

/// Splits an excerpt carrying hit markers into plain and highlighted runs.
public enum Excerpt {
    /// Marks the start of a highlighted hit inside an excerpt (private-use scalar, never in user text shown as-is).
    public static let open: Character = "\u{E000}"
    /// Marks the end of a highlighted hit.
    public static let close: Character = "\u{E001}"

    /// The runs of an excerpt: (text, isHit).
    public static func runs(_ marked: String) -> [(text: String, hit: Bool)] {
        var out: [(String, Bool)] = []
        var cur = ""
        var hit = false
        for ch in marked {
            if ch == open || ch == close {
                if !cur.isEmpty { out.append((cur, hit)) }
                cur = ""; hit = (ch == open)
            } else { cur.append(ch) }
        }
        if !cur.isEmpty { out.append((cur, hit)) }
        return out
    }

    /// The excerpt with markers replaced by the given strings (e.g. `**`, or ANSI bold on a terminal).
    public static func render(_ marked: String, open o: String, close c: String) -> String {
        runs(marked).map { $0.hit ? o + $0.text + c : $0.text }.joined()
    }
}
