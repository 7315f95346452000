import Foundation

extension Editor {
    /// Moves the current or selected lines up (`delta` -1) or down (+1) past their neighbour; one undo step.
    mutating func moveLines(by delta: Int, now: Date) -> EditorResult {
        history.seal()
        let lines = selectedLines
        if delta < 0 && lines.lowerBound == 0 { return EditorResult() }
        if delta > 0 && lines.upperBound + 1 >= document.lineCount { return EditorResult() }
        let before = selection
        let block = document.lines[lines].joined(separator: "\n")
        var edits: [Edit] = []
        if delta < 0 {
            let above = lines.lowerBound - 1
            let range = TextRange(TextPosition(line: above, offset: 0),
                                  TextPosition(line: lines.upperBound, offset: document.length(ofLine: lines.upperBound)))
            replace(range, with: block + "\n" + document.lines[above], into: &edits)
        } else {
            let below = lines.upperBound + 1
            let range = TextRange(TextPosition(line: lines.lowerBound, offset: 0),
                                  TextPosition(line: below, offset: document.length(ofLine: below)))
            replace(range, with: document.lines[below] + "\n" + block, into: &edits)
        }
        let step = delta < 0 ? -1 : 1
        selection = Selection(anchor: TextPosition(line: before.anchor.line + step, offset: before.anchor.offset),
                              head: TextPosition(line: before.head.line + step, offset: before.head.offset))
        let result = commit(edits, kind: .other, before: before, now: now)
        history.seal()
        return result
    }

    /// Duplicates the current or selected lines below themselves; the selection moves to the copy.
    mutating func duplicateLines(now: Date) -> EditorResult {
        history.seal()
        let lines = selectedLines
        let before = selection
        let block = document.lines[lines].joined(separator: "\n")
        var edits: [Edit] = []
        replace(TextRange(at: TextPosition(line: lines.upperBound, offset: document.length(ofLine: lines.upperBound))),
                with: "\n" + block, into: &edits)
        let shift = lines.count
        selection = Selection(anchor: TextPosition(line: before.anchor.line + shift, offset: before.anchor.offset),
                              head: TextPosition(line: before.head.line + shift, offset: before.head.offset))
        let result = commit(edits, kind: .other, before: before, now: now)
        history.seal()
        return result
    }

    /// The line comment marker of the language, if it has one.
    var lineCommentMarker: String? {
        switch language {
        case .python, .shell: return "#"
        case .swift, .javascript, .typescript: return "//"
        case .sql: return "--"
        case .markdown, .plain, .json: return nil
        }
    }

    /// Comments the current or selected lines, or uncomments them when every non-blank one is commented.
    mutating func toggleComment(now: Date) -> EditorResult {
        history.seal()
        guard let marker = lineCommentMarker else { return EditorResult(message: "No line comments in \(language.rawValue)") }
        let lines = selectedLines
        let nonBlank = lines.filter { !document.lines[$0].allSatisfy { $0 == " " || $0 == "\t" } }
        guard !nonBlank.isEmpty else { return EditorResult() }
        let commented = nonBlank.allSatisfy { document.lines[$0].dropFirst(document.firstNonBlank(ofLine: $0)).hasPrefix(marker) }
        let column = nonBlank.map { document.firstNonBlank(ofLine: $0) }.min() ?? 0
        let before = selection
        var anchor = selection.anchor
        var head = selection.head
        var edits: [Edit] = []
        for line in nonBlank {
            let start = commented ? document.firstNonBlank(ofLine: line) : column
            let text = document.lines[line]
            let removeCount: Int
            let insert: String
            if commented {
                let afterMarker = text.utf8.dropFirst(start + marker.utf8.count).first
                removeCount = marker.utf8.count + (afterMarker == 0x20 ? 1 : 0)
                insert = ""
            } else {
                removeCount = 0
                insert = marker + " "
            }
            replace(TextRange(TextPosition(line: line, offset: start), TextPosition(line: line, offset: start + removeCount)),
                    with: insert, into: &edits)
            let change = insert.utf8.count - removeCount
            for index in 0..<2 {
                var position = index == 0 ? anchor : head
                if position.line == line && position.offset >= start {
                    position.offset = max(start, position.offset + change)
                }
                if index == 0 { anchor = position } else { head = position }
            }
        }
        selection = Selection(anchor: anchor, head: head)
        let result = commit(edits, kind: .other, before: before, now: now)
        history.seal()
        return result
    }
}
