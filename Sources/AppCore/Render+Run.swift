import Execution
import Notebook
import TUI

extension Render {
    /// The output view under a code snippet: a title rule with the run's state and keys, preparation steps (dim),
    /// then the output — stdout in the text colour, stderr in `ui.run.stderr`, program colours on top.
    static func runOutput(_ r: RunView, _ s: AppState, into f: inout Frame, rect: Rect, theme: Theme, focused: Bool) {
        let base = theme.style("ui.background")
        f.fill(rect, style: base)
        let rule = theme.style(focused ? "ui.border.focus" : "ui.border", over: "ui.background")
        let titleStyle = theme.style(focused ? "ui.title.focus" : "ui.title", over: "ui.background")
        let dim = theme.style("ui.text.dim", over: "ui.background")
        for x in rect.x..<rect.maxX { f.set(x: x, y: rect.y, Cell("─", style: rule)) }
        var x = f.put(" Output ", x: rect.x + 1, y: rect.y, style: titleStyle, maxX: rect.maxX)
        let header = r.header(now: s.now)
        let errorEnd = r.failure != nil || (r.outcome?.killed.map { $0 != .cancelled } ?? false)
            || (r.outcome.map { $0.exitCode != 0 } ?? false)
        let headerStyle = errorEnd ? theme.style("ui.statusline.error", over: "ui.background") : dim
        x = f.put("· " + TerminalText.sanitize(header, .line) + " ", x: x, y: rect.y, style: headerStyle, maxX: rect.maxX)
        let hint = focused ? (r.running ? " Ctrl-C stop · Esc editor " : " F5 again · Esc close · Tab editor ")
                           : (r.running ? " running — F7 jobs " : "")
        if !hint.isEmpty { f.putRight(hint, maxX: rect.maxX, y: rect.y, style: dim, minX: x) }

        let body = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1)
        guard body.height > 0 else { return }
        let text = base.patched(with: theme.style("ui.text"))
        let stderrStyle = theme.style("ui.run.stderr", over: "ui.background")
        var rows: [[RunSegment]] = r.steps.map { [RunSegment(text: $0, stream: .stdout, style: .plain)] }
        let stepCount = rows.count
        rows += r.shownLines
        if rows.isEmpty && r.running { rows = [[RunSegment(text: "(no output yet)", stream: .stdout, style: .plain)]] }
        let end = max(0, rows.count - r.scrollBack)
        let start = max(0, end - body.height)
        for (i, line) in rows[start..<end].enumerated() {
            let y = body.y + i
            var cx = body.x + 1
            let isStep = start + i < stepCount
            for seg in line {
                let streamStyle = isStep ? dim : (seg.stream == .stderr ? stderrStyle : text)
                cx = f.put(seg.text, x: cx, y: y, style: streamStyle.patched(with: seg.style), maxX: body.maxX)
                if cx >= body.maxX { break }
            }
        }
        if r.scrollBack > 0 {
            f.putRight(" ↓ \(r.scrollBack) more ", maxX: body.maxX, y: body.maxY - 1, style: dim, minX: body.x)
        }
    }
}
