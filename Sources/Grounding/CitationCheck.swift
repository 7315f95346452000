import Foundation

/// How well a citation is backed.
public enum CitationSupport: String, Sendable, Hashable, Codable {
    /// The number is a source that was sent, and the citing sentence shares content words with it.
    case supported
    /// The number is a source that was sent, but the citing sentence shares no content word with it.
    case weak
    /// The number is not one of the sources sent.
    case unverified
}

/// One cited number in an answer, checked against the sources actually sent.
public struct Citation: Sendable, Hashable, Codable {
    /// The number cited.
    public var n: Int
    /// The bracket group it is in (`Character` offsets in the answer).
    public var range: Range<Int>
    /// The source it names, when it was sent.
    public var passage: Passage?
    /// Supported, weak or unverified.
    public var support: CitationSupport

    /// True when the number is one of the sources sent.
    public var verified: Bool { passage != nil }

    /// Creates a citation.
    public init(n: Int, range: Range<Int>, passage: Passage?, support: CitationSupport) {
        self.n = n
        self.range = range
        self.passage = passage
        self.support = support
    }
}

/// The verdict on an answer's citations.
public struct CitationReport: Sendable, Hashable, Codable {
    /// Every cited number, in order of appearance (a `[1, 2]` group gives two).
    public var citations: [Citation]

    /// Creates a report.
    public init(citations: [Citation]) { self.citations = citations }

    /// At least one citation names a source that was sent.
    public var grounded: Bool { citations.contains(where: \.verified) }
    /// Cited numbers that were not sources, without repeats, in order.
    public var unverifiedNumbers: [Int] { unique(citations.filter { !$0.verified }.map(\.n)) }
    /// Cited sources whose citing sentence shares no content word with them, without repeats.
    public var weakNumbers: [Int] { unique(citations.filter { $0.support == .weak }.map(\.n)) }
    /// Share of citations that name a source that was sent (1 when there are none).
    public var validityRate: Double {
        citations.isEmpty ? 1 : Double(citations.filter(\.verified).count) / Double(citations.count)
    }

    private func unique(_ xs: [Int]) -> [Int] {
        var seen = Set<Int>()
        return xs.filter { seen.insert($0).inserted }
    }
}

/// Checks an answer's citations: each number against the sources sent, and each against the sentence citing it.
public enum CitationChecker {
    /// Parses and checks every citation in `answer`.
    public static func check(_ answer: String, passages: [Passage]) -> CitationReport {
        let byNumber = Dictionary(passages.map { ($0.n, $0) }, uniquingKeysWith: { a, _ in a })
        let chars = Array(answer)
        let marks = CitationParser.marks(in: answer)
        var sourceWords: [Int: Set<String>] = [:]
        var citations: [Citation] = []
        for mark in marks {
            let sentence = citingSentence(chars, mark: mark, marks: marks)
            let sentenceWords = Set(ContentWords.words(in: sentence))
            for n in mark.numbers {
                guard let passage = byNumber[n] else {
                    citations.append(Citation(n: n, range: mark.range, passage: nil, support: .unverified))
                    continue
                }
                let words = sourceWords[n] ?? Set(ContentWords.words(in: passage.title + " " + passage.text))
                sourceWords[n] = words
                let support: CitationSupport = sentenceWords.isDisjoint(with: words) ? .weak : .supported
                citations.append(Citation(n: n, range: mark.range, passage: passage, support: support))
            }
        }
        return CitationReport(citations: citations)
    }

    /// The sentence a mark supports: the text before it back to the previous sentence end. A mark at the start
    /// of a sentence (after `. `) cites the sentence before it. Other marks are removed from the text.
    static func citingSentence(_ chars: [Character], mark: CitationMark, marks: [CitationMark]) -> String {
        var end = mark.range.lowerBound
        // Step back over spaces, other marks and the terminator right before this mark ("… blue. [1]").
        func skipBack() {
            var moved = true
            while moved {
                moved = false
                while end > 0, chars[end - 1] == " " || chars[end - 1] == "\t" { end -= 1; moved = true }
                if let m = marks.first(where: { $0.range.upperBound == end }) { end = m.range.lowerBound; moved = true }
            }
        }
        skipBack()
        while end > 0, ".!?".contains(chars[end - 1]) { end -= 1 }
        var start = end
        while start > 0, !isSentenceEnd(chars, at: start - 1) { start -= 1 }
        var sentence = String(chars[start..<end])
        for m in marks.reversed() where m.range.lowerBound >= start && m.range.upperBound <= end {
            let a = sentence.index(sentence.startIndex, offsetBy: m.range.lowerBound - start)
            let b = sentence.index(sentence.startIndex, offsetBy: m.range.upperBound - start)
            sentence.replaceSubrange(a..<b, with: " ")
        }
        return sentence
    }

    /// A line break, or `.`/`!`/`?` followed by a space or line break (so `3.5` and `e.g.x` do not end a sentence).
    static func isSentenceEnd(_ chars: [Character], at index: Int) -> Bool {
        let c = chars[index]
        if c == "\n" { return true }
        guard ".!?".contains(c), index + 1 < chars.count else { return false }
        return chars[index + 1] == " " || chars[index + 1] == "\n"
    }
}
