import Foundation
import SRS
import TUI

/// The Review pane's state: the due summary, and the study session once loaded.
public struct ReviewPaneState: Equatable, Sendable {
    /// Cards due now (nil until known).
    public var dueCount: Int?
    /// When the next card is due ("in 3 h").
    public var nextDue: String?
    /// The study session (nil until the pane is first shown and the cards are loaded).
    public var session: ReviewSession?
    /// Source snippet of each card in the session that has one (card id → snippet id).
    public var sources: [String: String] = [:]
    /// True while the session is being loaded.
    public var loading = false
    /// When the session was loaded (for the time shown in the summary).
    public var startedAt: Date?
    /// When the last answer was given (the summary's time stops there).
    public var lastAnswerAt: Date?
    /// The statistics (nil until loaded), shown when nothing is due and on `s`.
    public var stats: StudyStatsSummary?
    /// True while `s` shows the statistics over a session with cards left.
    public var showStats = false

    /// Creates the empty Review pane.
    public init() {}
}

/// Drawing the Review pane.
public enum ReviewPane {
    /// Draws the pane's content into `rect` (its text area) as of `now`.
    public static func render(_ state: ReviewPaneState, now: Date, keymap: Keymap, into frame: inout Frame, rect: Rect, theme: Theme) {
        let empty = theme.style("ui.empty", over: "ui.background")
        let focus = theme.style("ui.background").patched(with: theme.style("ui.text.focus"))
        let text = theme.style("ui.text", over: "ui.background")
        let dim = theme.style("ui.text.dim", over: "ui.background")
        let width = max(10, rect.width - 2)
        if let stats = state.stats, showsStats(state) {
            // Nothing to study (or `s`): what is left today first, then the figures.
            var lines: [String]
            if state.showStats {
                lines = ["Statistics"]
            } else if let session = state.session, session.isFinished, session.summary.reviewed > 0 {
                lines = self.lines(state, now: now, width: width)
            } else {
                lines = Array(emptyLines(state).prefix(1))
            }
            lines += [""] + ReviewStatsView.lines(stats, width: width)
            for (i, line) in lines.enumerated() where rect.y + i < rect.maxY - 1 {
                frame.put(line, x: rect.x + 1, y: rect.y + i, style: i == 0 ? focus : text, maxX: rect.maxX)
            }
            frame.put(statsHint(state, keymap: keymap), x: rect.x + 1, y: rect.maxY - 1, style: dim, maxX: rect.maxX)
            return
        }
        guard let session = state.session, !(session.isFinished && session.summary.reviewed == 0) else {
            Render.drawCentered(emptyLines(state), into: &frame, rect: rect, style: empty, first: focus)
            return
        }
        let lines = self.lines(state, now: now, width: width)
        for (i, line) in lines.enumerated() where rect.y + i < rect.maxY - 1 {
            frame.put(line, x: rect.x + 1, y: rect.y + i, style: i == 0 ? dim : text, maxX: rect.maxX)
        }
        let hint = self.hint(session, keymap: keymap)
        frame.put(hint, x: rect.x + 1, y: rect.maxY - 1, style: dim, maxX: rect.maxX)
    }

    /// True when the pane shows the statistics: on `s`, or when there is nothing to study now.
    static func showsStats(_ state: ReviewPaneState) -> Bool {
        if state.showStats { return true }
        if state.loading { return false }
        guard let session = state.session else { return state.dueCount == 0 }
        return session.isFinished || (session.current == nil)
    }

    /// The keys line under the statistics.
    static func statsHint(_ state: ReviewPaneState, keymap: Keymap) -> String {
        let stats = keymap.keys(for: "review.stats", in: ["review"]).first.map(\.description)
        let restart = keymap.keys(for: "review.restart", in: ["review"]).first.map(\.description)
        let leave = keymap.keys(for: "pane.navigator", in: ["review", "global"]).first.map(\.description)
        var items: [String] = []
        if state.showStats, let stats { items.append("\(stats): back to the cards") }
        if !state.showStats, let restart { items.append("\(restart): check for due cards") }
        if let leave { items.append("\(leave): leave") }
        return items.joined(separator: " · ")
    }

