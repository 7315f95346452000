import Foundation

/// One line of the append-only review log, as statistics need it.
public struct ReviewRecord: Sendable, Equatable {
    /// Which card.
    public var cardID: String
    /// When it was reviewed.
    public var reviewedAt: Date
    /// Whether the answer counted as remembered.
    public var passed: Bool
    /// The card's phase before the review (`review` means a mature recall attempt).
    public var phaseBefore: CardPhase
    /// Whether the card was new before this review.
    public var wasNew: Bool

    /// Memberwise initialiser.
    public init(cardID: String, reviewedAt: Date, passed: Bool, phaseBefore: CardPhase, wasNew: Bool) {
        self.cardID = cardID
        self.reviewedAt = reviewedAt
        self.passed = passed
        self.phaseBefore = phaseBefore
        self.wasNew = wasNew
    }
}

/// Review statistics computed from schedules and the review log, for a given clock.
public enum ReviewStats {
    /// Cards falling due on each of the next `days` days (index 0 = today, including overdue).
    /// New cards are not counted: they are introduced by the daily limit, not by a due date.
    public static func forecast(_ schedules: [CardSchedule], from dayStart: Date, days: Int = 30) -> [Int] {
        var out = Array(repeating: 0, count: days)
        for s in schedules where !s.isNew {
            let d = Int((s.due.timeIntervalSince(dayStart) / 86400).rounded(.down))
            if d < days { out[max(d, 0)] += 1 }
        }
        return out
    }

    /// Reviews on each of the last `days` days, oldest first, the last entry being today.
    public static func reviewsPerDay(_ log: [ReviewRecord], todayStart: Date, days: Int = 90) -> [Int] {
        var out = Array(repeating: 0, count: days)
        for r in log {
            let d = Int((r.reviewedAt.timeIntervalSince(todayStart) / 86400).rounded(.down))
            let index = days - 1 + d
            if d <= 0 && index >= 0 { out[index] += 1 }
        }
        return out
    }

    /// True retention: the share of recall attempts on cards in review that were passed.
    /// Returns nil when there were none. Learning-step answers are excluded, as in Anki.
    public static func trueRetention(_ log: [ReviewRecord], since: Date? = nil) -> (passed: Int, total: Int, rate: Double)? {
        let attempts = log.filter { r in r.phaseBefore == .review && !r.wasNew && (since.map { r.reviewedAt >= $0 } ?? true) }
        guard !attempts.isEmpty else { return nil }
        let passed = attempts.filter(\.passed).count
        return (passed, attempts.count, Double(passed) / Double(attempts.count))
    }
}

/// Vertical bar charts for the terminal, drawn with eighth-block characters.
public enum BarChart {
    /// Rows of a chart `height` cells high with one column per value, tallest value at full height,
    /// followed by an axis line. Zero stays blank; any positive value shows at least a sliver.
    public static func render(_ values: [Int], height: Int = 6) -> [String] {
        let top = max(values.max() ?? 0, 1)
        let blocks = ["", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        let eighths = values.map { v -> Int in
            v == 0 ? 0 : max(1, Int((Double(v) / Double(top) * Double(height * 8)).rounded()))
        }
        var rows: [String] = []
        for row in stride(from: height - 1, through: 0, by: -1) {
            var line = ""
            for e in eighths {
                let inRow = min(max(e - row * 8, 0), 8)
                line += inRow == 0 ? " " : blocks[inRow]
            }
            while line.hasSuffix(" ") { line.removeLast() }
            rows.append(line)
        }
        rows.append(String(repeating: "─", count: values.count))
        return rows
    }
}
