import Foundation
import SRS

/// The Review pane's statistics as lines of text (pure, so tests read the screen as text): due today and tomorrow,
/// the 30-day forecast and the last 90 days of reviews as bar charts, true retention over 30 days, the streak, and
/// one row per deck. Charts wider than the pane are folded (each column sums neighbouring days).
public enum ReviewStatsView {
    /// The lines for a pane `width` columns wide.
    public static func lines(_ s: StudyStatsSummary, width: Int) -> [String] {
        var out: [String] = []
        out.append("Due today \(s.dueToday) · tomorrow \(s.dueTomorrow) · streak \(s.streak) day\(s.streak == 1 ? "" : "s")")
        if let r = s.retention30d, r.total > 0 {
            out.append("True retention, last 30 days: " + String(format: "%.1f%%", Double(r.passed) / Double(r.total) * 100) + " (\(r.passed)/\(r.total))")
        } else {
            out.append("True retention, last 30 days: no recalls of review cards yet")
        }
        out.append("")
        out += chart("Next 30 days: \(s.forecast.reduce(0, +)) due", s.forecast, left: "today", right: "+29d", width: width)
        out.append("")
        out += chart("Last 90 days: \(s.reviewsPerDay.reduce(0, +)) reviews", s.reviewsPerDay, left: "-89d", right: "today", width: width)
        out.append("")
        out.append(row(["Deck", "total", "new", "learn", "review", "due"], width: width))
        for d in s.decks {
            out.append(row([d.name, "\(d.total)", "\(d.new)", "\(d.learning)", "\(d.review)", "\(d.due)"], width: width))
        }
        if s.decks.isEmpty { out.append("(no decks yet)") }
        return out
    }

    /// A titled bar chart folded to fit `width`, with its axis labels.
    static func chart(_ title: String, _ values: [Int], left: String, right: String, width: Int) -> [String] {
        let room = max(8, width - 2)
        let per = max(1, Int((Double(values.count) / Double(room)).rounded(.up)))
        var folded: [Int] = []
        var i = 0
        while i < values.count {
            folded.append(values[i..<min(values.count, i + per)].reduce(0, +))
            i += per
        }
        let note = per > 1 ? " (\(per) days a column)" : ""
        var out = [title + note]
        out += BarChart.render(folded, height: 4)
        let gap = max(1, folded.count - left.count - right.count)
        out.append(left + String(repeating: " ", count: gap) + right)
        return out
    }

    /// A deck-table row: the name cut to fit, the numbers right-aligned.
    static func row(_ cells: [String], width: Int) -> String {
        let widths = [6, 5, 6, 7, 5]
        let numbers = zip(cells.dropFirst(), widths).map { c, w in String(repeating: " ", count: max(0, w - c.count)) + c }.joined()
        let nameWidth = max(6, min(24, width - numbers.count - 1))
        var name = cells[0]
        if name.count > nameWidth { name = String(name.prefix(nameWidth - 1)) + "…" }
        return name + String(repeating: " ", count: nameWidth - name.count) + numbers
    }
}
