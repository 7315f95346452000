import Foundation
import SRS
import TUI
import XCTest
@testable import AppCore

/// The Review pane driven by keys: front → space → answer with the four buttons → grade → next card → summary.
final class ReviewPaneTests: XCTestCase {
    let t0 = Fixture.now

    func session(_ ids: [String], settings: DeckSettings = .defaults) -> ReviewSession {
        ReviewSession(items: ids.map {
            ReviewSession.Item(id: $0, question: "Question \($0)?", answer: "Answer \($0).", schedule: .new(at: t0.addingTimeInterval(-3600)), settings: settings)
        }, learnAheadSeconds: 0)
    }

    /// A state with the Review pane focused and `session` loaded.
    func reviewing(_ session: ReviewSession, sources: [String: String] = [:]) -> AppState {
        var s = Fixture.state()
        let fx = Fixture.press(&s, "3")
        XCTAssertEqual(s.focus, .review)
        XCTAssertTrue(fx.contains(.review(.loadReview)), "showing the pane loads the session: \(fx)")
        XCTAssertTrue(Fixture.screen(s).joined(separator: "\n").contains("Loading cards…"))
        _ = App.update(&s, .reviewLoaded(session, sources: sources, at: t0), now: t0)
        return s
    }

    func text(_ s: AppState) -> String { Fixture.screen(s).joined(separator: "\n") }

    func testStartAsksForTheDueSummaryAndTheStatusLineShowsIt() {
        var s = Fixture.state()
        XCTAssertTrue(App.start(&s).contains(.review(.loadDueSummary)))
        _ = App.update(&s, .dueSummary(count: 7, nextDue: nil), now: t0)
        XCTAssertTrue(Fixture.screen(s).last!.contains("due 7"), Fixture.screen(s).last!)
        _ = App.update(&s, .dueSummary(count: 0, nextDue: "in 3h"), now: t0)
        XCTAssertTrue(Fixture.screen(s).last!.contains("due 0 (next in 3h)"), Fixture.screen(s).last!)
    }

    func testFrontRevealGradeNextCardAndSummary() throws {
        let sess = session(["c1", "c2"])
        var s = reviewing(sess)
        var screen = text(s)
        XCTAssertTrue(screen.contains("Question c1?"), screen)
        XCTAssertTrue(screen.contains("2 left · 0 done"), screen)
        XCTAssertFalse(screen.contains("Answer c1."), "the answer is hidden until space")

        Fixture.press(&s, "space")
        screen = text(s)
        XCTAssertTrue(screen.contains("Answer c1."), screen)
        var revealed = sess
        revealed.reveal()
        let buttons = revealed.buttons(at: t0)
        XCTAssertEqual(buttons.count, 4)
        for b in buttons {
            XCTAssertTrue(screen.contains("\(b.rating.rawValue) \(b.rating.name.capitalized) \(b.label)"), "button \(b.rating) with its interval: \(screen)")
        }

        let fx = Fixture.press(&s, "3")
        XCTAssertEqual(s.focus, .review, "3 answers Good in Review instead of switching panes")
        let grade = try XCTUnwrap(fx.compactMap { if case .review(.persistGrade(let r)) = $0 { return r } else { return nil } }.first)
        XCTAssertEqual(grade.effect.cardID, "c1")
        XCTAssertEqual(grade.effect.grade, .fsrs(.good))
        XCTAssertEqual(grade.effect.at, t0)
        XCTAssertTrue(fx.contains(.review(.loadDueSummary)), "the due count is refreshed after a grade")
        screen = text(s)
        XCTAssertTrue(screen.contains("Question c2?"), screen)
        XCTAssertTrue(screen.contains("1 left · 1 done"), screen)

        Fixture.press(&s, "space")
        let later = t0.addingTimeInterval(95)
        let fx2 = App.update(&s, .key(KeyEvent(name: "1")!), now: later)
        XCTAssertTrue(fx2.contains { if case .review(.persistGrade(let r)) = $0 { return r.effect.cardID == "c2" && r.effect.grade == .fsrs(.again) } else { return false } })
        screen = text(s)
        XCTAssertTrue(screen.contains("Session done: 2 answers on 2 cards"), screen)
        XCTAssertTrue(screen.contains("50% remembered"), screen)
        XCTAssertTrue(screen.contains("Time: 1m 35s"), screen)
    }

    func testGradeBeforeRevealDoesNothingButSaysWhy() {
        var s = reviewing(session(["c1"]))
        let fx = Fixture.press(&s, "3")
        XCTAssertFalse(fx.contains { if case .review(.persistGrade) = $0 { return true } else { return false } })
        XCTAssertEqual(s.status.message?.text, "Press space to show the answer first")
        XCTAssertTrue(text(s).contains("Question c1?"))
        XCTAssertEqual(s.focus, .review)
    }

