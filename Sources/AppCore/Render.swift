import TUI

/// The pure renderer: `render(state, theme)` draws the whole screen into a `Frame`.
public enum Render {
    /// Draws the app.
    public static func render(_ s: AppState, theme: Theme) -> Frame {
        var f = Frame(width: s.width, height: s.height, style: theme.style("ui.background"))
        if s.isTooSmall {
            tooSmall(s, into: &f, theme: theme)
            return f
        }
        let layout = Layout.of(s)
        navigator(s, into: &f, rect: layout.navigator, theme: theme)
        tabs(s, layout: layout, into: &f, theme: theme)
        for (pane, rect) in layout.panes {
            let focused = s.focus == pane
            f.vline(x: rect.x, y: rect.y, height: rect.height, style: theme.style(focused ? "ui.border.focus" : "ui.border", over: "ui.background"))
            let content = Layout.contentRect(of: rect, leftBorder: true)
            switch pane {
            case .editor:
                let split = Layout.runSplit(s, content: content)
                editor(s, into: &f, rect: rect, content: split.editor, theme: theme, focused: focused && !s.runHasKeys)
                if let out = split.output, let run = s.run { runOutput(run, s, into: &f, rect: out, theme: theme, focused: focused && s.runHasKeys) }
            case .ask:
                title("Ask", right: s.ask.isBusy ? "answering…" : nil, into: &f, rect: rect, theme: theme, focused: focused)
                askPane(s, into: &f, rect: content, theme: theme, focused: focused)
            case .review:
                title("Review", right: nil, into: &f, rect: rect, theme: theme, focused: focused)
                ReviewPane.render(s.review, now: s.now, keymap: s.keymap, into: &f, rect: content, theme: theme)
            case .navigator: break
            }
        }
        status(s, into: &f, rect: layout.status, theme: theme)
        if let o = s.overlay { overlay(o, s, into: &f, theme: theme) }
        return f
    }

    static func tooSmall(_ s: AppState, into f: inout Frame, theme: Theme) {
        let lines = ["Terminal too small", "\(s.width)×\(s.height) — need at least \(AppState.minimumWidth)×\(AppState.minimumHeight)", "Enlarge the window, or Ctrl-Q to quit"]
        let style = theme.style("ui.text.focus", over: "ui.background")
        let top = max(0, (s.height - lines.count) / 2)
        for (i, l) in lines.enumerated() {
            let w = TextWidth.of(l)
            f.put(l, x: max(0, (s.width - w) / 2), y: top + i, style: i == 0 ? style : theme.style("ui.text", over: "ui.background"))
        }
    }

    /// A pane's title row.
    static func title(_ text: String, right: String?, into f: inout Frame, rect: Rect, theme: Theme, focused: Bool) {
        let style = theme.style(focused ? "ui.title.focus" : "ui.title", over: "ui.background")
        let dim = theme.style("ui.text.dim", over: "ui.background")
        var maxX = rect.maxX
        if let right { maxX = f.putRight(right + " ", maxX: rect.maxX, y: rect.y, style: dim, minX: rect.x + 2) - 1 }
        f.put(" " + text, x: rect.x + 1, y: rect.y, style: style, maxX: maxX)
    }

    static func tabs(_ s: AppState, layout: Layout, into f: inout Frame, theme: Theme) {
        let r = layout.tabs
        f.fill(r, style: theme.style("ui.tabs"))
        var x = r.x + 1
        let shown = Set(layout.panes.map(\.0))
        for (pane, label, cmd) in [(Focus.editor, "Editor", "pane.editor"), (.ask, "Ask", "pane.ask"), (.review, "Review", "pane.review")] {
            // The key shown is one that works where the user is: not a plain digit while a text box has the keys,
            // nor one the focused pane takes for itself (1-3 grade cards in Review).
            let key = paneKey(s, cmd)?.description ?? ""
            let active = s.focus == pane || (s.focus == .navigator && shown.contains(pane))
            let style = theme.style(active ? "ui.tabs.active" : "ui.tabs")
            x = f.put(" \(label) \(key.isEmpty ? "" : "(\(key))") ", x: x, y: r.y, style: style, maxX: r.maxX)
            x += 1
        }
        if let e = s.editor {
            let dirty = e.isDirty ? " ●" : ""
            f.putRight("\(e.doc.title)\(dirty) ", maxX: r.maxX, y: r.y, style: theme.style("ui.tabs"), minX: x + 1)
        }
    }