    /// The keys line at the bottom, from the keymap (so rebinding keys changes it).
    static func hint(_ session: ReviewSession, keymap: Keymap) -> String {
        func key(_ cmd: String) -> String? {
            let names = keymap.keys(for: cmd, in: ["review", "global"]).map(\.description)
            return names.contains("space") ? "space" : names.first
        }
        func item(_ cmd: String, _ what: String) -> String? { key(cmd).map { "\($0): \(what)" } }
        var items: [String?]
        if session.isFinished {
            items = [item("review.restart", "review again"), item("review.undo", "undo last answer")]
        } else if session.revealed {
            let grades = ["review.again", "review.hard", "review.good", "review.easy"].compactMap(key)
            items = [grades.isEmpty ? nil : (grades == ["1", "2", "3", "4"] ? "1-4" : grades.joined(separator: "/")) + ": answer",
                     item("review.undo", "undo"), item("review.open-source", "open source")]
        } else {
            items = [item("review.reveal", "show answer"), item("review.undo", "undo"), item("review.open-source", "open source")]
        }
        items.append(item("review.stats", "stats"))
        items.append(item("pane.navigator", "leave"))
        return items.compactMap { $0 }.joined(separator: " · ")
    }

    /// The centred lines shown when there is nothing to study.
    static func emptyLines(_ state: ReviewPaneState) -> [String] {
        if state.loading && state.dueCount != 0 { return ["Loading cards…"] }
        switch (state.dueCount, state.nextDue) {
        case (nil, _): return ["No cards yet", "", "Cards made from your snippets show up here."]
        case (0?, let next?): return ["No cards due — next due \(next)", "", "Come back then."]
        case (0?, nil): return ["No cards due", "", "Add cards from a snippet to start reviewing."]
        case (let n?, _): return ["\(n) card\(n == 1 ? "" : "s") due", "", "Press r to start reviewing."]
        }
    }

    /// The session's lines at `now`, wrapped to `width` columns: progress, question, then (revealed) the
    /// answer and the four buttons with the interval each gives; at the end a summary with the time taken.
    public static func lines(_ state: ReviewPaneState, now: Date, width: Int) -> [String] {
        guard let session = state.session else { return emptyLines(state) }
        guard let item = session.current else {
            var out = ReviewPaneText.lines(session, at: now, width: width)
            if let start = state.startedAt { out.append("Time: \(duration((state.lastAnswerAt ?? now).timeIntervalSince(start)))") }
            return out
        }
        var out = ["\(session.queue.count) left · \(session.summary.reviewed) done"]
        if item.sourceChanged { out.append("! source changed since this card was made") }
        out.append("")
        out += ReviewPaneText.wrap(item.question, width: width)
        if session.revealed {
            out.append(String(repeating: "─", count: min(width, 40)))
            out += ReviewPaneText.wrap(item.answer, width: width)
            out.append("")
            var row = ""
            for b in session.buttons(at: now).map(buttonLabel) {
                if row.isEmpty { row = b } else if row.count + 3 + b.count <= width { row += "   " + b } else { out.append(row); row = b }
            }
            out.append(row)
        }
        return out
    }

    /// "3 Good 4d", or "3 Good (q4) 4d" for an SM-2 deck (its 0–5 quality).
    static func buttonLabel(_ b: ReviewSession.Button) -> String {
        let name = "\(b.rating.rawValue) \(b.rating.name.capitalized)"
        if case .sm2(let q) = b.grade { return "\(name) (q\(q)) \(b.label)" }
        return "\(name) \(b.label)"
    }

    /// "45s", "3m 05s", "1h 02m".
    static func duration(_ seconds: TimeInterval) -> String {
        let s = max(0, Int(seconds.rounded()))
        if s < 60 { return "\(s)s" }
        if s < 3600 { return String(format: "%dm %02ds", s / 60, s % 60) }
        return String(format: "%dh %02dm", s / 3600, (s % 3600) / 60)
    }
}
