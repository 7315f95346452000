import Foundation
import TUI
import XCTest
@testable import AppCore

/// The A/B arena in the Ask pane as pure state: Alt-B starts a round for the typed question, updates fill both
/// sides, `a`/`b`/`t` vote only once both finished (and type into the box when no round is shown), stale updates
/// are dropped, Esc stops a running round and then goes back to the thread.
final class ArenaPaneTests: XCTestCase {
    func askState() -> AppState {
        var s = Fixture.state()
        _ = App.update(&s, .modelStatus(.ready("llama3.2")), now: Fixture.now)
        Fixture.press(&s, "2")
        XCTAssertEqual(s.focus, .ask)
        return s
    }

    func arenaQuery(_ fx: [AppEffect]) -> ArenaQuery? {
        fx.compactMap { if case .ask(.arena(let q)) = $0 { return q } else { return nil } }.last
    }

    func votes(_ fx: [AppEffect]) -> [ArenaChoice] {
        fx.compactMap { if case .ask(.arenaVote(_, let c)) = $0 { return c } else { return nil } }
    }

    func testARoundStreamsBothSidesAndOneVoteIsRecorded() throws {
        var s = askState()
        Fixture.type(&s, "How do borrows work?")
        let q = try XCTUnwrap(arenaQuery(Fixture.press(&s, "alt-b")))
        XCTAssertEqual(q.question, "How do borrows work?")
        XCTAssertFalse(q.blind)
        XCTAssertEqual(s.ask.input.text, "", "the question left the box")
        XCTAssertFalse(s.ask.inputFocused, "the answers have the keyboard, so a/b/t vote")
        // Voting before the answers are in says so.
        XCTAssertEqual(votes(Fixture.press(&s, "a")), [])
        XCTAssertEqual(s.ask.input.text, "")
        let id = q.requestId
        func send(_ u: ArenaUpdate, id: Int = id) { _ = App.update(&s, .arena(requestId: id, u), now: Fixture.now) }
        send(.started(a: ArenaSideInfo(profile: "small", model: "llama3.2"), b: ArenaSideInfo(profile: "big", model: "qwen3")))
        send(.sources(3))
        send(.text(.a, "Left answer"))
        send(.text(.b, "Right answer"))
        send(.text(.a, "stale", ), id: id - 1)
        XCTAssertEqual(s.ask.arena?.a.answer, "Left answer")
        XCTAssertEqual(s.ask.arena?.b.answer, "Right answer")
        let figures = ArenaFigures(firstTokenMs: 120, tokensPerSecond: 30, tokensIn: 300, tokensOut: 12, mode: .generated)
        send(.sideFinished(.a, figures, failure: nil))
        send(.sideFinished(.b, figures, failure: nil))
        send(.finished(roundId: 7, notSaved: nil))
        let screen = Fixture.screen(s).joined(separator: "\n")
        XCTAssertTrue(screen.contains("A · small (llama3.2)") && screen.contains("B · big (qwen3)"), screen)
        XCTAssertTrue(screen.contains("first token 120 ms"), screen)
        let fx = Fixture.press(&s, "b")
        XCTAssertEqual(votes(fx), [.b])
        XCTAssertEqual(s.ask.arena?.vote, .b)
        XCTAssertEqual(votes(Fixture.press(&s, "a")), [], "one vote per round")
        // Esc: back to the thread; then `a` types again.
        Fixture.press(&s, "esc")
        XCTAssertNil(s.ask.arena)
        Fixture.type(&s, "abt")
        XCTAssertEqual(s.ask.input.text, "abt")
    }

    func testABlindRoundHidesNamesUntilTheVoteAndAnUnsavedRoundCannotBeVoted() throws {
        var s = askState()
        Fixture.type(&s, "What is a lifetime?")
        let q = try XCTUnwrap(arenaQuery(Fixture.press(&s, "alt-l")))
        XCTAssertTrue(q.blind)
        func send(_ u: ArenaUpdate) { _ = App.update(&s, .arena(requestId: q.requestId, u), now: Fixture.now) }
        send(.started(a: ArenaSideInfo(profile: "big", model: "qwen3"), b: ArenaSideInfo(profile: "small", model: "llama3.2")))
        send(.sideFinished(.a, nil, failure: nil))
        send(.sideFinished(.b, nil, failure: "model not found"))
        send(.finished(roundId: nil, notSaved: "small: model not found"))
        let screen = Fixture.screen(s).joined(separator: "\n")
        XCTAssertFalse(screen.contains("qwen3") || screen.contains("llama3.2 ("), screen)
        XCTAssertEqual(votes(Fixture.press(&s, "a")), [])
        XCTAssertTrue(s.status.message?.text.contains("No vote: small: model not found") == true, "\(String(describing: s.status.message))")
    }

    func testEscStopsARunningRoundAndANewQuestionClosesIt() throws {
        var s = askState()
        Fixture.type(&s, "Why?")
        let q = try XCTUnwrap(arenaQuery(Fixture.press(&s, "alt-b")))
        let fx = Fixture.press(&s, "esc")
        XCTAssertTrue(fx.contains { if case .ask(.cancel(let id)) = $0 { return id == q.requestId } else { return false } })
        XCTAssertEqual(s.ask.arena?.failure, "stopped")
        XCTAssertFalse(s.ask.isBusy)
        Fixture.type(&s, "Another question")
        Fixture.press(&s, "enter")
        XCTAssertNil(s.ask.arena, "asking normally leaves the arena")
    }
}
