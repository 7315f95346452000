import Foundation

/// One bracket group in an answer, e.g. `[1]`, `[1, 2]` or `[2-4]`, with the numbers it names.
public struct CitationMark: Sendable, Hashable, Codable {
    /// The numbers named, in order, without repeats (`[2-4]` → 2, 3, 4).
    public var numbers: [Int]
    /// Where the group is in the answer, in `Character` offsets (`[` to `]` inclusive).
    public var range: Range<Int>

    /// Creates a mark.
    public init(numbers: [Int], range: Range<Int>) {
        self.numbers = numbers
        self.range = range
    }
}

/// Finds citation marks in an answer.
///
/// Understood: `[1]`, `[1, 2]`, `[1,2]`, `[1][3]` (two marks), `[2-4]` and `[2–4]` (a range, at most
/// `maxRange` numbers), and `[1, 3-4]`. Not citations: a bracket with anything else inside (`[x]`, `[ ]`,
/// `[1.5]`), a markdown link `[1](…)`, text inside code spans and fenced code blocks.
public enum CitationParser {
    /// The widest range expanded (`[1-1000]` is not a citation).
    public static let maxRange = 20

    /// All marks in order of position.
    public static func marks(in answer: String) -> [CitationMark] {
        let chars = Array(answer)
        var marks: [CitationMark] = []
        var i = 0
        var inFence = false
        var inCode = false
        var lineStart = true
        while i < chars.count {
            let c = chars[i]
            if lineStart, startsFence(chars, at: i) {
                inFence.toggle()
                while i < chars.count, chars[i] != "\n" { i += 1 }
                continue
            }
            lineStart = c == "\n"
            if inFence { i += 1; continue }
            if c == "`" { inCode.toggle(); i += 1; continue }
            if c == "\n" { inCode = false }
            if !inCode, c == "[", let (numbers, end) = group(chars, from: i) {
                let followedByLink = end + 1 < chars.count && chars[end + 1] == "("
                if !followedByLink {
                    marks.append(CitationMark(numbers: numbers, range: i..<(end + 1)))
                    i = end + 1
                    continue
                }
            }
            i += 1
        }
        return marks
    }

    /// True when a line starting at `index` opens or closes a fenced code block (after up to 3 spaces).
    static func startsFence(_ chars: [Character], at index: Int) -> Bool {
        var j = index
        var spaces = 0
        while j < chars.count, chars[j] == " ", spaces < 3 { j += 1; spaces += 1 }
        guard j + 2 < chars.count else { return false }
        let f = chars[j]
        return (f == "`" || f == "~") && chars[j + 1] == f && chars[j + 2] == f
    }

    /// Parses `[ … ]` at `start`: the numbers and the index of `]`, or nil when it is not a citation.
    static func group(_ chars: [Character], from start: Int) -> ([Int], Int)? {
        var j = start + 1
        var numbers: [Int] = []
        var expectNumber = true
        var pendingRangeFrom: Int?
        while j < chars.count, j - start < 64 {
            let c = chars[j]
            if c == " " { j += 1; continue }
            if c == "]" {
                guard !expectNumber, pendingRangeFrom == nil, !numbers.isEmpty else { return nil }
                var seen = Set<Int>()
                return (numbers.filter { seen.insert($0).inserted }, j)
            }
            if expectNumber {
                guard let digit = c.wholeNumberValue, c.isASCII else { return nil }
                var value = digit
                j += 1
                while j < chars.count, let d = chars[j].wholeNumberValue, chars[j].isASCII {
                    value = value * 10 + d
                    if value > 1_000_000 { return nil }
                    j += 1
                }
                if let from = pendingRangeFrom {
                    guard value >= from, value - from < maxRange else { return nil }
                    if value > from { numbers += Array((from + 1)...value) }
                    pendingRangeFrom = nil
                } else {
                    numbers.append(value)
                }
                expectNumber = false
                continue
            }
            if c == "," || c == ";" {
                expectNumber = true
            } else if c == "-" || c == "–" {
                guard pendingRangeFrom == nil, let last = numbers.last else { return nil }
                pendingRangeFrom = last
                expectNumber = true
            } else {
                return nil
            }
            j += 1
        }
        return nil
    }
}
