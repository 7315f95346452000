import Foundation
import Testing
@testable import SRS

/// The Review pane's pure logic: queue order, reveal, button intervals, grade, learn-ahead, undo, summary.
@Suite struct ReviewSessionTests {
    let t0 = Date(timeIntervalSince1970: 1_767_258_000)
    var settings: DeckSettings { var s = DeckSettings.defaults; s.fuzz = false; return s }

    func item(_ id: String, _ schedule: CardSchedule? = nil) -> ReviewSession.Item {
        ReviewSession.Item(id: id, question: "Q \(id)", answer: "A \(id)", schedule: schedule ?? .new(at: t0), settings: settings)
    }

    @Test func buttonsShowTheIntervalEachGradeWouldGive() {
        let session = ReviewSession(items: [item("a")])
        let buttons = session.buttons(at: t0)
        #expect(buttons.map(\.rating) == [.again, .hard, .good, .easy])
        #expect(buttons.map(\.intervalSeconds) == [60, 330, 600, 8 * 86400])
        #expect(buttons.map(\.label) == ["1m", "5.5m", "10m", "8d"])
    }

    @Test func gradeRevealUndoAndLearnAhead() throws {
        var session = ReviewSession(items: [item("a"), item("b")])
        #expect(!session.revealed)
        session.reveal()
        #expect(session.revealed)
        // Good on a new card: step 1, due in 10 m — within the 20 m learn-ahead, so it comes back after b.
        let graded = try session.grade(.fsrs(.good), at: t0)
        let effect = try #require(graded)
        #expect(effect.cardID == "a" && effect.after.step == 1)
        #expect(!session.revealed)
        #expect(session.queue.map(\.id) == ["b", "a"])
        // Easy on b graduates it: it leaves the session.
        _ = try session.grade(.fsrs(.easy), at: t0.addingTimeInterval(5))
        #expect(session.queue.map(\.id) == ["a"])
        // Undo brings b back to the front with its old schedule.
        let undone = session.undo()
        let undo = try #require(undone)
        #expect(undo.cardID == "b" && undo.schedule == .new(at: t0))
        #expect(session.queue.map(\.id) == ["b", "a"])
        #expect(session.summary.reviewed == 1)
    }

    @Test func summaryCountsAnswers() throws {
        var session = ReviewSession(items: [item("a"), item("b"), item("c")], learnAheadSeconds: 0)
        _ = try session.grade(.fsrs(.again), at: t0)
        _ = try session.grade(.fsrs(.good), at: t0)
        _ = try session.grade(.fsrs(.easy), at: t0)
        #expect(session.isFinished)
        let s = session.summary
        #expect(s.reviewed == 3 && s.cards == 3)
        #expect(s.byRating == [.again: 1, .good: 1, .easy: 1])
        #expect(s.passRate == 2.0 / 3.0)
        let none = try session.grade(.fsrs(.good), at: t0)
        #expect(none == nil)
    }

    @Test func wrongScaleIsRefused() {
        var session = ReviewSession(items: [item("a")])
        #expect(throws: SRSError.self) { try session.grade(.sm2(4), at: t0) }
        #expect(session.queue.count == 1)
    }

    @Test func queueOrdersLearningThenReviewThenLimitedNew() {
        func card(_ id: String, phase: CardPhase, due: Double, reps: Int, created: Double = 0) -> QueueCard {
            var s = CardSchedule.new(at: t0.addingTimeInterval(due))
            s.phase = phase; s.reps = reps
            return QueueCard(id: id, deckID: "d", schedule: s, created: t0.addingTimeInterval(created))
        }
        let cards = [
            card("new2", phase: .learning, due: 0, reps: 0, created: 2),
            card("rev-late", phase: .review, due: 50, reps: 3),
            card("new1", phase: .learning, due: 0, reps: 0, created: 1),
            card("learn", phase: .learning, due: 90, reps: 1),
            card("rev-early", phase: .review, due: 10, reps: 3),
            card("future", phase: .review, due: 1000, reps: 3),
            card("relearn", phase: .relearning, due: 20, reps: 5),
            card("new3", phase: .learning, due: 0, reps: 0, created: 3),
        ]
        let q = ReviewQueue.build(cards, at: t0.addingTimeInterval(100), newLimit: { _ in 3 }, introducedToday: ["d": 1])
        #expect(q.map(\.id) == ["relearn", "learn", "rev-early", "rev-late", "new1", "new2"])
    }

