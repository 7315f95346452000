import Foundation

/// Counts of task items: `- [ ]` todo, `- [~]` partial, `- [x]` done.
///
/// A partial item counts as half done: the percentage is `(done + 0.5 × partial) / total`,
/// rounded half up, so 15 done, 7 partial and 10 todo give 57.8 % → 58 %.
public struct TaskTally: Sendable, Hashable, Codable {
    /// Items marked `[x]` or `[X]`.
    public var done: Int
    /// Items marked `[~]`.
    public var partial: Int
    /// Items marked `[ ]`.
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

/// The state of one task item.
public enum TaskMark: String, Sendable, Codable {
    /// `[ ]`
    case todo
    /// `[~]`
    case partial
    /// `[x]`
    case done
}

/// Study progress of a markdown text: its task items overall and per heading.
public struct StudyProgress: Sendable, Equatable {
    /// Progress under one heading, including its sub-headings.
    public struct Section: Sendable, Equatable, Codable {
        /// The heading text without `#` marks.
        public var title: String
        /// 1 for `#`, 2 for `##`, …
        public var level: Int
        /// Items under this heading and all its sub-headings.
        public var tally: TaskTally
    }

    /// All task items of the text.
    public var tally: TaskTally
    /// Every heading with at least one item under it, in document order.
    public var sections: [Section]

    /// Reads task items and headings from markdown; items in fenced code blocks are ignored.
    public static func parse(_ markdown: String) -> StudyProgress {
        var total = TaskTally()
        var sections: [Section] = []
        var open: [Int] = []  // indices into `sections` of the headings enclosing the current line
        var fence: Substring?
        for rawLine in markdown.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let line = rawLine.drop(while: { $0 == " " || $0 == "\t" })
            if let f = fence {
                if line.hasPrefix(f) { fence = nil }
                continue
            }
            if line.hasPrefix("```") || line.hasPrefix("~~~") { fence = line.prefix(3); continue }
            if rawLine.first == "#", let (level, title) = heading(rawLine) {
                while let last = open.last, sections[last].level >= level { open.removeLast() }
                sections.append(Section(title: title, level: level, tally: TaskTally()))
                open.append(sections.count - 1)
                continue
            }
            guard let mark = taskMark(line) else { continue }
            let one = TaskTally(done: mark == .done ? 1 : 0, partial: mark == .partial ? 1 : 0, todo: mark == .todo ? 1 : 0)
            total = total + one
            for i in open { sections[i].tally = sections[i].tally + one }
        }
        return StudyProgress(tally: total, sections: sections.filter { $0.tally.total > 0 })
    }

    /// The level and text of an ATX heading line (`## Title`).
    static func heading(_ line: Substring) -> (Int, String)? {
        let hashes = line.prefix(while: { $0 == "#" }).count
        guard (1...6).contains(hashes) else { return nil }
        let rest = line.dropFirst(hashes)
        guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        var title = rest.trimmingCharacters(in: .whitespaces)
        while title.hasSuffix("#") { title.removeLast() }
        title = title.trimmingCharacters(in: .whitespaces)
        // Strip emphasis markers around a whole heading (`**Phase 1 — …**`).
        while title.hasPrefix("**") && title.hasSuffix("**") && title.count > 4 { title = String(title.dropFirst(2).dropLast(2)) }
        return (hashes, title)
    }

    /// The mark of a list item `- [ ] …`, `* [x] …`, `+ [~] …` or `1. [ ] …`, else nil.
    public static func taskMark(_ line: Substring) -> TaskMark? {
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
