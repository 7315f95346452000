import Foundation

/// The sub-steps of a study item: the `- [ ]`/`- [~]`/`- [x]` checkboxes in its text, counted apart from the
/// item's own status. A checkbox with checkboxes nested under it is a group (often the item's own headline), not a
/// step; every other checkbox is a step, and a step is done only when marked `[x]`.
public struct StepCount: Sendable, Hashable, Codable {
    /// Steps marked `[x]`.
    public var done: Int
    /// All steps.
    public var total: Int

    /// A count.
    public init(done: Int = 0, total: Int = 0) {
        self.done = done
        self.total = total
    }

    /// `3/5 steps`, or nil when the item has no steps.
    public var label: String? { total == 0 ? nil : "\(done)/\(total) steps" }

    /// Counts the steps of a markdown text; checkboxes inside fenced code blocks are ignored.
    public static func of(_ markdown: String) -> StepCount {
        var items: [(indent: Int, mark: TaskMark)] = []
        var fence: Substring?
        for rawLine in markdown.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let line = rawLine.drop(while: { $0 == " " || $0 == "\t" })
            if let f = fence {
                if line.hasPrefix(f) { fence = nil }
                continue
            }
            if line.hasPrefix("```") || line.hasPrefix("~~~") { fence = line.prefix(3); continue }
            guard let mark = TaskMark.of(line) else { continue }
            let indent = rawLine.prefix(while: { $0 == " " || $0 == "\t" }).reduce(0) { $0 + ($1 == "\t" ? 4 : 1) }
            items.append((indent, mark))
        }
        var count = StepCount()
        for (i, item) in items.enumerated() {
            let isGroup = i + 1 < items.count && items[i + 1].indent > item.indent
            guard !isGroup else { continue }
            count.total += 1
            if item.mark == .done { count.done += 1 }
        }
        return count
    }
}

extension TaskTally {
    /// Counts study items by status; snippets without a status (plain notes) are not items and are skipped.
    public init(statuses: some Sequence<StudyStatus?>) {
        self.init()
        for s in statuses {
            switch s {
            case .done?: done += 1
            case .partial?: partial += 1
            case .todo?: todo += 1
            case nil: break
            }
        }
    }
}