    @Test func statsForecastHistoryAndRetention() {
        var due1 = CardSchedule.new(at: t0); due1.reps = 1; due1.due = t0.addingTimeInterval(-86400 * 3)
        var due2 = due1; due2.due = t0.addingTimeInterval(86400 * 2 + 5)
        var far = due1; far.due = t0.addingTimeInterval(86400 * 40)
        let forecast = ReviewStats.forecast([due1, due2, far, .new(at: t0)], from: t0, days: 30)
        #expect(forecast.count == 30 && forecast[0] == 1 && forecast[2] == 1 && forecast.reduce(0, +) == 2)
        let log = [
            ReviewRecord(cardID: "a", reviewedAt: t0.addingTimeInterval(-86400 * 100), passed: true, phaseBefore: .review, wasNew: false),
            ReviewRecord(cardID: "a", reviewedAt: t0.addingTimeInterval(-86400 + 1), passed: false, phaseBefore: .review, wasNew: false),
            ReviewRecord(cardID: "b", reviewedAt: t0.addingTimeInterval(10), passed: true, phaseBefore: .learning, wasNew: true),
            ReviewRecord(cardID: "c", reviewedAt: t0.addingTimeInterval(20), passed: true, phaseBefore: .review, wasNew: false),
        ]
        let perDay = ReviewStats.reviewsPerDay(log, todayStart: t0, days: 90)
        #expect(perDay.count == 90 && perDay[89] == 2 && perDay[88] == 1 && perDay.reduce(0, +) == 3)
        let all = ReviewStats.trueRetention(log)
        #expect(all?.passed == 2 && all?.total == 3)
        #expect(ReviewStats.trueRetention(log, since: t0)?.total == 1)
        #expect(ReviewStats.trueRetention([]) == nil)
        let chart = BarChart.render([0, 1, 4, 8], height: 2)
        #expect(chart == ["   █", " ▂██", "────"])
    }
}

/// The pane's text: question first, answer and buttons once revealed, a summary at the end.
@Suite struct ReviewPaneTextTests {
    let t0 = Date(timeIntervalSince1970: 1_767_258_000)

    @Test func questionThenAnswerWithButtonsThenSummary() throws {
        var settings = DeckSettings.defaults; settings.fuzz = false
        var session = ReviewSession(items: [ReviewSession.Item(id: "a", question: "What is the capital of France?", answer: "Paris",
                                                               schedule: .new(at: t0), settings: settings, sourceChanged: true)],
                                    learnAheadSeconds: 0)
        var lines = ReviewPaneText.lines(session, at: t0, width: 20)
        #expect(lines[0] == "1 left · 0 done")
        #expect(lines[1].contains("source changed"))
        #expect(lines.contains("What is the capital") && lines.contains("of France?"))
        #expect(lines.last == "space: show answer")
        #expect(!lines.contains("Paris"))
        session.reveal()
        lines = ReviewPaneText.lines(session, at: t0, width: 80)
        #expect(lines.contains("Paris"))
        #expect(lines.last == "1 Again 1m   2 Hard 5.5m   3 Good 10m   4 Easy 8d")
        _ = try session.grade(.fsrs(.easy), at: t0)
        lines = ReviewPaneText.lines(session, at: t0, width: 80)
        #expect(lines == ["Session done: 1 answer on 1 card", "again 0 · hard 0 · good 0 · easy 1", "100% remembered"])
        #expect(ReviewPaneText.lines(ReviewSession(items: []), at: t0, width: 80) == ["No cards due"])
    }

    @Test func wrapKeepsNewlinesAndSplitsLongWords() {
        #expect(ReviewPaneText.wrap("abcdefghij kl\nm", width: 4) == ["abcd", "efgh", "ij", "kl", "m"])
        #expect(ReviewPaneText.wrap("", width: 4) == [""])
    }
}
