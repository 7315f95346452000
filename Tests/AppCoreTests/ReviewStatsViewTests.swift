import Foundation
import SRS
import TUI
import XCTest
@testable import AppCore

/// The Review pane's statistics, read as screen text: shown when nothing is due and on `s`, with bar charts that fit.
final class ReviewStatsViewTests: XCTestCase {
    let t0 = Fixture.now

    func summary() -> StudyStatsSummary {
        var forecast = Array(repeating: 0, count: 30)
        forecast[0] = 4; forecast[1] = 2; forecast[6] = 8
        var reviews = Array(repeating: 0, count: 90)
        reviews[87] = 3; reviews[88] = 5; reviews[89] = 1
        return StudyStatsSummary(forecast: forecast, reviewsPerDay: reviews, retention30d: (passed: 9, total: 12), streak: 3,
                                 decks: [.init(name: "Ownership", total: 10, new: 3, learning: 2, review: 5, due: 4),
                                         .init(name: "A very long deck name that will not fit", total: 1, new: 1, learning: 0, review: 0, due: 0)])
    }

    func testTheLinesHoldEveryFigureAndTheChartsFitTheWidth() {
        let lines = ReviewStatsView.lines(summary(), width: 60)
        let text = lines.joined(separator: "\n")
        XCTAssertEqual(lines[0], "Due today 4 · tomorrow 2 · streak 3 days")
        XCTAssertEqual(lines[1], "True retention, last 30 days: 75.0% (9/12)")
        XCTAssertTrue(text.contains("Next 30 days: 14 due"), text)
        XCTAssertTrue(text.contains("Last 90 days: 9 reviews (2 days a column)"), text)
        XCTAssertTrue(lines.allSatisfy { TextWidth.of($0) <= 60 }, text)
        // The forecast's tallest day (8, six days out) reaches the top row; today's 4 is half as tall.
        let chartTop = lines[lines.firstIndex { $0.hasPrefix("Next 30 days") }! + 1]
        XCTAssertEqual(Array(chartTop).count, 7)
        XCTAssertEqual(Array(chartTop)[6], "█")
        XCTAssertEqual(Array(chartTop)[0], " ")
        XCTAssertTrue(text.contains("Ownership"), text)
        let deck = lines.first { $0.hasPrefix("Ownership") }!
        XCTAssertTrue(deck.hasSuffix("    10    3     2      5    4"), deck)
        XCTAssertTrue(lines.contains { $0.hasPrefix("A very long deck name t…") }, text)
        XCTAssertTrue(ReviewStatsView.lines(StudyStatsSummary(forecast: [], reviewsPerDay: [], retention30d: nil, streak: 1, decks: []), width: 40)
            .contains("True retention, last 30 days: no recalls of review cards yet"))
    }

    func testStreakCountsDaysInARowUpToTodayOrYesterday() {
        XCTAssertEqual(ReviewStats.streak(reviewsPerDay: [1, 0, 2, 1, 3]), 3)
        XCTAssertEqual(ReviewStats.streak(reviewsPerDay: [1, 0, 2, 1, 0]), 2, "today is not over: yesterday's streak still counts")
        XCTAssertEqual(ReviewStats.streak(reviewsPerDay: [1, 0, 0]), 0)
        XCTAssertEqual(ReviewStats.streak(reviewsPerDay: []), 0)
    }

    func testNothingDueShowsTheStatisticsAndSTogglesThemOverASession() throws {
        var s = Fixture.state()
        var fx = Fixture.press(&s, "3")
        XCTAssertTrue(fx.contains(.review(.loadStats)), "showing the pane loads the statistics: \(fx)")
        _ = App.update(&s, .reviewLoaded(ReviewSession(items: [], learnAheadSeconds: 0), sources: [:], at: t0), now: t0)
        _ = App.update(&s, .dueSummary(count: 0, nextDue: "in 3 h"), now: t0)
        _ = App.update(&s, .reviewStats(summary()), now: t0)
        var screen = Fixture.screen(s).joined(separator: "\n")
        XCTAssertTrue(screen.contains("No cards due — next due in 3 h"), screen)
        XCTAssertTrue(screen.contains("Due today 4 · tomorrow 2 · streak 3 days"), screen)
        XCTAssertTrue(screen.contains("r: check for due cards"), screen)

        // With a card to study, the card shows; `s` shows the statistics over it and back.
        let item = ReviewSession.Item(id: "c1", question: "Capital of France?", answer: "Paris", schedule: .new(at: t0), settings: .defaults)
        _ = App.update(&s, .reviewLoaded(ReviewSession(items: [item], learnAheadSeconds: 0), sources: [:], at: t0), now: t0)
        screen = Fixture.screen(s).joined(separator: "\n")
        XCTAssertTrue(screen.contains("Capital of France?") && !screen.contains("Due today"), screen)
        XCTAssertTrue(screen.contains("s: stats"), screen)
        fx = Fixture.press(&s, "s")
        XCTAssertEqual(fx, [.review(.loadStats)])
        screen = Fixture.screen(s).joined(separator: "\n")
        XCTAssertTrue(screen.contains("Statistics") && screen.contains("Due today 4") && !screen.contains("Capital of France?"), screen)
        XCTAssertTrue(screen.contains("s: back to the cards"), screen)
        _ = Fixture.press(&s, "s")
        XCTAssertTrue(Fixture.screen(s).joined(separator: "\n").contains("Capital of France?"))
    }

    func testTheDueCountIsRefreshedOnATimer() {
        var s = Fixture.state()
        XCTAssertFalse(App.start(&s).contains { if case .ui(.startTimer) = $0 { return true } else { return false } },
                       "no timer at start: an idle app with no cards sleeps in poll() without a timeout")
        XCTAssertEqual(App.update(&s, .dueTimer(milliseconds: 12_050), now: t0), [.ui(.startTimer(.dueRefresh, milliseconds: 12_050))])
        XCTAssertEqual(App.update(&s, .timer(.dueRefresh), now: t0), [.review(.loadDueSummary)])
        XCTAssertEqual(App.update(&s, .dueTimer(milliseconds: nil), now: t0), [.ui(.cancelTimer(.dueRefresh))])
    }
}
