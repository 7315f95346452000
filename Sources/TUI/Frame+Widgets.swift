/// Small drawing helpers shared by panes and overlays.
extension Frame {
    /// Draws a single-line box around a rectangle, filling it, with an optional title in the top edge.
    public mutating func box(_ r: Rect, style: Style, borderStyle: Style, title: String? = nil) {
        guard r.width >= 2, r.height >= 2 else { return }
        fill(r, style: style)
        for x in (r.x + 1)..<(r.maxX - 1) {
            set(x: x, y: r.y, Cell("─", style: borderStyle))
            set(x: x, y: r.maxY - 1, Cell("─", style: borderStyle))
        }
        for y in (r.y + 1)..<(r.maxY - 1) {
            set(x: r.x, y: y, Cell("│", style: borderStyle))
            set(x: r.maxX - 1, y: y, Cell("│", style: borderStyle))
        }
        set(x: r.x, y: r.y, Cell("┌", style: borderStyle))
        set(x: r.maxX - 1, y: r.y, Cell("┐", style: borderStyle))
        set(x: r.x, y: r.maxY - 1, Cell("└", style: borderStyle))
        set(x: r.maxX - 1, y: r.maxY - 1, Cell("┘", style: borderStyle))
        if let title, r.width > 6 {
            put(" \(title) ", x: r.x + 2, y: r.y, style: borderStyle.adding(.bold), maxX: r.maxX - 2)
        }
    }

    /// Draws a vertical line.
    public mutating func vline(x: Int, y: Int, height: Int, style: Style) {
        for yy in y..<(y + max(0, height)) { set(x: x, y: yy, Cell("│", style: style)) }
    }

    /// Draws text right-aligned so it ends at `maxX`; returns its start column.
    @discardableResult
    public mutating func putRight(_ text: String, maxX: Int, y: Int, style: Style, minX: Int = 0) -> Int {
        let w = TextWidth.of(text)
        let x = max(minX, maxX - w)
        put(text, x: x, y: y, style: style, maxX: maxX)
        return x
    }

    /// Draws text with spans bracketed by `open`/`close` marker characters in `highlight` style.
    public mutating func putMarked(_ text: String, x: Int, y: Int, style: Style, highlight: Style, open: Character, close: Character, maxX: Int) {
        var cx = x
        var current = style
        var run = ""
        for ch in text {
            if ch == open || ch == close {
                cx = put(run, x: cx, y: y, style: current, maxX: maxX)
                run = ""
                current = ch == open ? highlight : style
            } else {
                run.append(ch == "\n" || ch == "\t" ? " " : ch)
            }
        }
        put(run, x: cx, y: y, style: current, maxX: maxX)
    }
}
