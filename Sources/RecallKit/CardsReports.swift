import Foundation
import Notebook
import SRS
import Store

/// `recall stats`: due forecast, reviews per day, true retention and per-deck counts.
public struct CardsStatsReport: Encodable, Sendable {
    /// Counts for one deck.
    public struct DeckCounts: Encodable, Sendable {
        /// Deck name.
        public var deck: String
        /// fsrs or sm2.
        public var scheduler: String
        /// All cards.
        public var total: Int
        /// Never reviewed.
        public var new: Int
        /// In learning steps.
        public var learning: Int
        /// In review.
        public var review: Int
        /// Relearning after a lapse.
        public var relearning: Int
        /// Due now (learning and review; new cards not counted).
        public var dueNow: Int
        /// Cards whose source changed.
        public var sourceChanged: Int
    }

    /// The report's clock.
    public var at: String
    /// Cards due on each of the next 30 days (index 0 = today, with overdue).
    public var forecast: [Int]
    /// Reviews on each of the last 90 days, oldest first.
    public var reviewsPerDay: [Int]
    /// Passed / attempted recalls of cards in review, last 30 days.
    public var retention30d: Retention?
    /// Passed / attempted recalls of cards in review, all time.
    public var retentionAll: Retention?
    /// Per-deck counts.
    public var decks: [DeckCounts]
    /// Days in a row with at least one review, up to today (or yesterday while today has none yet).
    public var streak: Int

    /// The figures the Review pane shows.
    public var summary: StudyStatsSummary {
        StudyStatsSummary(
            forecast: forecast, reviewsPerDay: reviewsPerDay,
            retention30d: retention30d.map { (passed: $0.passed, total: $0.total) },
            streak: streak,
            decks: decks.map { StudyStatsSummary.DeckRow(name: $0.deck, total: $0.total, new: $0.new,
                                                         learning: $0.learning + $0.relearning, review: $0.review, due: $0.dueNow) })
    }

    /// True retention figures.
    public struct Retention: Encodable, Sendable {
        /// Recalls passed.
        public var passed: Int
        /// Recalls attempted.
        public var total: Int
        /// passed / total.
        public var rate: Double
    }

    /// Computes the report at `now`; days start at midnight in `timeZone`.
    public static func make(_ db: AppDatabase, at now: Date, timeZone: TimeZone) throws -> CardsStatsReport {
        let today = ReviewQueue.dayStart(of: now, in: timeZone)
        let cards = try db.cards()
        let decks = try db.decks()
        let log = try db.reviewRecords().filter { $0.reviewedAt <= now }
        func retention(_ since: Date?) -> Retention? {
            ReviewStats.trueRetention(log, since: since).map { Retention(passed: $0.passed, total: $0.total, rate: $0.rate) }
        }
        let counts = decks.map { d -> DeckCounts in
            let cs = cards.filter { $0.deckID == d.id }
            return DeckCounts(
                deck: d.name, scheduler: d.settings.scheduler.rawValue, total: cs.count,
                new: cs.filter(\.schedule.isNew).count,
                learning: cs.filter { !$0.schedule.isNew && $0.schedule.phase == .learning }.count,
                review: cs.filter { $0.schedule.phase == .review }.count,
                relearning: cs.filter { $0.schedule.phase == .relearning }.count,
                dueNow: cs.filter { !$0.schedule.isNew && $0.schedule.due <= now }.count,
                sourceChanged: cs.filter(\.sourceChanged).count)
        }
        let perDay = ReviewStats.reviewsPerDay(log, todayStart: today, days: 90)
        // The streak may be longer than 90 days: count it over the whole log.
        let allDays = Int((today.timeIntervalSince(log.first.map { ReviewQueue.dayStart(of: $0.reviewedAt, in: timeZone) } ?? today) / 86400).rounded()) + 1
        return CardsStatsReport(
            at: CardsTime.format(now),
            forecast: ReviewStats.forecast(cards.map(\.schedule), from: today, days: 30),
            reviewsPerDay: perDay,
            retention30d: retention(today.addingTimeInterval(-29 * 86400)),
            retentionAll: retention(nil),
            decks: counts,
            streak: ReviewStats.streak(reviewsPerDay: allDays > 90 ? ReviewStats.reviewsPerDay(log, todayStart: today, days: allDays) : perDay))
    }

    /// The report as terminal text with bar charts.
    public var text: String {
        var out: [String] = []
        out.append("Due forecast, next 30 days (today first): \(forecast.reduce(0, +)) cards, busiest day \(forecast.max() ?? 0)")
        out += BarChart.render(forecast, height: 6).map { "  " + $0 }
        out.append("  today" + String(repeating: " ", count: max(1, 30 - 5 - 3)) + "+29d")
        out.append("")
        out.append("Reviews per day, last 90 days: \(reviewsPerDay.reduce(0, +)) reviews, busiest day \(reviewsPerDay.max() ?? 0)")
        out += BarChart.render(reviewsPerDay, height: 6).map { "  " + $0 }
        out.append("  -89d" + String(repeating: " ", count: max(1, 90 - 4 - 5)) + "today")
        out.append("")
        func pct(_ r: Retention?) -> String {
            guard let r else { return "no recalls of review cards yet" }
            return String(format: "%.1f%%", r.rate * 100) + " (\(r.passed)/\(r.total))"
        }
        out.append("True retention: last 30 days \(pct(retention30d)); all time \(pct(retentionAll))")
        out.append("Streak: \(streak) day\(streak == 1 ? "" : "s")")
        out.append("")
        out.append("Deck                  total   new  learn  review  relearn  due  changed")
        for d in decks {
            let name = d.deck.count > 20 ? String(d.deck.prefix(19)) + "…" : d.deck
            out.append(name.padding(toLength: 20, withPad: " ", startingAt: 0)
                + [d.total, d.new, d.learning, d.review, d.relearning, d.dueNow, d.sourceChanged]
                .enumerated().map { i, v in String(v).leftPad([7, 6, 7, 8, 9, 5, 9][i]) }.joined())
        }
        if decks.isEmpty { out.append("(no decks yet — add a card with `recall card add --front … --back …`)") }
        return out.joined(separator: "\n")
    }
}

extension String {
    /// Right-aligns the string in `width` columns.
    func leftPad(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
