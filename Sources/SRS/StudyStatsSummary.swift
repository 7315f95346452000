import Foundation

/// What the Review pane's statistics show: the figures `recall stats` computes, as plain values.
public struct StudyStatsSummary: Equatable, Sendable {
    /// One deck's row.
    public struct DeckRow: Equatable, Sendable {
        /// Deck name.
        public var name: String
        /// All cards, never reviewed, in learning (or relearning), in review, due now.
        public var total: Int, new: Int, learning: Int, review: Int, due: Int

        /// Memberwise initialiser.
        public init(name: String, total: Int, new: Int, learning: Int, review: Int, due: Int) {
            self.name = name
            self.total = total
            self.new = new
            self.learning = learning
            self.review = review
            self.due = due
        }
    }

    /// Cards falling due on each of the next 30 days (index 0 = today, with overdue; new cards not counted).
    public var forecast: [Int]
    /// Reviews on each of the last 90 days, oldest first (the last is today).
    public var reviewsPerDay: [Int]
    /// Passed / attempted recalls of review cards over the last 30 days (nil when there were none).
    public var retention30d: (passed: Int, total: Int)?
    /// Days in a row with at least one review, up to today (or up to yesterday while today has none yet).
    public var streak: Int
    /// Per-deck rows.
    public var decks: [DeckRow]

    /// Memberwise initialiser.
    public init(forecast: [Int], reviewsPerDay: [Int], retention30d: (passed: Int, total: Int)?, streak: Int, decks: [DeckRow]) {
        self.forecast = forecast
        self.reviewsPerDay = reviewsPerDay
        self.retention30d = retention30d
        self.streak = streak
        self.decks = decks
    }

    /// Due today (with overdue).
    public var dueToday: Int { forecast.first ?? 0 }
    /// Due tomorrow.
    public var dueTomorrow: Int { forecast.count > 1 ? forecast[1] : 0 }

    /// Compares every field (the retention pair included).
    public static func == (a: StudyStatsSummary, b: StudyStatsSummary) -> Bool {
        a.forecast == b.forecast && a.reviewsPerDay == b.reviewsPerDay && a.streak == b.streak && a.decks == b.decks
            && a.retention30d?.passed == b.retention30d?.passed && a.retention30d?.total == b.retention30d?.total
    }
}

extension ReviewStats {
    /// The current streak from reviews per day (oldest first, the last entry today): consecutive days with a review
    /// ending today, or ending yesterday when nothing was reviewed today yet (the day is not over).
    public static func streak(reviewsPerDay days: [Int]) -> Int {
        var i = days.count - 1
        if i >= 0, days[i] == 0 { i -= 1 }
        var n = 0
        while i >= 0, days[i] > 0 { n += 1; i -= 1 }
        return n
    }
}