    func testUndoPutsTheCardBackAndTellsTheStore() throws {
        var s = reviewing(session(["c1", "c2"]))
        Fixture.press(&s, "space", "4")
        XCTAssertTrue(text(s).contains("Question c2?"))
        let fx = Fixture.press(&s, "u")
        let undo = try XCTUnwrap(fx.compactMap { if case .review(.persistUndo(let r)) = $0 { return r } else { return nil } }.first)
        XCTAssertEqual(undo.effect.cardID, "c1")
        XCTAssertTrue(fx.contains(.review(.loadDueSummary)))
        XCTAssertTrue(text(s).contains("Question c1?"))
        XCTAssertTrue(text(s).contains("2 left · 0 done"))
        Fixture.press(&s, "u")
        XCTAssertEqual(s.status.message?.text, "Nothing to undo in this session")
    }

    func testOpenSourceOpensTheSnippetOrSaysThereIsNone() {
        var s = reviewing(session(["c1", "c2"]), sources: ["c1": "s1"])
        XCTAssertEqual(Fixture.press(&s, "o"), [.store(.openSnippet(id: "s1", focusTerms: []))])
        Fixture.press(&s, "3")  // back to Review (the snippet did not load in this test)
        Fixture.press(&s, "space", "4")
        XCTAssertTrue(Fixture.press(&s, "o").allSatisfy { if case .store(.openSnippet) = $0 { return false } else { return true } })
        XCTAssertEqual(s.status.message?.text, "This card was not made from a snippet")
    }

    func testSM2DeckShowsItsQualityMapping() throws {
        var settings = DeckSettings.defaults
        settings.scheduler = .sm2
        var s = reviewing(session(["c1"], settings: settings))
        Fixture.press(&s, "space")
        let screen = text(s)
        XCTAssertTrue(screen.contains("3 Good (q4)"), screen)
        XCTAssertTrue(screen.contains("1 Again (q"), screen)
        let fx = Fixture.press(&s, "3")
        let grade = try XCTUnwrap(fx.compactMap { if case .review(.persistGrade(let r)) = $0 { return r } else { return nil } }.first)
        XCTAssertEqual(grade.effect.grade, .sm2(4))
    }

    func testNoCardsDueShowsTheNextDueTimeAndRestartReloads() {
        var s = reviewing(session([]))
        _ = App.update(&s, .dueSummary(count: 0, nextDue: "in 3h"), now: t0)
        XCTAssertTrue(text(s).contains("No cards due — next due in 3h"), text(s))
        XCTAssertEqual(Fixture.press(&s, "r"), [.review(.loadReview), .review(.loadStats)])
        XCTAssertTrue(s.review.loading)
        _ = App.update(&s, .reviewLoadFailed("Could not load the cards due: disk I/O error — press r to retry"), now: t0)
        XCTAssertFalse(s.review.loading)
        XCTAssertEqual(s.status.message?.isError, true)
    }

    func testReviewKeysOnlyApplyInTheReviewContext() {
        let km = Fixture.keymap()
        XCTAssertEqual(km.command(for: KeyEvent(name: "space")!, in: ["review", "global"]), "review.reveal")
        XCTAssertEqual(km.command(for: KeyEvent(name: "3")!, in: ["review", "global"]), "review.good")
        XCTAssertEqual(km.command(for: KeyEvent(name: "3")!, in: ["navigator", "global"]), "pane.review", "global 3 is untouched")
        XCTAssertTrue(Commands.unknown(in: km).isEmpty)
    }

    func testKeysLineFollowsTheKeymap() throws {
        var s = reviewing(session(["c1"]))
        XCTAssertTrue(text(s).contains("space: show answer · u: undo · o: open source · s: stats · esc: leave"), text(s))
        Fixture.press(&s, "space")
        XCTAssertTrue(text(s).contains("1-4: answer · u: undo"), text(s))
        let user = try Keymap.parse(toml: "[review]\n\"z\" = \"review.undo\"\n\"u\" = \"none\"\n", fallbackName: "default").keymap
        s.keymap = s.keymap.merged(with: user)
        XCTAssertTrue(text(s).contains("1-4: answer · z: undo"), text(s))
    }

    func testReviewCommandFromThePaletteBringsUpTheReviewPane() {
        var s = reviewing(session(["c1"]))
        Fixture.press(&s, "esc")
        XCTAssertEqual(s.focus, .navigator)
        XCTAssertEqual(App.run(&s, named: "review.reveal"), [])
        XCTAssertEqual(s.focus, .review)
        XCTAssertTrue(text(s).contains("Answer c1."), text(s))
    }
}
