import Foundation

/// Counts of study items by status (see `TaskTally(statuses:)`).
///
/// A partial item counts as half done: the percentage is `(done + 0.5 × partial) / total`,
/// rounded half up, so 15 done, 7 partial and 10 todo give 57.8 % → 58 %.
public struct TaskTally: Sendable, Hashable, Codable {
    /// Items done.
    public var done: Int
    /// Items partly done.
    public var partial: Int
    /// Items still to do.
    public var todo: Int

    /// A tally with the given counts.
    public init(done: Int = 0, partial: Int = 0, todo: Int = 0) {
        self.done = done
        self.partial = partial
        self.todo = todo
    }

    /// All items.
    public var total: Int { done + partial + todo }

    /// Progress in [0, 1], partial items counting half; 0 when there are no items.
    public var fraction: Double { total == 0 ? 0 : (Double(done) + 0.5 * Double(partial)) / Double(total) }

    /// Progress as a whole percentage, rounded half up.
    public var percent: Int { Int((fraction * 100).rounded(.toNearestOrAwayFromZero)) }

    /// Adds two tallies.
    public static func + (a: TaskTally, b: TaskTally) -> TaskTally {
        TaskTally(done: a.done + b.done, partial: a.partial + b.partial, todo: a.todo + b.todo)
    }

    /// A one-line summary: `58% · 15 done · 7 partial · 10 todo`.
    public var summary: String { "\(percent)% · \(done) done · \(partial) partial · \(todo) todo" }
}

/// The state of one checkbox item: `- [ ]` todo, `- [~]` partial, `- [x]` done.
public enum TaskMark: String, Sendable, Codable {
    /// `[ ]`
    case todo
    /// `[~]`
    case partial
    /// `[x]`
    case done

    /// The mark of a list item `- [ ] …`, `* [x] …`, `+ [~] …` or `1. [ ] …` (leading spaces already dropped), else nil.
    public static func of(_ line: Substring) -> TaskMark? {
        var rest = line
        if let c = rest.first, c == "-" || c == "*" || c == "+" {
            rest = rest.dropFirst()
        } else {
            let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
            guard !digits.isEmpty else { return nil }
            rest = rest.dropFirst(digits.count)
            guard let c = rest.first, c == "." || c == ")" else { return nil }
            rest = rest.dropFirst()
        }
        guard rest.first == " " else { return nil }
        rest = rest.drop(while: { $0 == " " })
        guard rest.count >= 3, rest.first == "[", rest.dropFirst(2).first == "]" else { return nil }
        let after = rest.dropFirst(3)
        guard after.isEmpty || after.first == " " || after.first == "\t" else { return nil }
        switch rest.dropFirst().first {
        case " ": return .todo
        case "~": return .partial
        case "x", "X": return .done
        default: return nil
        }
    }
}

/// A text progress bar: `█████░░░░░` with full, partial (eighths) and empty cells.
public enum ProgressBar {
    /// A bar `width` cells wide filled to `fraction` (clamped to [0, 1]).
    public static func render(_ fraction: Double, width: Int) -> String {
        guard width > 0 else { return "" }
        let f = min(max(fraction.isNaN ? 0 : fraction, 0), 1)
        let eighths = Int((f * Double(width) * 8).rounded())
        let full = eighths / 8
        let rem = eighths % 8
        let partials = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        var s = String(repeating: "█", count: full)
        if full < width {
            s += rem > 0 ? partials[rem] : "░"
            s += String(repeating: "░", count: width - full - 1)
        }
        return s
    }
}
