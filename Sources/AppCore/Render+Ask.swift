import Foundation
import Grounding
import TUI

/// Drawing the Ask pane: scope and model, the shown answer (streamed markdown with checked citations, labels,
/// sources and a footer), the question box and the keys that work there.
extension Render {
    /// Draws the Ask pane's content into `rect`.
    static func askPane(_ s: AppState, into f: inout Frame, rect: Rect, theme: Theme, focused: Bool) {
        guard rect.width > 8, rect.height > 4 else { return }
        let a = s.ask
        let dim = theme.style("ui.text.dim", over: "ui.background")
        // Top: what questions go to.
        let model = s.model.canGenerate ? s.model.description : "no model: extractive answers"
        f.put(" \(a.scope.label) · \(model)", x: rect.x, y: rect.y, style: dim, maxX: rect.maxX)
        // Bottom: hint, then the question box.
        let boxLines = askBoxLines(a.input.text, width: rect.width - 2)
        let boxHeight = min(5, max(1, boxLines.count))
        let hintY = rect.maxY - 1
        let boxTop = hintY - boxHeight
        f.put(askHint(s), x: rect.x + 1, y: hintY, style: dim, maxX: rect.maxX)
        let boxStyle = theme.style(a.inputFocused && focused ? "ui.ask.input" : "ui.menu", over: "ui.background")
        f.fill(Rect(x: rect.x, y: boxTop, width: rect.width, height: boxHeight), style: boxStyle)
        let shown = Array(boxLines.suffix(boxHeight))
        for (i, l) in shown.enumerated() {
            f.put(i == 0 && boxLines.count <= boxHeight ? "› " : "  ", x: rect.x, y: boxTop + i, style: boxStyle)
            f.put(l, x: rect.x + 2, y: boxTop + i, style: boxStyle, maxX: rect.maxX)
        }
        if a.input.text.isEmpty {
            let placeholder = a.thread.isEmpty ? "Ask a question about your notes…" : "Ask a follow-up (Ctrl-N starts over)…"
            f.put(placeholder, x: rect.x + 2, y: boxTop, style: theme.style("ui.empty", over: "ui.ask.input"), maxX: rect.maxX)
        }
        if a.inputFocused && focused {
            let lastWidth = TextWidth.of(shown.last ?? "")
            f.cursor = CursorPosition(x: min(rect.maxX - 1, rect.x + 2 + lastWidth), y: boxTop + shown.count - 1)
        }
        // Middle: the arena round, or the answer.
        if let arena = a.arena {
            arenaView(arena, into: &f, rect: Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: max(0, boxTop - rect.y - 1)), theme: theme)
            return
        }
        guard let (view, lines, top) = askAnswerView(s, content: rect) else {
            askEmpty(s, into: &f, rect: Rect(x: rect.x, y: rect.y + 2, width: rect.width, height: max(0, boxTop - rect.y - 3)), theme: theme)
            return
        }
        for (i, line) in lines.dropFirst(top).prefix(view.height).enumerated() {
            var x = view.x + 1
            for c in line {
                var st = theme.style(c.style, over: "ui.background")
                if c.selected { st = theme.style("ui.ask.citation.selected", over: "ui.background") }
                x = f.put(String(c.ch), x: x, y: view.y + i, style: st, maxX: view.maxX)
            }
        }
        if lines.count > view.height {
            let pct = lines.count <= view.height ? 100 : min(100, (top + view.height) * 100 / lines.count)
            f.putRight("\(pct)% ", maxX: rect.maxX, y: rect.y, style: dim, minX: rect.x)
        }
    }

    /// Where the answer is drawn in the pane's content `rect`, its display lines, and the first line shown: following
    /// the stream keeps the newest answer text in view (sources follow below); a selected citation is kept in view.
    static func askAnswerView(_ s: AppState, content rect: Rect) -> (Rect, [[AskCell]], Int)? {
        guard let turn = s.ask.current else { return nil }
        let boxHeight = min(5, max(1, askBoxLines(s.ask.input.text, width: rect.width - 2).count))
        let boxTop = rect.maxY - 1 - boxHeight
        let view = Rect(x: rect.x, y: rect.y + 2, width: rect.width, height: max(0, boxTop - rect.y - 3))
        let (lines, answerEnd) = askLines(turn, selected: s.ask.selectedCitation, width: view.width - 1, now: s.now)
        var top = s.ask.followTail ? max(0, min(answerEnd + 2, lines.count) - view.height) : min(s.ask.scroll, max(0, lines.count - view.height))
        if s.ask.selectedCitation != nil, let row = lines.firstIndex(where: { $0.contains { $0.selected } }) {
            if row < top { top = row } else if row >= top + view.height { top = row - view.height + 1 }
        }
        return (view, lines, top)
    }

    /// The question box's text as display lines (hard breaks kept, long lines cut to the width).
    static func askBoxLines(_ text: String, width: Int) -> [String] {
        var out: [String] = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var w = 0
            for ch in raw {
                let cw = TextWidth.of(ch)
                if w + cw > width { out.append(line); line = ""; w = 0 }
                line.append(ch)
                w += cw
            }
            out.append(line)
        }
        return out.isEmpty ? [""] : out
    }

    /// The keys that work where the user is in the pane (from the keymap).
    static func askHint(_ s: AppState) -> String {
        // Keys that work here: while the box has the keyboard, not the printable ones (they type).
        func key(_ name: String) -> String {
            let keys = s.keymap.keys(for: name, in: ["ask", "global"])
            return (keys.first { !s.typesText || $0.typedCharacter == nil } ?? keys.first)?.description ?? "(unbound)"
        }
        if s.ask.isBusy { return "\(key("ask.stop")) stop" }
        if let arena = s.ask.arena, !s.ask.inputFocused {
            if arena.finished && arena.vote == nil && arena.roundId != nil { return "a / b / t vote (A, B, tie) · esc back to the thread" }
            return "esc back to the thread · \(key("ask.arena")) ask again"
        }
        if !s.ask.inputFocused {
            let all = { (name: String) in s.keymap.keys(for: name, in: ["ask"]).map(\.description).joined(separator: "/") }
            return "\(all("ask.next-citation")) next · \(all("ask.previous-citation")) previous · enter open · esc question box · \(key("pane.back")) back from a source"
        }
        var parts = ["enter ask", "\(key("ask.newline")) new line"]
        if let t = s.ask.current, t.phase == .done || t.phase == .stopped, !askCitationStopsEmpty(t) { parts.append("\(key("ask.next-citation")) citations") }
        if s.ask.current?.mode == .nothingFound { parts.append("\(key("ask.anyway")) answer anyway") }
        parts.append("\(key("ask.scope")) scope")
        parts.append("\(key("ask.arena")) arena")
        parts.append("\(key("ask.history")) history")
        return parts.joined(separator: " · ")
    }

    /// True when the answer has no citation mark.
    static func askCitationStopsEmpty(_ t: AskTurn) -> Bool { CitationParser.marks(in: t.answer).isEmpty }

    /// The pane before the first question.
    static func askEmpty(_ s: AppState, into f: inout Frame, rect: Rect, theme: Theme) {
        var lines = ["Ask answers questions from your notes,", "citing the snippets it used."]
        if let advice = s.model.advice {
            lines += ["", "No model: answers are extractive (the passages", "that best match, each with its citation).", advice]
        } else if case .loading = s.model {
            lines += ["", "Checking the model server…"]
        } else {
            lines += ["", "Model: \(s.model.description)"]
        }
        let style = theme.style("ui.empty", over: "ui.background")
        drawCentered(lines, into: &f, rect: Rect(x: rect.x + 1, y: rect.y, width: max(0, rect.width - 2), height: rect.height), style: style, first: style)
    }

    /// One display cell of the answer view.
    struct AskCell {
        var ch: Character
        var style: String
        var mark: Int?
        var selected: Bool
    }

    /// The shown turn as display lines: the question, the answer, labels, sources and the footer; and the index of
    /// the line after the answer (what following the stream keeps in view).
    /// How long a question has waited for its first word, once that is long enough to notice (a large prompt on
    /// a slow machine can take a minute): " 12 s · Esc stops"; "" in the first two seconds or for a reopened turn.
    static func waited(_ turn: AskTurn, _ now: Date) -> String {
        guard let asked = turn.askedAt else { return "" }
        let seconds = Int(now.timeIntervalSince(asked))
        return seconds < 2 ? "" : " \(seconds) s · Esc stops"
    }

    static func askLines(_ turn: AskTurn, selected: Int?, width: Int, now: Date) -> ([[AskCell]], Int) {
        guard width > 8 else { return ([], 0) }
        var out: [[AskCell]] = []
        // A cell's `mark` is the citation stop it shows (for scrolling to the selected one).
        func text(_ t: String, _ style: String, indent: Int = 0) {
            let cells = t.map { AnswerCell(ch: $0, style: style, mark: nil) }
            for l in AnswerLayout.wrap(cells, width: width, indent: indent) { out.append(l.map { AskCell(ch: $0.ch, style: $0.style, mark: nil, selected: false) }) }
        }
        text("Q: " + turn.question.replacingOccurrences(of: "\n", with: " "), "ui.ask.question", indent: 3)
        out.append([])
        let sent = Set(turn.sources.map(\.n))
        // Stops: one per cited number; the selected stop's mark is highlighted.
        let marks = CitationParser.marks(in: turn.answer)
        var stopMark: [Int] = []
        for (i, m) in marks.enumerated() { for _ in m.numbers { stopMark.append(i) } }
        let selectedMark = selected.flatMap { stopMark.indices.contains($0) ? stopMark[$0] : nil }
        let weak = Set(turn.citations.filter(\.weak).map(\.n))
        func style(_ i: Int) -> String {
            let nums = marks[i].numbers
            if nums.contains(where: { !sent.contains($0) }) && turn.mode != .nothingFound { return "ui.ask.citation.unverified" }
            if turn.phase == .done, nums.contains(where: weak.contains) { return "ui.ask.citation.weak" }
            return "ui.ask.citation"
        }
        switch turn.mode {
        case .extractive?: text("Extractive answer — no model was used: the passages that best match your question.", "ui.ask.label")
        case .nothingFound?:
            text("Nothing in your notes about “\(turn.question)”.", "ui.ask.label")
            if !turn.closest.isEmpty { text("Closest: " + turn.closest.joined(separator: " · "), "ui.ask.source", indent: 9) }
            text("The model was not asked; alt-a answers anyway.", "ui.text.dim")
        default: break
        }
        if turn.mode == .extractive { out.append([]) }
        let selectedStop = selected
        var stopIndexOfMark: [Int: Int] = [:]
        var k = 0
        for (i, m) in marks.enumerated() { stopIndexOfMark[i] = k; k += m.numbers.count }
        for l in AnswerLayout.lines(turn.answer, width: width, marks: marks, markStyle: style) {
            out.append(l.map { c in
                let sel = c.mark != nil && c.mark == selectedMark
                return AskCell(ch: c.ch, style: c.style, mark: sel ? selectedStop : c.mark.flatMap { stopIndexOfMark[$0] }, selected: sel)
            })
        }
        let answerEnd = out.count
        switch turn.phase {
        case .retrieving: text("Finding sources…" + waited(turn, now), "ui.text.dim")
        case .streaming where turn.answer.isEmpty:
            text(turn.mode == .generated ? "Waiting for the model…" + waited(turn, now) : "…", "ui.text.dim")
        case .stopped: text("■ stopped — the answer above is partial", "ui.ask.label")
        case .failed(let m): text("✗ " + m, "ui.ask.citation.unverified")
        default: break
        }
        if turn.phase == .done || turn.phase == .stopped, turn.mode == .generated {
            let unverified = marks.flatMap(\.numbers).filter { !sent.contains($0) }
            if !turn.grounded && !turn.answer.isEmpty { text("not grounded in your notes — no citation points at a source that was sent", "ui.ask.label") }
            if !unverified.isEmpty {
                let list = Array(Set(unverified)).sorted().map { "[\($0)]" }.joined(separator: " ")
                text("unverified: \(list) — not among the sources sent", "ui.ask.citation.unverified")
            }
            if !weak.isEmpty { text("weak: " + weak.sorted().map { "[\($0)]" }.joined(separator: " ") + " — the citing sentence shares no word with its source", "ui.ask.citation.weak") }
        }
        if !turn.sources.isEmpty {
            out.append([])
            text("Sources", "ui.title")
            let cited = Set(marks.flatMap(\.numbers))
            for src in turn.sources {
                text("[\(src.n)] \(src.notebook) ▸ \(src.title)", cited.contains(src.n) ? "ui.ask.citation" : "ui.text", indent: 4)
                let excerpt = src.excerpt.split(whereSeparator: \.isNewline).joined(separator: " ")
                let short = excerpt.count > 160 ? String(excerpt.prefix(157)) + "…" : excerpt
                text("    " + short, "ui.ask.source", indent: 4)
            }
        }
        if let footer = turn.footer {
            out.append([])
            text(footer.text, "ui.ask.footer")
        }
        return (out, answerEnd)
    }
}
