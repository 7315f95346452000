import TextEngine

/// One screen cell: a grapheme cluster, its width, and its style. Width 0 marks the right half of a wide cell.
public struct Cell: Hashable, Sendable {
    /// The grapheme drawn in this cell (a space for blank and continuation cells).
    public var char: Character
    /// 1 for a normal cell, 2 for the left half of a wide character, 0 for its right half.
    public var width: UInt8
    /// Colours and attributes.
    public var style: Style

    /// Creates a cell.
    public init(_ char: Character, width: UInt8 = 1, style: Style = .plain) {
        self.char = char
        self.width = width
        self.style = style
    }

    /// A blank cell in a style.
    public static func blank(_ style: Style = .plain) -> Cell { Cell(" ", width: 1, style: style) }

    /// True for the right half of a wide character.
    public var isContinuation: Bool { width == 0 }
}

/// Where the terminal cursor goes after a frame is drawn.
public struct CursorPosition: Hashable, Sendable {
    /// Column.
    public var x: Int
    /// Row.
    public var y: Int
    /// Creates a cursor position.
    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }
}

/// A full screen of cells produced by the pure renderer; the terminal backend diffs two of them.
public struct Frame: Equatable, Sendable {
    /// Columns.
    public let width: Int
    /// Rows.
    public let height: Int
    /// Row-major cells.
    public private(set) var cells: [Cell]
    /// The visible cursor, or nil to hide it.
    public var cursor: CursorPosition?

    /// Creates a frame filled with blank cells in `style`.
    public init(width: Int, height: Int, style: Style = .plain) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank(style), count: self.width * self.height)
    }

    /// The whole frame as a rectangle.
    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// The cell at a position (a blank cell outside the frame).
    public subscript(x: Int, y: Int) -> Cell {
        guard x >= 0, y >= 0, x < width, y < height else { return .blank() }
        return cells[y * width + x]
    }

    /// Sets a cell, repairing wide characters it partly overwrites.
    public mutating func set(x: Int, y: Int, _ cell: Cell) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let i = y * width + x
        if cells[i].isContinuation, x > 0 { cells[i - 1] = .blank(cells[i - 1].style) }
        if cells[i].width == 2, x + 1 < width, cell.width != 2 { cells[i + 1] = .blank(cells[i + 1].style) }
        if cell.width == 2 {
            guard x + 1 < width else { cells[i] = .blank(cell.style); return }
            if cells[i + 1].width == 2, x + 2 < width { cells[i + 2] = .blank(cells[i + 2].style) }
            cells[i] = cell
            cells[i + 1] = Cell(" ", width: 0, style: cell.style)
        } else {
            cells[i] = cell
        }
    }

    /// Fills a rectangle (clipped) with blank cells in a style.
    public mutating func fill(_ rect: Rect, style: Style, char: Character = " ") {
        let x0 = max(0, rect.x), x1 = min(width, rect.maxX)
        let y0 = max(0, rect.y), y1 = min(height, rect.maxY)
        guard x0 < x1, y0 < y1 else { return }
        if x0 > 0 {
            for y in y0..<y1 where cells[y * width + x0].isContinuation { cells[y * width + x0 - 1] = .blank(cells[y * width + x0 - 1].style) }
        }
        if x1 < width {
            for y in y0..<y1 where cells[y * width + x1].isContinuation { cells[y * width + x1] = .blank(cells[y * width + x1].style) }
        }
        let c = Cell(char, width: 1, style: style)
        for y in y0..<y1 {
            let base = y * width
            for x in x0..<x1 { cells[base + x] = c }
        }
    }

    /// Draws text from (x, y) clipped to `maxX` (default: frame width); returns the column after the last cell drawn.
    ///
    /// Control characters are replaced by visible symbols, so note text can never reach the terminal raw.
    @discardableResult
    public mutating func put<S: StringProtocol>(_ text: S, x: Int, y: Int, style: Style, maxX: Int? = nil) -> Int {
        guard y >= 0, y < height else { return x }
        let limit = min(maxX ?? width, width)
        var cx = x
        for raw in text {
            if cx >= limit { break }
            if let a = raw.asciiValue, a >= 0x20, a < 0x7F {
                if cx >= 0 { set(x: cx, y: y, Cell(raw, width: 1, style: style)) }
                cx += 1
                continue
            }
            // Anything else is drawn in its safe visible form: controls never reach the terminal.
            let safe = DisplayWidth.safeForm(of: raw)
            let parts: [Character] = safe == String(raw) ? [raw] : Array(safe)
            for ch in parts {
                let w = TextWidth.of(ch)
                if w <= 0 { continue }
                if cx + w > limit {
                    if cx >= 0 && cx < limit { set(x: cx, y: y, .blank(style)) }
                    cx = limit
                    break
                }
                if cx >= 0 { set(x: cx, y: y, Cell(ch, width: UInt8(min(w, 2)), style: style)) }
                cx += w
            }
        }
        return cx
    }

    /// The text of one row as a person sees it (continuation cells skipped), trailing spaces trimmed.
    public func line(_ y: Int) -> String {
        guard y >= 0, y < height else { return "" }
        var s = ""
        for x in 0..<width {
            let c = cells[y * width + x]
            if !c.isContinuation { s.append(c.char) }
        }
        while s.last == " " { s.removeLast() }
        return s
    }

    /// Every row as text: what a screen test asserts.
    public var lines: [String] { (0..<height).map(line) }

    /// The row-major cells of one row.
    public func row(_ y: Int) -> ArraySlice<Cell> { cells[(y * width)..<((y + 1) * width)] }
}
