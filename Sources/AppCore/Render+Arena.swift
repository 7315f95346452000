import TUI

/// Drawing the A/B arena: the question, then the two answers side by side, each with its name (hidden in a blind
/// round until the vote), phase and figures, and the vote line.
extension Render {
    /// Draws the arena round into `rect` (the pane between the header and the question box).
    static func arenaView(_ arena: ArenaView, into f: inout Frame, rect: Rect, theme: Theme) {
        guard rect.height > 3, rect.width > 20 else { return }
        let dim = theme.style("ui.text.dim", over: "ui.background")
        let label = theme.style("ui.ask.label", over: "ui.background")
        let text = theme.style("ui.text", over: "ui.background")
        let footer = theme.style("ui.ask.footer", over: "ui.background")
        f.put("Arena: " + arena.question.replacingOccurrences(of: "\n", with: " "), x: rect.x + 1, y: rect.y,
              style: theme.style("ui.ask.question", over: "ui.background"), maxX: rect.maxX)
        var status: String
        if let failure = arena.failure { status = failure == "stopped" ? "stopped" : "failed: \(failure)" } else if !arena.finished {
            status = arena.sources.map { "\(sourcesText($0)), the same for both — answering…" } ?? "finding sources…"
        } else if let vote = arena.vote {
            status = "voted " + (vote == .tie ? "tie" : vote.rawValue.uppercased())
        } else if arena.roundId != nil {
            status = "vote: a, b or t (tie)"
        } else {
            status = "not saved for a vote: \(arena.notSaved ?? "")"
        }
        if let n = arena.sources, arena.finished { status = sourcesText(n) + " · " + status }
        f.put(status, x: rect.x + 1, y: rect.y + 1, style: dim, maxX: rect.maxX)
        let top = rect.y + 3
        let height = rect.maxY - top
        guard height > 2 else { return }
        let colWidth = (rect.width - 3) / 2
        for (i, slot) in ArenaSlot.allCases.enumerated() {
            let side = arena[slot]
            let x = rect.x + 1 + i * (colWidth + 1)
            var title = slot.rawValue.uppercased()
            if arena.namesShown, let info = side.info { title += " · " + info.label }
            switch side.phase {
            case .retrieving: title += " — waiting"
            case .streaming: title += " — answering…"
            case .stopped: title += " — stopped"
            case .failed(let m): title += " — failed: \(m)"
            case .done: break
            }
            f.put(title, x: x, y: top, style: label, maxX: x + colWidth)
            let figureLines = side.figures.map { wrapPlain($0.text, width: colWidth) } ?? []
            let lines = wrapPlain(side.answer, width: colWidth)
            let room = height - 1 - figureLines.count
            // Keep the newest text in view while it streams.
            for (row, line) in lines.suffix(max(0, room)).enumerated() {
                f.put(line, x: x, y: top + 1 + row, style: text, maxX: x + colWidth)
            }
            for (row, line) in figureLines.enumerated() {
                f.put(line, x: x, y: rect.maxY - figureLines.count + row, style: footer, maxX: x + colWidth)
            }
            if i == 0 {
                for y in top..<rect.maxY { f.put("│", x: x + colWidth, y: y, style: dim, maxX: x + colWidth + 1) }
            }
        }
    }

    /// "1 source", "3 sources".
    static func sourcesText(_ n: Int) -> String { n == 1 ? "1 source" : "\(n) sources" }

    /// Plain text as display lines of at most `width` columns, broken at spaces where possible.
    static func wrapPlain(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var out: [String] = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var w = 0
            for word in raw.split(separator: " ", omittingEmptySubsequences: false) {
                let ww = TextWidth.of(String(word))
                if w > 0 && w + 1 + ww > width {
                    out.append(line)
                    line = ""
                    w = 0
                }
                if w > 0 { line += " "; w += 1 }
                for ch in word {
                    let cw = TextWidth.of(ch)
                    if w + cw > width { out.append(line); line = ""; w = 0 }
                    line.append(ch)
                    w += cw
                }
            }
            out.append(line)
        }
        return out
    }
}
