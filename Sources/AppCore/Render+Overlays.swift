import TUI

extension Render {
    static func overlay(_ o: Overlay, _ s: AppState, into f: inout Frame, theme: Theme) {
        let menu = theme.style("ui.menu")
        let border = theme.style("ui.menu.border")
        let full = Rect(x: 0, y: 0, width: s.width, height: s.height - 1)
        switch o {
        case .prompt(let p):
            let r = full.centered(width: min(70, s.width - 4), height: 3)
            f.box(r, style: menu, borderStyle: border, title: p.title)
            let cx = p.input.draw(into: &f, x: r.x + 2, y: r.y + 1, width: r.width - 4, style: menu)
            f.cursor = CursorPosition(x: cx, y: r.y + 1)

        case .confirm(let c):
            let w = min(max(40, TextWidth.of(c.question) + 6), s.width - 4)
            let r = full.centered(width: w, height: 3)
            f.box(r, style: menu, borderStyle: border, title: "Confirm")
            f.put(c.question, x: r.x + 2, y: r.y + 1, style: menu, maxX: r.maxX - 2)
            f.cursor = nil

        case .picker(let p):
            let items = p.filtered
            let r = full.centered(width: min(70, s.width - 4), height: min(full.height - 2, items.count + 4))
            f.box(r, style: menu, borderStyle: border, title: p.title)
            let cx = p.input.draw(into: &f, x: r.x + 2, y: r.y + 1, width: r.width - 4, style: menu)
            list(count: items.count, selected: p.selected, rect: Rect(x: r.x + 1, y: r.y + 2, width: r.width - 2, height: r.height - 3), into: &f, theme: theme) { (f: inout Frame, i: Int, y: Int, style: Style) in
                f.put(items[i].label, x: r.x + 2, y: y, style: style, maxX: r.maxX - 2)
            }
            f.cursor = CursorPosition(x: cx, y: r.y + 1)

        case .palette(let p):
            let entries = App.paletteEntries(s, filter: p.input.text)
            let r = full.centered(width: min(80, s.width - 4), height: min(full.height - 2, max(6, entries.count + 4)))
            f.box(r, style: menu, borderStyle: border, title: "Commands")
            f.put(":", x: r.x + 2, y: r.y + 1, style: theme.style("ui.menu.key"))
            let cx = p.input.draw(into: &f, x: r.x + 4, y: r.y + 1, width: r.width - 6, style: menu)
            list(count: entries.count, selected: p.selected, rect: Rect(x: r.x + 1, y: r.y + 2, width: r.width - 2, height: r.height - 3), into: &f, theme: theme) { (f: inout Frame, i: Int, y: Int, style: Style) in
                let keys = entries[i].keys.prefix(2).map(\.description).joined(separator: " ")
                let keyX = f.putRight(keys + " ", maxX: r.maxX - 1, y: y, style: style == menu ? theme.style("ui.menu.key") : style, minX: r.x + 2)
                f.put(entries[i].command.title, x: r.x + 2, y: y, style: style, maxX: keyX - 1)
            }
            if entries.isEmpty { f.put("No command matches", x: r.x + 2, y: r.y + 2, style: theme.style("ui.menu.dim")) }
            f.cursor = CursorPosition(x: cx, y: r.y + 1)

        case .help(let h):
            let lines = helpLines(s)
            let r = full.centered(width: min(90, s.width - 4), height: full.height - 2)
            f.box(r, style: menu, borderStyle: border, title: "Keys — \(s.keymap.name) keymap (esc closes)")
            let inner = r.height - 2
            let top = min(h.scroll, max(0, lines.count - inner))
            for (i, line) in lines.dropFirst(top).prefix(inner).enumerated() {
                let y = r.y + 1 + i
                if line.key.isEmpty {
                    f.put(line.title, x: r.x + 2, y: y, style: theme.style("ui.menu.highlight"), maxX: r.maxX - 2)
                } else {
                    f.put(line.key, x: r.x + 3, y: y, style: theme.style("ui.menu.key"), maxX: r.x + 20)
                    f.put(line.title, x: r.x + 21, y: y, style: menu, maxX: r.maxX - 2)
                }
            }
            f.cursor = nil

        case .history(let h): history(h, s, full: full, into: &f, theme: theme)

        case .search(let o):
            let r = full.centered(width: min(110, s.width - 4), height: full.height - 2)
            f.box(r, style: menu, borderStyle: border, title: "Search all snippets")
            f.put("/", x: r.x + 2, y: r.y + 1, style: theme.style("ui.menu.key"))
            let cx = o.input.draw(into: &f, x: r.x + 4, y: r.y + 1, width: r.width - 44, style: menu)
            let count = o.error != nil ? "error" : o.pending ? "searching…" : o.input.text.isEmpty ? "" : "\(o.hits.count) hits"
            let info = "\(o.used ?? o.ranking.rawValue) · \(count)"
            f.putRight(info + " ", maxX: r.maxX - 1, y: r.y + 1, style: theme.style("ui.menu.dim"), minX: r.maxX - 40)
            let listRect = Rect(x: r.x + 1, y: r.y + 2, width: r.width - 2, height: r.height - 3)
            if let err = o.error {
                f.put(err, x: r.x + 2, y: listRect.y, style: theme.style("ui.statusline.error"), maxX: r.maxX - 2)
            } else if o.hits.isEmpty && !o.input.text.isEmpty && !o.pending {
                f.put("No snippet matches “\(o.input.text)”", x: r.x + 2, y: listRect.y, style: theme.style("ui.menu.dim"), maxX: r.maxX - 2)
            }
            let perHit = 2
            let visible = max(1, listRect.height / perHit)
            let first = max(0, o.selected - visible + 1)
            for (n, i) in (first..<min(o.hits.count, first + visible)).enumerated() {
                let hit = o.hits[i]
                let y = listRect.y + n * perHit
                let sel = i == o.selected
                let st = sel ? theme.style("ui.menu.selected") : menu
                f.fill(Rect(x: listRect.x, y: y, width: listRect.width, height: 1), style: st)
                let tx = f.put(hit.title, x: r.x + 2, y: y, style: st.adding(.bold), maxX: r.maxX - 2)
                f.put("  " + hit.location, x: tx, y: y, style: sel ? st : theme.style("ui.menu.dim"), maxX: r.maxX - 2)
                f.putMarked(hit.excerpt, x: r.x + 4, y: y + 1, style: menu, highlight: theme.style("ui.menu.highlight"),
                            open: SearchResult.markStart, close: SearchResult.markEnd, maxX: r.maxX - 2)
            }
            f.cursor = CursorPosition(x: cx, y: r.y + 1)

        case .jobs(let o):
            jobsView(o, s, into: &f, rect: full, theme: theme)

        case .proposals(let o):
            proposalsView(o, s, into: &f, rect: full, theme: theme)

        case .progress(let o):
            progressView(o, s, into: &f, rect: full, theme: theme)

        case .report(let o): report(o, s, full: full, into: &f, theme: theme)

        case .assist(let o):
            assistView(o, s, into: &f, theme: theme)
        }
    }

