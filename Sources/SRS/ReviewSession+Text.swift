import Foundation

/// Plain text lines for the Review pane, so the app can draw a session without knowing its rules.
/// Widths count Characters; the TUI may re-measure with its display-width function.
public enum ReviewPaneText {
    /// The pane's lines at `now`, wrapped to `width` columns.
    public static func lines(_ session: ReviewSession, at now: Date, width: Int) -> [String] {
        let w = max(10, width)
        guard let item = session.current else {
            let s = session.summary
            guard s.reviewed > 0 else { return ["No cards due"] }
            let counts = Rating.allCases.map { "\($0.name) \(s.byRating[$0] ?? 0)" }.joined(separator: " · ")
            var out = ["Session done: \(s.reviewed) answer\(s.reviewed == 1 ? "" : "s") on \(s.cards) card\(s.cards == 1 ? "" : "s")", counts]
            if let p = s.passRate { out.append(String(format: "%.0f%% remembered", p * 100)) }
            return out
        }
        var out = ["\(session.queue.count) left · \(session.summary.reviewed) done"]
        if item.sourceChanged { out.append("! source changed since this card was made") }
        out.append("")
        out += wrap(item.question, width: w)
        if session.revealed {
            out.append(String(repeating: "─", count: min(w, 40)))
            out += wrap(item.answer, width: w)
            out.append("")
            var row = ""
            for b in session.buttons(at: now).map({ "\($0.rating.rawValue) \($0.rating.name.capitalized) \($0.label)" }) {
                if row.isEmpty { row = b } else if row.count + 3 + b.count <= w { row += "   " + b } else { out.append(row); row = b }
            }
            out.append(row)
        } else {
            out.append("")
            out.append("space: show answer")
        }
        return out
    }

    /// Greedy word wrap; words longer than the width are split; explicit newlines are kept.
    public static func wrap(_ text: String, width: Int) -> [String] {
        var out: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
                var word = Substring(word)
                while word.count > width {
                    if !line.isEmpty { out.append(line); line = "" }
                    out.append(String(word.prefix(width)))
                    word = word.dropFirst(width)
                }
                if line.isEmpty { line = String(word) } else if line.count + 1 + word.count <= width { line += " " + word } else {
                    out.append(line); line = String(word)
                }
            }
            out.append(line)
        }
        return out
    }
}
