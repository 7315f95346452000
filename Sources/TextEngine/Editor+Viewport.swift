/// One cell run of a drawn row: safe text, its width and what colours it.
public struct DisplayCell: Hashable, Sendable {
    /// Text safe to write to a terminal (controls in caret notation, tabs as spaces).
    public var text: String
    /// Columns it occupies.
    public var width: Int
    /// Screen column within the viewport row where it starts.
    public var column: Int
    /// UTF-8 offset of the cluster in its line.
    public var offset: Int
    /// Syntax colour, if any.
    public var token: TokenKind?
    /// Whether it lies in the selection.
    public var isSelected: Bool
    /// Whether it lies in a match of the current search.
    public var isMatch: Bool
}

/// One row of the viewport, ready to draw.
public struct DisplayRow: Hashable, Sendable {
    /// The logical line it belongs to.
    public var line: Int
    /// The wrapped row index within the line (0 for the first row).
    public var rowInLine: Int
    /// Whether the line continues on the next row (a soft wrap, where the app may draw a marker).
    public var continues: Bool
    /// Whether the selection covers this row's line break (draw one selected cell after the text).
    public var selectsLineBreak: Bool
    /// The cells, left to right.
    public var cells: [DisplayCell]
}

extension Editor {
    /// Sets the viewport size; soft wrap uses `width - 1` columns so an end-of-line cursor always fits.
    public mutating func setViewport(width: Int, height: Int) {
        viewport = Viewport(width: max(width, 3), height: max(height, 1))
        scrollToCursor()
    }

    /// Number of visual rows of a line.
    func rowCount(ofLine line: Int) -> Int { softWrap ? rows(ofLine: line).count : 1 }

    /// Moves a view row by `delta` rows (clamped to the document) and says how many rows it really moved.
    func advance(_ start: ViewTop, by delta: Int) -> (top: ViewTop, moved: Int) {
        var current = start
        var moved = 0
        if delta < 0 {
            while moved < -delta {
                if current.row > 0 {
                    current.row -= 1
                } else if current.line > 0 {
                    current.line -= 1
                    current.row = rowCount(ofLine: current.line) - 1
                } else { break }
                moved += 1
            }
        } else {
            var count = rowCount(ofLine: current.line)
            while moved < delta {
                if current.row + 1 < count {
                    current.row += 1
                } else if current.line + 1 < document.lineCount {
                    current.line += 1
                    current.row = 0
                    count = rowCount(ofLine: current.line)
                } else { break }
                moved += 1
            }
        }
        return (current, moved)
    }

    /// Scrolls the least needed to keep the cursor visible with `scrollOff` rows of context. O(viewport).
    mutating func scrollToCursor() {
        cacheRows(forLine: min(cursor.line, document.lineCount - 1))
        let height = viewport.height
        if top.line >= document.lineCount { top = ViewTop(line: document.lineCount - 1, row: 0) }
        top.row = min(top.row, rowCount(ofLine: top.line) - 1)
        let margin = min(scrollOff, (height - 1) / 2)
        let cursorRow = viewRow(of: cursor)
        let highest = advance(cursorRow, by: -margin).top
        if highest < top {
            top = highest
        } else {
            let below = advance(cursorRow, by: margin).moved
            let lowest = advance(cursorRow, by: -(height - 1 - below)).top
            if top < lowest { top = lowest }
        }
        if !softWrap {
            let column = visualColumn(of: cursor)
            if column < leftColumn { leftColumn = column }
            if column >= leftColumn + viewport.width { leftColumn = column - viewport.width + 1 }
        } else {
            leftColumn = 0
        }
        refreshSyntax(upTo: min(document.lineCount - 1, top.line + height))
    }

    /// Scrolls the view by rows (mouse wheel); the cursor moves only to stay inside the view.
    mutating func scroll(by delta: Int) {
        history.seal()
        let last = ViewTop(line: document.lineCount - 1, row: rowCount(ofLine: document.lineCount - 1) - 1)
        let highestTop = advance(last, by: -(viewport.height - 1)).top
        top = min(advance(top, by: delta).top, max(highestTop, ViewTop(line: 0, row: 0)))
        let cursorRow = viewRow(of: cursor)
        let bottom = advance(top, by: viewport.height - 1).top
        if cursorRow < top {
            selection = Selection(caret: position(atViewportRow: 0, column: visualColumn(of: cursor)))
        } else if bottom < cursorRow {
            selection = Selection(caret: position(atViewportRow: viewport.height - 1, column: visualColumn(of: cursor)))
        }
        refreshSyntax(upTo: min(document.lineCount - 1, top.line + viewport.height))
    }

    /// The document position under a viewport cell (clicks land on the nearest grapheme boundary).
    public func position(atViewportRow row: Int, column: Int) -> TextPosition {
        let place = advance(top, by: max(row, 0)).top
        let lineRows = softWrap ? rows(ofLine: place.line) : [VisualRow(start: 0, end: document.length(ofLine: place.line), width: 0)]
        let index = min(place.row, lineRows.count - 1)
        let offset = SoftWrap.offset(atColumn: max(column, 0) + leftColumn, in: lineRows[index], line: document.lines[place.line],
                                     tabWidth: tabWidth, width: wrapWidth, allowEnd: index == lineRows.count - 1)
        return TextPosition(line: place.line, offset: offset)
    }

