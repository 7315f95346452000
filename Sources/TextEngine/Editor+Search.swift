import Foundation

/// A search: a literal pattern and how letter case is compared.
public struct SearchQuery: Hashable, Sendable {
    /// How letter case is compared.
    public enum CaseMode: Hashable, Sendable {
        /// Case-insensitive.
        case insensitive
        /// Case-sensitive.
        case sensitive
        /// Case-sensitive only when the pattern has an uppercase letter.
        case smart
    }

    /// The literal text to find (one line; a pattern with a line break matches nothing).
    public var pattern: String
    /// How letter case is compared (smart by default).
    public var caseMode: CaseMode

    /// Creates a query.
    public init(_ pattern: String, caseMode: CaseMode = .smart) {
        self.pattern = pattern
        self.caseMode = caseMode
    }

    /// Whether this query compares case.
    public var isCaseSensitive: Bool {
        switch caseMode {
        case .sensitive: return true
        case .insensitive: return false
        case .smart: return pattern.contains { $0.isUppercase }
        }
    }

    /// The matches in one line, as UTF-8 offset ranges on grapheme boundaries, left to right, not overlapping.
    public func matches(in line: String) -> [Range<Int>] {
        guard !pattern.isEmpty, !pattern.utf8.contains(0x0A) else { return [] }
        var out: [Range<Int>] = []
        // Foundation may match inside a grapheme cluster (a lone combining mark, half a flag): keep only
        // matches that start and end on cluster boundaries.
        let boundaries: Set<Int>? = line.utf8.allSatisfy { $0 < 0x80 } ? nil
            : Set(line.indices.map { TextDocument.offset(in: line, of: $0) } + [line.utf8.count])
        var searchStart = line.startIndex
        let options: String.CompareOptions = isCaseSensitive ? [] : [.caseInsensitive]
        while searchStart < line.endIndex,
              let found = line.range(of: pattern, options: options, range: searchStart..<line.endIndex) {
            let lower = TextDocument.offset(in: line, of: found.lowerBound)
            let upper = TextDocument.offset(in: line, of: found.upperBound)
            if upper > lower && (boundaries.map { $0.contains(lower) && $0.contains(upper) } ?? true) {
                out.append(lower..<upper)
            }
            searchStart = found.upperBound > found.lowerBound ? found.upperBound : line.index(after: found.lowerBound)
        }
        return out
    }
}

extension Editor {
    /// The current search's matches in one line (for highlighting).
    func searchMatches(inLine line: Int) -> [Range<Int>] {
        search?.matches(in: document.lines[line]) ?? []
    }

    /// Selects the next (or previous) match from a position, wrapping around the document once.
    mutating func find(forward: Bool, from start: TextPosition, skipCurrent: Bool) -> EditorResult {
        guard let query = search, !query.pattern.isEmpty else { return EditorResult(message: "No search", search: .noQuery) }
        let count = document.lineCount
        var wrapped = false
        for step in 0...count {
            let raw = forward ? start.line + step : start.line - step
            wrapped = wrapped || raw >= count || raw < 0
            let line = ((raw % count) + count) % count
            let matches = query.matches(in: document.lines[line])
            let candidate: Range<Int>?
            if step == 0 {
                candidate = forward
                    ? matches.first { $0.lowerBound > start.offset || (!skipCurrent && $0.lowerBound == start.offset) }
                    : matches.last { $0.lowerBound < start.offset }
            } else {
                candidate = forward ? matches.first : matches.last
            }
            if let match = candidate {
                selection = Selection(anchor: TextPosition(line: line, offset: match.lowerBound),
                                      head: TextPosition(line: line, offset: match.upperBound))
                preferredColumn = nil
                return EditorResult(message: wrapped ? "Search wrapped" : nil, search: .found(wrapped: wrapped))
            }
        }
        return EditorResult(message: "No match for \(DisplayWidth.safeText(query.pattern))", search: .notFound)
    }

    /// Whether the selection is exactly one match of the current search.
    var selectionIsMatch: Bool {
        guard let query = search, !selection.isEmpty, selection.anchor.line == selection.head.line else { return false }
        let range = selection.range
        return query.matches(in: document.lines[range.lower.line]).contains(range.lower.offset..<range.upper.offset)
    }

    /// Replaces the selected match, then selects the next one.
    mutating func replaceCurrent(with replacement: String, now: Date) -> EditorResult {
        history.seal()
        guard selectionIsMatch else { return find(forward: true, from: cursor, skipCurrent: false) }
        let before = selection
        var edits: [Edit] = []
        let inserted = replace(selection.range, with: replacement, into: &edits)
        selection = Selection(caret: inserted.upper)
        let result = commit(edits, kind: .other, before: before, now: now)
        history.seal()
        let next = find(forward: true, from: inserted.upper, skipCurrent: false)
        return EditorResult(textChanged: result.textChanged, message: next.message, search: next.search)
    }

    /// Replaces every match in one undo step, last to first so earlier positions stay valid.
    mutating func replaceAll(with replacement: String, now: Date) -> EditorResult {
        history.seal()
        guard let query = search else { return EditorResult(message: "No search", search: .noQuery) }
        let before = selection
        var edits: [Edit] = []
        var total = 0
        for line in stride(from: document.lineCount - 1, through: 0, by: -1) {
            for match in query.matches(in: document.lines[line]).reversed() {
                replace(TextRange(TextPosition(line: line, offset: match.lowerBound), TextPosition(line: line, offset: match.upperBound)),
                        with: replacement, into: &edits)
                total += 1
            }
        }
        guard total > 0 else { return EditorResult(message: "No match for \(DisplayWidth.safeText(query.pattern))", search: .notFound) }
        selection = Selection(caret: document.clampRaw(before.head))
        let result = commit(edits, kind: .other, before: before, now: now)
        history.seal()
        return EditorResult(textChanged: result.textChanged, message: "Replaced \(total)", search: .replaced(total))
    }
}
