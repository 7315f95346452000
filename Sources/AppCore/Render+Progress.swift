import Notebook
import TUI

extension Render {
    /// The progress view: the summary line, then each project and notebook with a bar, and their items with a status
    /// mark (○ ◐ ✓), their sub-steps ("3/5 steps") and cards; done items can be folded.
    static func progressView(_ o: ProgressOverlay, _ s: AppState, into f: inout Frame, rect full: Rect, theme: Theme) {
        let menu = theme.style("ui.menu"), dim = theme.style("ui.menu.dim")
        let r = full.centered(width: min(100, s.width - 4), height: max(6, full.height - 2))
        f.box(r, style: menu, borderStyle: theme.style("ui.menu.border"), title: "Progress")
        f.cursor = nil
        let ctx = [CommandContext.progress.rawValue]
        func key(_ name: String, _ fallback: String) -> String { s.keymap.keys(for: name, in: ctx).first?.description ?? fallback }
        let closeKeys = s.keymap.keys(for: "list.close", in: ctx)
        let close = (closeKeys.first { $0.description == "esc" } ?? closeKeys.first)?.description ?? "esc"
        let hint = "\(key("progress.status", "s")) status  \(key("progress.fold-done", "z")) \(o.foldDone ? "show" : "fold") done  "
            + "\(key("list.accept", "enter")) open  \(close) close "
        f.putRight(hint, maxX: r.maxX - 1, y: r.maxY - 1, style: dim, minX: r.x + 2)
        let body = Rect(x: r.x + 1, y: r.y + 1, width: r.width - 2, height: r.height - 3)
        guard let projects = o.projects else {
            f.put("Loading…", x: body.x + 1, y: body.y, style: dim, maxX: body.maxX - 1)
            return
        }
        let total = o.tally
        guard total.total > 0 else {
            let k = s.keymap.keys(for: "nav.status", in: [CommandContext.navigator.rawValue]).first?.description ?? "s"
            f.put("No study items yet — select a snippet in the navigator and press \(k) (todo → partial → done).",
                  x: body.x + 1, y: body.y, style: dim, maxX: body.maxX - 1)
            return
        }
        f.put(total.summary, x: body.x + 1, y: body.y, style: menu.adding(.bold), maxX: body.maxX - 1)
        let rows = o.rows
        let listTop = body.y + 2, height = max(1, body.height - 2)
        let first = max(0, min(o.selected - height / 2, rows.count - height))
        for (n, i) in (first..<min(rows.count, first + height)).enumerated() {
            let y = listTop + n
            let selected = i == o.selected
            let row = selected ? theme.style("ui.menu.selected") : menu
            if selected {
                f.fill(Rect(x: body.x, y: y, width: body.width, height: 1), style: row)
                f.put("›", x: body.x, y: y, style: row.adding(.bold), maxX: body.x + 1)
            }
            switch rows[i] {
            case .project(let pi):
                let p = projects[pi], t = p.tally
                let right = "\(ProgressBar.render(t.fraction, width: 12))  \(t.summary) "
                let rx = f.putRight(right, maxX: body.maxX, y: y, style: row, minX: body.x + 2)
                f.put(" " + p.title, x: body.x + 1, y: y, style: row.adding(.bold), maxX: rx - 1)
            case .notebook(let pi, let ni):
                let nb = projects[pi].notebooks[ni], t = nb.tally
                let cover = "cards \(nb.snippetsWithCards)/\(nb.snippets)"
                let right = "\(ProgressBar.render(t.fraction, width: 8))  \(t.percent)%  \(cover) "
                let rx = f.putRight(right, maxX: body.maxX, y: y, style: selected ? row : dim, minX: body.x + 4)
                f.put("   " + nb.title, x: body.x + 1, y: y, style: row, maxX: rx - 1)
            case .item(let item):
                var extras: [String] = []
                if let steps = item.steps.label { extras.append(steps) }
                extras.append(item.cards == 1 ? "1 card" : "\(item.cards) cards")
                let rx = f.putRight(extras.joined(separator: " · ") + " ", maxX: body.maxX, y: y, style: selected ? row : dim, minX: body.x + 6)
                f.put("     \(item.status.mark) \(item.title)", x: body.x + 1, y: y, style: row, maxX: rx - 1)
            case .foldedDone(let count):
                f.put("     ✓ \(count) done item\(count == 1 ? "" : "s") folded", x: body.x + 1, y: y, style: selected ? row : dim, maxX: body.maxX - 1)
            }
        }
    }
}