    /// Where to put the terminal cursor: viewport row and column, or nil when the cursor is scrolled away.
    public var cursorOnScreen: (row: Int, column: Int)? {
        let cursorRow = viewRow(of: cursor)
        guard top <= cursorRow else { return nil }
        var probe = top
        var row = 0
        while probe < cursorRow {
            let step = advance(probe, by: 1)
            if step.moved == 0 || row >= viewport.height { return nil }
            probe = step.top
            row += 1
        }
        guard row < viewport.height else { return nil }
        let column = visualColumn(of: cursor) - leftColumn
        guard column >= 0 && column < viewport.width else { return nil }
        return (row, column)
    }

    /// The rows to draw for the current viewport, at most `viewport.height`. Costs O(visible text).
    public func visibleRows() -> [DisplayRow] {
        var out: [DisplayRow] = []
        var line = top.line
        var skip = top.row
        var state = syntaxState(atLine: line)
        let selected = selection.range
        while out.count < viewport.height && line < document.lineCount {
            let text = document.lines[line]
            let (spans, next) = SyntaxHighlighter.highlight(line: text, language: language, state: state)
            let matches = searchMatches(inLine: line)
            let lineRows = softWrap ? rows(ofLine: line) : [VisualRow(start: 0, end: text.utf8.count, width: 0)]
            for (index, row) in lineRows.enumerated() where index >= skip && out.count < viewport.height {
                let isLast = index == lineRows.count - 1
                var cells = cells(line: line, text: text, row: row, spans: spans, matches: matches, selected: selected)
                if !softWrap { cells = clip(cells) }
                let breakSelected = isLast && line + 1 < document.lineCount
                    && selected.lower <= TextPosition(line: line, offset: text.utf8.count)
                    && TextPosition(line: line + 1, offset: 0) <= selected.upper
                out.append(DisplayRow(line: line, rowInLine: index, continues: !isLast, selectsLineBreak: breakSelected, cells: cells))
            }
            skip = 0
            state = next
            line += 1
        }
        return out
    }

    /// Builds the cells of one visual row.
    func cells(line: Int, text: String, row: VisualRow, spans: [TokenSpan], matches: [Range<Int>], selected: TextRange) -> [DisplayCell] {
        var cells: [DisplayCell] = []
        cells.reserveCapacity(row.end - row.start)
        var spanIndex = 0
        func token(at offset: Int) -> TokenKind? {
            while spanIndex < spans.count && spans[spanIndex].range.upperBound <= offset { spanIndex += 1 }
            return spanIndex < spans.count && spans[spanIndex].range.contains(offset) ? spans[spanIndex].kind : nil
        }
        if SoftWrap.isPrintableASCII(text, row: row) {
            // Fast path: one byte, one cluster, one column.
            var column = 0
            for offset in row.start..<row.end {
                let byte = text.utf8[text.utf8.index(text.utf8.startIndex, offsetBy: offset)]
                let position = TextPosition(line: line, offset: offset)
                cells.append(DisplayCell(text: String(UnicodeScalar(byte)), width: 1, column: column, offset: offset, token: token(at: offset),
                                         isSelected: selected.lower <= position && position < selected.upper,
                                         isMatch: matches.contains { $0.contains(offset) }))
                column += 1
            }
            return cells
        }
        var index = TextDocument.index(in: text, offset: row.start)
        let end = TextDocument.index(in: text, offset: row.end)
        var column = 0
        while index < end {
            let cluster = text[index]
            let offset = TextDocument.offset(in: text, of: index)
            let position = TextPosition(line: line, offset: offset)
            let form = DisplayWidth.visibleForm(of: cluster)
            let width: Int
            if cluster == "\t" {
                width = SoftWrap.width(of: cluster, atColumn: column, tabWidth: tabWidth, limit: wrapWidth)
            } else {
                width = wrapWidth.map { min(form.width, max($0, 2)) } ?? form.width
            }
            var visible = cluster == "\t" ? String(repeating: " ", count: width) : form.text
            if visible.count > width && visible.allSatisfy(\.isASCII) { visible = String(visible.prefix(width - 1)) + "\u{2026}" }
            cells.append(DisplayCell(text: visible, width: width, column: column, offset: offset, token: token(at: offset),
                                     isSelected: selected.lower <= position && position < selected.upper,
                                     isMatch: matches.contains { $0.contains(offset) }))
            column += width
            index = text.index(after: index)
        }
        return cells
    }

    /// Cuts cells to the horizontal window when not wrapping (a wide cell cut in half becomes spaces).
    func clip(_ cells: [DisplayCell]) -> [DisplayCell] {
        let right = leftColumn + viewport.width
        var out: [DisplayCell] = []
        for var cell in cells {
            let start = cell.column
            let end = cell.column + cell.width
            if end <= leftColumn || start >= right { continue }
            if start < leftColumn || end > right {
                let visibleWidth = min(end, right) - max(start, leftColumn)
                cell.text = String(repeating: " ", count: visibleWidth)
                cell.width = visibleWidth
            }
            cell.column = max(start, leftColumn) - leftColumn
            out.append(cell)
        }
        return out
    }
}
