import TextDiff
import TUI

extension Render {
    /// The history view: the revision list, or the diff it opened, in a box over the panes.
    static func history(_ h: HistoryOverlay, _ s: AppState, full: Rect, into f: inout Frame, theme: Theme) {
        let menu = theme.style("ui.menu")
        let dim = theme.style("ui.menu.dim")
        let r = full.centered(width: min(120, s.width - 2), height: max(3, full.height - 1))
        let inner = Rect(x: r.x + 1, y: r.y + 2, width: r.width - 2, height: max(0, r.height - 3))
        f.cursor = nil
        if let d = h.diff {
            let rows = d.rows
            let diff = rows.reduce(into: (added: 0, removed: 0)) { n, row in
                if case .line(let l) = row { if l.kind == .added { n.added += 1 } else if l.kind == .removed { n.removed += 1 } }
            }
            f.box(r, style: menu, borderStyle: theme.style("ui.menu.border"), title: "Diff \(d.from.label) → \(d.to.label) — \(h.title)")
            let summary = rows.isEmpty ? "no difference" : "+\(diff.added) −\(diff.removed) lines"
            let x = f.put(summary, x: r.x + 2, y: r.y + 1, style: theme.style("ui.menu.highlight"), maxX: r.maxX - 2)
            f.put("   " + hints(s, [("list.up", "scroll"), ("history.restore", "restore \(d.to.label)"), ("list.close", "back")]),
                  x: x, y: r.y + 1, style: dim, maxX: r.maxX - 2)
            diffRows(rows, scroll: d.scroll, rect: inner, into: &f, theme: theme)
            return
        }
        f.box(r, style: menu, borderStyle: theme.style("ui.menu.border"), title: "History — \(h.title)")
        f.put(hints(s, [("list.accept", "diff"), ("history.mark", "mark"), ("history.diff-current", "diff with current"),
                        ("history.restore", "restore"), ("list.close", "close")]),
              x: r.x + 2, y: r.y + 1, style: dim, maxX: r.maxX - 2)
        guard let revs = h.revisions else {
            f.put("Loading revisions…", x: r.x + 2, y: inner.y, style: dim, maxX: r.maxX - 2)
            return
        }
        if revs.isEmpty { f.put("No revisions yet", x: r.x + 2, y: inner.y, style: dim, maxX: r.maxX - 2) }
        list(count: revs.count, selected: h.selected, rect: inner, into: &f, theme: theme) { (f: inout Frame, i: Int, y: Int, style: Style) in
            let e = revs[i]
            let mark = h.mark == e.id ? "● " : "  "
            let change = h.sizeChange(at: i).map { $0 >= 0 ? "+\($0) B" : "−\(-$0) B" } ?? "new"
            let first = h.changedLine(at: i)
            let cols = [mark + "#\(e.id)", e.when, e.origin.rawValue, change]
            var x = r.x + 2
            for (c, w) in zip(cols, [9, 18, 10, 10]) {
                f.put(c, x: x, y: y, style: style, maxX: min(r.maxX - 2, x + w - 1))
                x += w
            }
            f.put(first, x: x, y: y, style: style == menu ? dim : style, maxX: r.maxX - 2)
        }
    }

    /// Draws diff rows from `scroll`: hunk headers, then lines marked ` `, `-`, `+`, with changed words stressed.
    public static func diffRows(_ rows: [DiffRow], scroll: Int, rect: Rect, into f: inout Frame, theme: Theme) {
        guard rect.height > 0 else { return }
        let top = min(max(0, scroll), max(0, rows.count - rect.height))
        for (n, row) in rows.dropFirst(top).prefix(rect.height).enumerated() {
            let y = rect.y + n
            switch row {
            case .hunk(let header):
                f.fill(Rect(x: rect.x, y: y, width: rect.width, height: 1), style: theme.style("ui.diff.hunk", over: "ui.menu"))
                f.put(header, x: rect.x + 1, y: y, style: theme.style("ui.diff.hunk", over: "ui.menu"), maxX: rect.maxX)
            case .line(let l):
                let (sign, scope) = l.kind == .added ? ("+", "ui.diff.added") : l.kind == .removed ? ("-", "ui.diff.removed") : (" ", "ui.diff.context")
                let base = theme.style(scope, over: "ui.menu")
                f.fill(Rect(x: rect.x, y: y, width: rect.width, height: 1), style: base)
                var x = f.put(sign, x: rect.x + 1, y: y, style: base, maxX: rect.maxX)
                x += 1
                if let segs = l.segments {
                    let word = theme.style(scope + ".word", over: "ui.menu")
                    for seg in segs { x = f.put(seg.text, x: x, y: y, style: seg.changed ? word : base, maxX: rect.maxX) }
                } else {
                    f.put(l.text, x: x, y: y, style: base, maxX: rect.maxX)
                }
            }
        }
    }

    /// "enter diff · space mark · …" from the history keymap, so the hints show the keys that really work.
    private static func hints(_ s: AppState, _ items: [(command: String, what: String)]) -> String {
        items.compactMap { c, what in
            s.keymap.keys(for: c, in: [CommandContext.history.rawValue]).first.map { "\($0.description) \(what)" }
        }.joined(separator: " · ")
    }
}