    /// One line of the help overlay: a key and what it does, or a heading (empty key).
    public struct HelpLine: Equatable, Sendable {
        /// Key name, empty for a heading.
        public var key: String
        /// Command title or heading text.
        public var title: String
    }

    /// The help text, generated from the keymap (the same table that dispatches keys) and the command table's
    /// titles, one section per context.
    public static func helpLines(_ s: AppState) -> [HelpLine] {
        var out: [HelpLine] = []
        let rank = Dictionary(Commands.all.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        for name in s.keymap.contextOrder where name != CommandContext.help.rawValue {
            let b = s.keymap.bindings(in: name)
            guard !b.isEmpty else { continue }
            out.append(HelpLine(key: "", title: CommandContext(rawValue: name)?.heading ?? name))
            var keys: [String: [String]] = [:]
            for x in b { keys[x.command, default: []].append(x.key.description) }
            for (cmd, ks) in keys.sorted(by: { (rank[$0.key] ?? Int.max, $0.key) < (rank[$1.key] ?? Int.max, $1.key) }) {
                out.append(HelpLine(key: ks.sorted { $0.count < $1.count }.joined(separator: " "), title: Commands.named(cmd)?.title ?? cmd))
            }
        }
        return out
    }

    /// Draws a scrolling list with the selected row highlighted.
    static func list(count: Int, selected: Int, rect: Rect, into f: inout Frame, theme: Theme, row: (inout Frame, Int, Int, Style) -> Void) {
        guard rect.height > 0, count > 0 else { return }
        let first = max(0, selected - rect.height + 1)
        for (n, i) in (first..<min(count, first + rect.height)).enumerated() {
            let y = rect.y + n
            let st = i == selected ? theme.style("ui.menu.selected") : theme.style("ui.menu")
            f.fill(Rect(x: rect.x, y: y, width: rect.width, height: 1), style: st)
            row(&f, i, y, st)
        }
    }
}