    static func status(_ s: AppState, into f: inout Frame, rect r: Rect, theme: Theme) {
        let base = theme.style("ui.statusline")
        f.fill(r, style: base)
        let key = theme.style("ui.statusline.key")
        var x = r.x + 1
        func field(_ name: String, _ value: String) {
            x = f.put("\(name) ", x: x, y: r.y, style: base, maxX: r.maxX)
            x = f.put(value, x: x, y: r.y, style: key, maxX: r.maxX)
            x = f.put("  ", x: x, y: r.y, style: base, maxX: r.maxX)
        }
        field("db", s.status.database)
        field("model", s.model.description)
        let due: String
        switch (s.status.dueCount, s.status.nextDue) {
        case (nil, _): due = "–"
        case (0?, let n?): due = "0 (next \(n))"
        case (let c?, _): due = "\(c)"
        }
        field("due", due)
        // A message (what the user just did, an error) must be read whole: while one shows, the index field is short.
        if let index = s.status.index { field("index", index.text(short: s.status.message != nil)) }
        let running = s.jobs.runningCount
        if running > 0 { field("jobs", "\(running) running") }
        if let e = s.editor, s.focus == .editor {
            let lc = e.editor.cursorLineColumn
            var mode = ""
            if s.keymap.modal { mode = e.normalMode ? (e.selecting ? "VISUAL " : "NORMAL ") : "INSERT " }
            x = f.put("\(mode)\(lc.line):\(lc.column)  ", x: x, y: r.y, style: base, maxX: r.maxX)
        }
        if let m = s.status.message {
            f.put(m.text, x: x, y: r.y, style: theme.style(m.isError ? "ui.statusline.error" : "ui.statusline.message"), maxX: r.maxX)
        } else {
            // Show keys that work here: while typing, not the one-letter ones; under a view that takes every key
            // (jobs, history…), none — the view shows its own.
            let hint = [("pane.next", "next pane"), ("app.help", "help"), ("app.palette", "commands")]
                .compactMap { command, what in paneKey(s, command).map { "\($0.description) \(what)" } }
                .joined(separator: "  ")
            if !hint.isEmpty { f.putRight(hint + " ", maxX: r.maxX, y: r.y, style: base, minX: x) }
        }
    }

    /// The first key that runs a global command where the user is: a key the focused context does not take for
    /// itself, and not a plain printable key while a text box has the keyboard. Prefers short names (`f3`, `alt-2`).
    static func paneKey(_ s: AppState, _ command: String) -> KeyEvent? {
        let keys = s.keymap.keys(for: command, in: ["global"])
        return keys.first { k in
            if s.typesText && k.typedCharacter != nil { return false }
            return App.command(for: k, in: s)?.name == command
        }
    }
}

extension Render {
    /// Draws lines centred in a rectangle (the first line in `first` style).
    static func drawCentered(_ lines: [String], into frame: inout Frame, rect: Rect, style: Style, first: Style) {
        let top = rect.y + max(0, (rect.height - lines.count) / 2)
        for (i, line) in lines.enumerated() where top + i < rect.maxY {
            let w = TextWidth.of(line)
            frame.put(line, x: rect.x + max(0, (rect.width - w) / 2), y: top + i, style: i == 0 ? first : style, maxX: rect.maxX)
        }
    }
}
