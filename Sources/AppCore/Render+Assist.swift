import Grounding
import Notebook
import TUI

extension Render {
    /// The assistant's side view on the right of the screen (the editor stays visible on the left): the reply as it
    /// streams, then the proposal as a diff against the current text (Tab: the reply), with the keys to accept or reject.
    static func assistView(_ o: AssistOverlay, _ s: AppState, into f: inout Frame, theme: Theme) {
        let menu = theme.style("ui.menu"), dim = theme.style("ui.menu.dim")
        let width = min(s.width, max(50, s.width * 3 / 5))
        let r = Rect(x: s.width - width, y: 1, width: width, height: max(3, s.height - 2))
        let scope = o.subject.isSelection ? "the selection of “\(o.subject.title)”" : "“\(o.subject.title)”"
        f.box(r, style: menu, borderStyle: theme.style("ui.menu.border"), title: "Assistant — \(o.action.title) \(scope)")
        f.cursor = nil
        let rows = App.assistDiffRows(o)
        var status: String
        var statusStyle = theme.style("ui.menu.highlight")
        var hints: [(String, String)] = [("jobs.open", "jobs"), ("assist.reject", "stop")]
        switch o.phase {
        case .running:
            status = o.reply.isEmpty ? "waiting for the model…" : "writing… \(o.reply.count) characters"
        case .finished(let p, let model):
            switch p.change {
            case .none:
                status = "\(model) · to read, changes nothing"
                hints = [("assist.accept", "close")]
            case .replaceBody, .newSnippet:
                let added = rows.filter { if case .line(let l) = $0 { return l.kind == .added }; return false }.count
                let removed = rows.filter { if case .line(let l) = $0 { return l.kind == .removed }; return false }.count
                if case .newSnippet(let title, _, _, _) = p.change { status = "new snippet “\(title)” · +\(added) lines · \(model)" } else {
                    status = rows.isEmpty ? "no change · \(model)" : "+\(added) −\(removed) lines · \(model)"
                }
                hints = [("assist.accept", "accept"), ("assist.reject", "reject"), ("assist.toggle", o.pane == .diff ? "reply" : "diff")]
                if o.action == .tests, o.subject.kind == .code { hints.insert(("assist.run-tests", "run tests"), at: 0) }
                switch o.tests {
                case .running?: status = "running the tests… · " + status
                case .ran(let run)?:
                    status = (run.passed ? "tests passed" : "tests failed") + " (\(run.summary)) · " + status
                    if !run.passed { statusStyle = theme.style("ui.statusline.error") }
                case .failed(let why)?:
                    status = "tests could not run: \(why)"
                    statusStyle = theme.style("ui.statusline.error")
                case nil: break
                }
            }
        case .failed(let why):
            status = "failed: \(why)"
            statusStyle = theme.style("ui.statusline.error")
            hints = [("assist.reject", "close")]
        case .cancelled:
            status = "stopped — nothing was written"
            hints = [("assist.reject", "close")]
        }
        let hintText = hints.compactMap { c, what in
            s.keymap.keys(for: c, in: [CommandContext.assist.rawValue]).first.map { "\($0.description) \(what)" }
        }.joined(separator: " · ")
        f.putRight(" " + hintText + " ", maxX: r.maxX - 1, y: r.maxY - 1, style: dim, minX: r.x + 2)
        f.put(TerminalText.sanitize(status, .line), x: r.x + 2, y: r.y + 1, style: statusStyle, maxX: r.maxX - 2)
        let inner = Rect(x: r.x + 1, y: r.y + 2, width: max(0, r.width - 2), height: max(0, r.height - 3))
        if o.proposal != nil, o.pane == .diff, !rows.isEmpty {
            diffRows(rows, scroll: o.scroll, rect: inner, into: &f, theme: theme)
            return
        }
        var text = o.reply
        if o.pane == .tests {
            switch o.tests {
            case .running?: text = "Running the snippet with the generated tests…"
            case .ran(let run)?: text = run.output.isEmpty ? "(no output) — \(run.summary)" : run.output
            case .failed(let why)?: text = why
            case nil: break
            }
        }
        let lines = wrapped(text, width: max(1, inner.width - 2))
        let running = o.phase == .running
        let top = running ? max(0, lines.count - inner.height) : min(o.scroll, max(0, lines.count - inner.height))
        for (n, line) in lines.dropFirst(top).prefix(inner.height).enumerated() {
            f.put(line, x: inner.x + 1, y: inner.y + n, style: menu, maxX: inner.maxX - 1)
        }
    }

    /// Text cut into rows of at most `width` cells (tabs as spaces, control characters shown, never obeyed).
    static func wrapped(_ text: String, width: Int) -> [String] {
        var out: [String] = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = TerminalText.sanitize(raw.replacingOccurrences(of: "\t", with: "    "), .line)
            var current = "", used = 0
            for ch in line {
                let w = TextWidth.of(String(ch))
                if used + w > width, !current.isEmpty {
                    out.append(current)
                    current = ""
                    used = 0
                }
                current.append(ch)
                used += w
            }
            out.append(current)
        }
        return out
    }
}
