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

    static let profiles = ArenaProfileList(options: [ArenaProfileOption(name: "small", model: "llama3.2", inUse: true),
                                                     ArenaProfileOption(name: "big", model: "qwen3"),
                                                     ArenaProfileOption(name: "tiny", model: "smollm2")],
                                           suggestedB: "big", configPath: "/cfg/recall/config.toml")

    /// The arena key, the profiles listed, then Enter on side A and side B (or `moves` before each Enter).
    func startRound(_ s: inout AppState, key: String, list: ArenaProfileList = profiles, downA: Int = 0, downB: Int = 0) -> [AppEffect] {
        let listing = Fixture.press(&s, key)
        guard case .ask(.listArenaProfiles(let setup))? = listing.last else { XCTFail("\(listing)"); return [] }
        XCTAssertNil(arenaQuery(listing), "nothing is asked before the profiles are chosen")
        _ = App.update(&s, .arenaProfiles(setup, .success(list)), now: Fixture.now)
        for _ in 0..<downA { Fixture.press(&s, "down") }
        Fixture.press(&s, "enter")
        for _ in 0..<downB { Fixture.press(&s, "down") }
        return Fixture.press(&s, "enter")
    }

    func votes(_ fx: [AppEffect]) -> [ArenaChoice] {
        fx.compactMap { if case .ask(.arenaVote(_, let c)) = $0 { return c } else { return nil } }
    }

    func testARoundStreamsBothSidesAndOneVoteIsRecorded() throws {
        var s = askState()
        Fixture.type(&s, "How do borrows work?")
        let q = try XCTUnwrap(arenaQuery(startRound(&s, key: "alt-b")))
        XCTAssertEqual(q.question, "How do borrows work?")
        XCTAssertEqual(q.pair, ArenaPair(a: "small", b: "big"), "the profile in use, then the suggested one, preselected")
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
        let q = try XCTUnwrap(arenaQuery(startRound(&s, key: "alt-l")))
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
        let q = try XCTUnwrap(arenaQuery(startRound(&s, key: "alt-b")))
        let fx = Fixture.press(&s, "esc")
        XCTAssertTrue(fx.contains { if case .ask(.cancel(let id)) = $0 { return id == q.requestId } else { return false } })
        XCTAssertEqual(s.ask.arena?.failure, "stopped")
        XCTAssertFalse(s.ask.isBusy)
        Fixture.type(&s, "Another question")
        Fixture.press(&s, "enter")
        XCTAssertNil(s.ask.arena, "asking normally leaves the arena")
    }

    func testTheTwoProfilesAreChosenAndRememberedForTheSession() throws {
        var s = askState()
        Fixture.type(&s, "Which is faster?")
        guard case .ask(.listArenaProfiles(let setup))? = Fixture.press(&s, "alt-b").last else { return XCTFail() }
        _ = App.update(&s, .arenaProfiles(setup, .success(Self.profiles)), now: Fixture.now)
        guard case .picker(let pa)? = s.overlay else { return XCTFail("side A picker") }
        XCTAssertEqual(pa.items.map(\.label), ["small · llama3.2 (in use)", "big · qwen3", "tiny · smollm2"])
        XCTAssertEqual(pa.selected, 0, "the profile in use preselected")
        Fixture.press(&s, "enter")
        guard case .picker(let pb)? = s.overlay else { return XCTFail("side B picker") }
        XCTAssertEqual(pb.items.map(\.value), ["big", "tiny"], "side A is not offered again")
        XCTAssertEqual(pb.items[pb.selected].value, "big")
        let q = try XCTUnwrap(arenaQuery(Fixture.press(&s, "down", "enter")))
        XCTAssertEqual(q.pair, ArenaPair(a: "small", b: "tiny"))
        XCTAssertEqual(s.arenaPair, q.pair)
        // The next round (the shown question again) preselects the last choice.
        let again = try XCTUnwrap(arenaQuery(startRound(&s, key: "alt-b")))
        XCTAssertEqual(again.pair, ArenaPair(a: "small", b: "tiny"))
    }

    func testWithOneProfileTheUserIsToldHowToAddASecond() {
        var s = askState()
        Fixture.type(&s, "Why?")
        guard case .ask(.listArenaProfiles(let setup))? = Fixture.press(&s, "alt-b").last else { return XCTFail() }
        let one = ArenaProfileList(options: [ArenaProfileOption(name: "default", model: "llama3.2", inUse: true)], suggestedB: nil,
                                   configPath: "/cfg/recall/config.toml")
        _ = App.update(&s, .arenaProfiles(setup, .success(one)), now: Fixture.now)
        XCTAssertNil(s.overlay)
        XCTAssertNil(s.ask.arena)
        let message = s.status.message?.text ?? ""
        XCTAssertTrue(message.contains("needs a second model profile") && message.contains("[profiles.NAME]")
                      && message.contains("/cfg/recall/config.toml"), message)
        XCTAssertEqual(s.ask.input.text, "Why?", "the question stays in the box")
    }
}
