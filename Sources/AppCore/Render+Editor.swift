import TUI
import TextEngine

extension Render {
    static func editor(_ s: AppState, into f: inout Frame, rect: Rect, content: Rect, theme: Theme, focused: Bool) {
        guard let pane = s.editor else {
            title("Editor", right: nil, into: &f, rect: rect, theme: theme, focused: focused)
            Render.drawCentered(["No snippet open", "", "Pick one in the navigator and press Enter,", "or press n there to create one."],
                                 into: &f, rect: content, style: theme.style("ui.empty", over: "ui.background"),
                                 first: theme.style("ui.text.focus", over: "ui.background"))
            return
        }
        let e = pane.editor
        let lc = e.cursorLineColumn
        let kind = pane.doc.kind == .code ? (pane.doc.language ?? "code") : "markdown"
        title(pane.doc.title + (pane.isDirty ? " ●" : ""), right: "\(kind)  \(lc.line):\(lc.column)", into: &f, rect: rect, theme: theme, focused: focused)
        let gutter = pane.gutterWidth
        let textX = content.x + gutter
        let base = theme.style("ui.background")
        let text = base.patched(with: theme.style("ui.text"))
        let selStyle = theme.style("ui.editor.selection")
        let matchStyle = theme.style("ui.editor.match")
        let lineNr = theme.style("ui.editor.linenr", over: "ui.background")
        let lineNrCur = theme.style("ui.editor.linenr.current", over: "ui.background")
        var tokenStyles: [TokenKind: Style] = [:]
        for k in TokenKind.allCases { tokenStyles[k] = text.patched(with: theme.style("syntax.\(k.rawValue)")) }
        let rows = e.visibleRows()
        for (i, row) in rows.enumerated() {
            let y = content.y + i
            guard y < content.maxY else { break }
            if gutter > 0 && row.rowInLine == 0 {
                let n = String(row.line + 1)
                f.putRight(n + " ", maxX: content.x + gutter, y: y, style: row.line == e.cursor.line ? lineNrCur : lineNr, minX: content.x)
            }
            var lastX = textX
            for cell in row.cells {
                var st = cell.token.flatMap { tokenStyles[$0] } ?? text
                if cell.isMatch { st = st.patched(with: matchStyle) }
                if cell.isSelected { st = st.patched(with: selStyle) }
                let x = textX + cell.column
                guard x < content.maxX else { break }
                f.put(cell.text, x: x, y: y, style: st, maxX: min(content.maxX, x + cell.width))
                lastX = x + cell.width
            }
            if row.selectsLineBreak, lastX < content.maxX { f.set(x: lastX, y: y, Cell(" ", style: text.patched(with: selStyle))) }
            if row.continues { f.set(x: content.maxX - 1, y: y, Cell("↩", style: theme.style("ui.editor.wrap", over: "ui.background"))) }
        }
        if focused && s.overlay == nil, let c = e.cursorOnScreen {
            f.cursor = CursorPosition(x: textX + c.column, y: content.y + c.row)
        }
    }
}
