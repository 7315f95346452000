/// A line diff between two texts: every line in order (kept, removed, added), with word-level changes for
/// removed lines paired with the added lines that replaced them.
public struct LineDiff: Hashable, Sendable {
    /// Every line of both texts in diff order; removals come before the additions that replace them.
    public var lines: [DiffLine]

    /// Diffs `old` against `new` line by line; `wordLevel` also marks changed words in paired lines.
    public init(old: String, new: String, wordLevel: Bool = true) {
        let a = TextLine.split(old), b = TextLine.split(new)
        var lines: [DiffLine] = []
        for step in EditScript.between(a, b) {
            switch step {
            case .keep(let i, let j):
                lines.append(DiffLine(kind: .context, line: b[j], oldNumber: i + 1, newNumber: j + 1))
            case .remove(let i):
                lines.append(DiffLine(kind: .removed, line: a[i], oldNumber: i + 1, newNumber: nil))
            case .insert(let j):
                lines.append(DiffLine(kind: .added, line: b[j], oldNumber: nil, newNumber: j + 1))
            }
        }
        if wordLevel { Self.pairChanges(&lines) }
        self.lines = lines
    }

    /// True when the two texts are the same.
    public var isEmpty: Bool { !lines.contains { $0.kind != .context } }

    /// How many lines were added.
    public var addedCount: Int { lines.reduce(0) { $0 + ($1.kind == .added ? 1 : 0) } }

    /// How many lines were removed.
    public var removedCount: Int { lines.reduce(0) { $0 + ($1.kind == .removed ? 1 : 0) } }

    /// The changes grouped into hunks, each with up to `context` unchanged lines around it; hunks whose context
    /// would touch are merged.
    public func hunks(context: Int = 3) -> [DiffHunk] {
        let context = max(0, context)
        let changed = lines.indices.filter { lines[$0].kind != .context }
        guard let first = changed.first else { return [] }
        var ranges: [ClosedRange<Int>] = []
        var start = max(0, first - context), end = min(lines.count - 1, first + context)
        for index in changed.dropFirst() {
            if index - context <= end + 1 {
                end = min(lines.count - 1, index + context)
            } else {
                ranges.append(start...end)
                start = max(0, index - context)
                end = min(lines.count - 1, index + context)
            }
        }
        ranges.append(start...end)
        return ranges.map { range in DiffHunk(lines: Array(lines[range]), before: Array(lines[..<range.lowerBound])) }
    }

    /// The diff as unified-diff text (`--- old`, `+++ new`, `@@ -l,s +l,s @@` hunks); empty when nothing changed.
    public func unified(oldName: String = "a", newName: String = "b", context: Int = 3) -> String {
        let hunks = hunks(context: context)
        if hunks.isEmpty { return "" }
        var out = "--- \(oldName)\n+++ \(newName)\n"
        for hunk in hunks {
            out += hunk.header + "\n"
            for line in hunk.lines {
                switch line.kind {
                case .context: out += " "
                case .removed: out += "-"
                case .added: out += "+"
                }
                out += line.text + "\n"
                if !line.line.hasNewline { out += "\\ No newline at end of file\n" }
            }
        }
        return out
    }

    /// Pairs each run of removed lines with the run of added lines right after it, line by line, and marks
    /// the words that differ in both.
    /// The most text (UTF-8 bytes, both sides) given to the word diff in one line diff; past it, changed lines are
    /// marked as a whole. Each pair is quadratic in the worst case, and a rewritten note has thousands of pairs.
    public static let maxWordDiffBytes = 256 * 1024

    private static func pairChanges(_ lines: inout [DiffLine]) {
        var index = 0
        var budget = maxWordDiffBytes
        while index < lines.count {
            guard lines[index].kind == .removed else { index += 1; continue }
            let removedStart = index
            while index < lines.count, lines[index].kind == .removed { index += 1 }
            let addedStart = index
            while index < lines.count, lines[index].kind == .added { index += 1 }
            let pairs = min(addedStart - removedStart, index - addedStart)
            for k in 0..<pairs {
                budget -= lines[removedStart + k].text.utf8.count + lines[addedStart + k].text.utf8.count
                if budget < 0 { break }
                let (old, new) = WordDiff.segments(old: lines[removedStart + k].text, new: lines[addedStart + k].text)
                lines[removedStart + k].segments = old
                lines[addedStart + k].segments = new
            }
        }
    }
}

/// A group of changed lines with their surrounding context, as in one `@@` block of a unified diff.
public struct DiffHunk: Hashable, Sendable {
    /// 1-based first old line (0 when the hunk holds no old line, after the line it follows).
    public var oldStart: Int
    /// How many old lines the hunk covers (context + removed).
    public var oldCount: Int
    /// 1-based first new line (0 when the hunk holds no new line).
    public var newStart: Int
    /// How many new lines the hunk covers (context + added).
    public var newCount: Int
    /// The hunk's lines in order.
    public var lines: [DiffLine]

    /// A hunk from its lines and the diff lines before it (to number an empty side as unified diff does).
    init(lines: [DiffLine], before: [DiffLine]) {
        self.lines = lines
        oldCount = lines.filter { $0.kind != .added }.count
        newCount = lines.filter { $0.kind != .removed }.count
        let oldBefore = before.filter { $0.kind != .added }.count
        let newBefore = before.filter { $0.kind != .removed }.count
        oldStart = oldCount == 0 ? oldBefore : oldBefore + 1
        newStart = newCount == 0 ? newBefore : newBefore + 1
    }

    /// The `@@ -l,s +l,s @@` line (a count of 1 is left out, as GNU diff and git do).
    public var header: String {
        func range(_ start: Int, _ count: Int) -> String { count == 1 ? "\(start)" : "\(start),\(count)" }
        return "@@ -\(range(oldStart, oldCount)) +\(range(newStart, newCount)) @@"
    }
}
