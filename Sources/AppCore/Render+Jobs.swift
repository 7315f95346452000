import Notebook
import TUI

extension Render {
    /// The jobs view: each job on two rows (kind, title, progress bar, elapsed time, state; then its last message).
    static func jobsView(_ o: JobsOverlay, _ s: AppState, into f: inout Frame, rect full: Rect, theme: Theme) {
        let menu = theme.style("ui.menu"), dim = theme.style("ui.menu.dim")
        let jobs = s.jobs.listed
        let r = full.centered(width: min(100, s.width - 4), height: min(full.height - 2, max(7, jobs.count * 2 + 4)))
        let running = s.jobs.runningCount
        f.box(r, style: menu, borderStyle: theme.style("ui.menu.border"), title: running > 0 ? "Jobs — \(running) running" : "Jobs")
        f.cursor = nil
        let cancel = s.keymap.keys(for: "jobs.cancel", in: [CommandContext.jobs.rawValue]).first?.description ?? "c"
        let closeKeys = s.keymap.keys(for: "list.close", in: [CommandContext.jobs.rawValue])
        let close = (closeKeys.first { $0.description == "esc" } ?? closeKeys.first)?.description ?? "esc"
        f.putRight("\(cancel) cancel  \(close) close ", maxX: r.maxX - 1, y: r.maxY - 1, style: dim, minX: r.x + 2)
        let body = Rect(x: r.x + 1, y: r.y + 1, width: r.width - 2, height: r.height - 3)
        if jobs.isEmpty {
            f.put("No background jobs. Embedding, snippet runs, installs, card generation and assistant actions show here.",
                  x: body.x + 1, y: body.y, style: dim, maxX: body.maxX - 1)
            return
        }
        let visible = max(1, body.height / 2)
        let selectedIndex = o.selected.flatMap { id in jobs.firstIndex { $0.id == id } } ?? 0
        let first = max(0, selectedIndex - visible + 1)
        for (n, i) in (first..<min(jobs.count, first + visible)).enumerated() {
            let job = jobs[i], y = body.y + n * 2
            let selected = i == selectedIndex
            let row = selected ? theme.style("ui.menu.selected") : menu
            f.fill(Rect(x: body.x, y: y, width: body.width, height: 1), style: row)
            var right = App.formatElapsed(job.elapsed(now: s.now)) + "  " + stateLabel(job)
            if let p = job.progress, job.state.isRunning { right = bar(p.fraction) + " " + p.description + "  " + right }
            let rightX = f.putRight(right + " ", maxX: body.maxX, y: y, style: row, minX: body.x + 1)
            let x = f.put(" \(job.kind.label) ", x: body.x, y: y, style: row.adding(.bold), maxX: rightX - 1)
            f.put(job.title, x: x + 1, y: y, style: row, maxX: rightX - 1)
            if let message = job.message {
                let style: Style
                if case .failed = job.state { style = theme.style("ui.statusline.error") } else { style = dim }
                f.put(TerminalText.sanitize(message, .line), x: body.x + 3, y: y + 1, style: style, maxX: body.maxX - 1)
            }
        }
    }

    /// `running`, `cancelling…`, `done`, `failed`, `cancelled`.
    static func stateLabel(_ job: Job) -> String {
        switch job.state {
        case .running: return job.cancelRequested ? "cancelling…" : "running"
        case .finished: return "done"
        case .failed: return "failed"
        case .cancelled: return "cancelled"
        }
    }

    /// A ten-cell progress bar.
    static func bar(_ fraction: Double) -> String {
        let filled = Int((fraction * 10).rounded(.down))
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: 10 - filled) + "]"
    }
}
