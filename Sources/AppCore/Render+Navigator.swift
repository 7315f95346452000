import Notebook
import TUI

extension Render {
    static func navigator(_ s: AppState, into f: inout Frame, rect r: Rect, theme: Theme) {
        let focused = s.focus == .navigator && s.overlay == nil
        let nav = s.navigator
        let head = theme.style(focused ? "ui.title.focus" : "ui.title", over: "ui.background")
        f.put(" Notebooks", x: r.x, y: r.y, style: head, maxX: r.maxX)
        f.putRight("\(nav.outline.snippetCount) ", maxX: r.maxX, y: r.y, style: theme.style("ui.navigator.count", over: "ui.background"), minX: r.x + 11)
        let listTop = r.y + 1, height = r.height - 1
        if nav.rows.isEmpty {
            let key = s.keymap.keys(for: "nav.new-project", in: ["navigator"]).first?.description ?? "P"
            f.put(" No projects yet —", x: r.x, y: listTop, style: theme.style("ui.empty", over: "ui.background"), maxX: r.maxX)
            f.put(" press \(key) to create one", x: r.x, y: listTop + 1, style: theme.style("ui.empty", over: "ui.background"), maxX: r.maxX)
            return
        }
        let end = min(nav.rows.count, nav.scroll + height)
        guard nav.scroll < end else { return }
        for i in nav.scroll..<end {
            let row = nav.rows[i]
            let y = listTop + i - nav.scroll
            let selected = i == nav.selected
            let scope: String
            let marker: String
            switch row.ref {
            case .project: scope = "ui.navigator.project"; marker = row.expanded ? "▾ " : "▸ "
            case .notebook: scope = "ui.navigator.notebook"; marker = row.expanded ? "▾ " : "▸ "
            case .snippet:
                scope = "ui.navigator.snippet"
                marker = row.status.map { $0.mark + " " } ?? (row.kind == .code ? "λ " : "· ")
            }
            var style = theme.style(scope, over: "ui.background")
            var countStyle = theme.style("ui.navigator.count", over: "ui.background")
            if selected {
                let sel = theme.style(focused ? "ui.selection.focus" : "ui.selection")
                style = style.patched(with: sel)
                style.fg = sel.fg == .default ? style.fg : sel.fg
                countStyle = countStyle.patched(with: sel)
                f.fill(Rect(x: r.x, y: y, width: r.width, height: 1), style: style)
            }
            let indent = String(repeating: "  ", count: row.depth)
            var countText = ""
            if let t = row.tally, t.total > 0 {
                countText = " \(t.percent)% \(ProgressBar.render(t.fraction, width: 4))"
            } else if let c = row.count {
                countText = " \(c)"
            }
            let countW = countText.count
            let x = f.put(" " + indent + marker, x: r.x, y: y, style: style, maxX: r.maxX)
            f.put(row.title, x: x, y: y, style: style, maxX: r.maxX - countW - 1)
            if countW > 0 { f.putRight(countText + " ", maxX: r.maxX, y: y, style: countStyle, minX: x) }
        }
    }
}
