import Foundation
import TUI

/// The A/B arena in the Ask pane: the question in the box (or the shown one) asked of a second profile too, both
/// answers streaming side by side, then `a` / `b` / `t` votes.
extension App {
    /// Alt-B (Alt-L blind): reads the configured profiles, then asks which two answer (see `App+ArenaProfiles`).
    static func askArena(_ s: inout AppState, blind: Bool) -> [AppEffect] {
        let typed = s.ask.input.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let question = typed.isEmpty ? s.ask.arena?.question ?? s.ask.current?.question : typed else {
            return flash(&s, "Type a question (or ask one first), then the arena key asks it of two models")
        }
        return [.ask(.listArenaProfiles(ArenaSetup(question: question, typed: !typed.isEmpty, blind: blind)))]
    }

    /// Starts the round once both profiles are chosen.
    static func startArena(_ s: inout AppState, _ setup: ArenaSetup, _ pair: ArenaPair) -> [AppEffect] {
        let question = setup.question
        var fx = askStopIfRunning(&s) + arenaStopIfRunning(&s)
        if setup.typed {
            if s.ask.input.text.trimmingCharacters(in: .whitespacesAndNewlines) == question { s.ask.input = LineInput() }
            if s.ask.pastQuestions.last != question { s.ask.pastQuestions.append(question) }
        }
        s.arenaPair = pair
        s.ask.lastRequest += 1
        let id = s.ask.lastRequest
        s.ask.arena = ArenaView(requestId: id, question: question, blind: setup.blind)
        s.ask.inputFocused = false
        s.ask.selectedCitation = nil
        fx.append(.ask(.arena(ArenaQuery(requestId: id, question: question, scope: s.ask.scope, blind: setup.blind, pair: pair))))
        return fx + flash(&s, setup.blind ? "Arena (blind): asking two models…" : "Arena: asking \(pair.a) and \(pair.b)…")
    }

    /// Stops a running arena round (its partial answers stay on screen).
    static func arenaStopIfRunning(_ s: inout AppState) -> [AppEffect] {
        guard let arena = s.ask.arena, arena.isRunning else { return [] }
        s.ask.arena?.failure = "stopped"
        for slot in ArenaSlot.allCases where s.ask.arena?[slot].phase == .streaming || s.ask.arena?[slot].phase == .retrieving {
            s.ask.arena?[slot].phase = .stopped
        }
        return [.ask(.cancel(requestId: arena.requestId))]
    }

    /// `a` / `b` / `t` while the arena has the keyboard: votes; anywhere else the key types.
    static func askArenaVote(_ s: inout AppState, _ choice: ArenaChoice, key: String) -> [AppEffect] {
        guard let arena = s.ask.arena, !s.ask.inputFocused else { return askTyped(&s, key) }
        if arena.vote != nil { return flash(&s, "Already voted — ask another question") }
        guard arena.finished else { return flash(&s, arena.isRunning ? "Wait for both answers, then vote" : "This round stopped — nothing to vote on") }
        guard let round = arena.roundId else { return flash(&s, "No vote: \(arena.notSaved ?? "the round was not saved")", error: true) }
        s.ask.arena?.vote = choice
        let who = [ArenaSlot.a, .b].map { "\($0.rawValue.uppercased()) was \(arena[$0].info?.label ?? "?")" }.joined(separator: ", ")
        let what = choice == .tie ? "a tie" : choice.rawValue.uppercased()
        return [.ask(.arenaVote(roundId: round, choice))] + flash(&s, "Voted \(what) — \(who)")
    }

    /// An update of the arena round.
    static func arenaUpdate(_ s: inout AppState, requestId: Int, _ update: ArenaUpdate) -> [AppEffect] {
        guard var arena = s.ask.arena, arena.requestId == requestId, arena.failure == nil || arena.failure == "stopped" else { return [] }
        let live = arena.isRunning
        switch update {
        case .started(let a, let b):
            arena.a.info = a
            arena.b.info = b
        case .sources(let n):
            arena.sources = n
            for slot in ArenaSlot.allCases where arena[slot].phase == .retrieving { arena[slot].phase = .streaming }
        case .text(let slot, let t):
            guard live else { return [] }
            arena[slot].answer += t
            arena[slot].phase = .streaming
        case .sideFinished(let slot, let figures, let failure):
            arena[slot].figures = figures
            if arena[slot].phase != .stopped { arena[slot].phase = failure.map { .failed($0) } ?? .done }
        case .finished(let round, let notSaved):
            guard live else { return [] }
            arena.roundId = round
            arena.notSaved = notSaved
            arena.finished = true
        case .failed(let message):
            guard live else { return [] }
            arena.failure = message
            s.ask.arena = arena
            return flash(&s, "Arena: \(message)", error: true)
        }
        s.ask.arena = arena
        return []
    }
}
