extension Editor {
    /// The wrap width in use (one column is kept free for the cursor after a full row), or nil without wrap.
    public var wrapWidth: Int? { softWrap ? max(viewport.width - 1, 2) : nil }

    /// The visual rows of a line under the current wrap width (the cursor's long line comes from a cache).
    public func rows(ofLine line: Int) -> [VisualRow] {
        if let cache = rowsCache, cache.line == line, cache.stateID == history.stateID, cache.width == wrapWidth,
           cache.tabWidth == tabWidth {
            return cache.rows
        }
        return SoftWrap.rows(of: document.lines[line], width: wrapWidth, tabWidth: tabWidth)
    }

    /// Remembers the rows of a long line (the cursor's), so one keystroke wraps it once, not once per helper.
    /// The key includes the history state, which changes with every change of the text.
    mutating func cacheRows(forLine line: Int) {
        guard document.length(ofLine: line) > 2_000 else { return }
        if let cache = rowsCache, cache.line == line, cache.stateID == history.stateID, cache.width == wrapWidth,
           cache.tabWidth == tabWidth { return }
        rowsCache = nil
        rowsCache = RowsCache(line: line, stateID: history.stateID, width: wrapWidth, tabWidth: tabWidth, rows: rows(ofLine: line))
    }

    /// The index of the row holding an offset (a row's end offset belongs to the next row, except the last).
    static func rowIndex(of offset: Int, in rows: [VisualRow]) -> Int {
        for (index, row) in rows.enumerated() where offset < row.end || index == rows.count - 1 {
            if offset >= row.start { return index }
        }
        return rows.count - 1
    }

    /// The line and wrapped row of a position.
    func viewRow(of position: TextPosition) -> ViewTop {
        ViewTop(line: position.line, row: Editor.rowIndex(of: position.offset, in: rows(ofLine: position.line)))
    }

    /// The display column of a position within its visual row.
    func visualColumn(of position: TextPosition) -> Int {
        let rows = rows(ofLine: position.line)
        let row = rows[Editor.rowIndex(of: position.offset, in: rows)]
        return SoftWrap.column(of: position.offset, in: row, line: document.lines[position.line], tabWidth: tabWidth, width: wrapWidth)
    }

    /// Moves the cursor (or extends the selection) by a motion.
    mutating func move(_ motion: Motion, extend: Bool) {
        let target: TextPosition
        var vertical = false
        switch motion {
        case .left:
            target = !extend && !selection.isEmpty ? selection.range.lower : document.position(before: cursor)
        case .right:
            target = !extend && !selection.isEmpty ? selection.range.upper : document.position(after: cursor)
        case .up:
            target = verticalTarget(rows: -1)
            vertical = true
        case .down:
            target = verticalTarget(rows: 1)
            vertical = true
        case .pageUp(let count):
            target = verticalTarget(rows: -max(count, 1))
            vertical = true
        case .pageDown(let count):
            target = verticalTarget(rows: max(count, 1))
            vertical = true
        case .wordLeft:
            target = document.wordStart(before: cursor)
        case .wordRight:
            target = document.wordEnd(after: cursor)
        case .lineStart:
            let firstNonBlank = document.firstNonBlank(ofLine: cursor.line)
            target = TextPosition(line: cursor.line, offset: cursor.offset == firstNonBlank ? 0 : firstNonBlank)
        case .lineEnd:
            target = TextPosition(line: cursor.line, offset: document.length(ofLine: cursor.line))
        case .documentStart:
            target = .zero
        case .documentEnd:
            target = document.end
        }
        selection = extend ? Selection(anchor: selection.anchor, head: target) : Selection(caret: target)
        if !vertical { preferredColumn = nil }
    }

    /// The position `delta` visual rows away at the preferred column (document start/end at the edges).
    mutating func verticalTarget(rows delta: Int) -> TextPosition {
        var line = cursor.line
        var lineRows = rows(ofLine: line)
        var row = Editor.rowIndex(of: cursor.offset, in: lineRows)
        let column = preferredColumn
            ?? SoftWrap.column(of: cursor.offset, in: lineRows[row], line: document.lines[line], tabWidth: tabWidth, width: wrapWidth)
        preferredColumn = column
        var remaining = abs(delta)
        while remaining > 0 {
            if delta < 0 {
                if row > 0 {
                    row -= 1
                } else if line > 0 {
                    line -= 1
                    lineRows = rows(ofLine: line)
                    row = lineRows.count - 1
                } else {
                    return .zero
                }
            } else {
                if row + 1 < lineRows.count {
                    row += 1
                } else if line + 1 < document.lineCount {
                    line += 1
                    lineRows = rows(ofLine: line)
                    row = 0
                } else {
                    return document.end
                }
            }
            remaining -= 1
        }
        let offset = SoftWrap.offset(atColumn: column, in: lineRows[row], line: document.lines[line],
                                     tabWidth: tabWidth, width: wrapWidth, allowEnd: row == lineRows.count - 1)
        return TextPosition(line: line, offset: offset)
    }
}
