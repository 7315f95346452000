import ArgumentParser
import Foundation
import Grounding
import RecallKit
import Store

extension ArenaVote: ExpressibleByArgument {}

/// `recall arena`: the same question, with the same sources, asked of two model profiles; votes and win rates.
struct ArenaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "arena", abstract: "A/B arena: ask two model profiles the same question with the same sources, vote, see win rates.",
        subcommands: [ArenaAskCommand.self, ArenaVoteCommand.self, ArenaStatsCommand.self], defaultSubcommand: ArenaAskCommand.self)
}

/// `recall arena "question" --a PROFILE --b PROFILE`.
struct ArenaAskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask", abstract: "Ask two profiles the same question (one retrieval, both answers at once) and save the round.",
        discussion: """
            Profiles are the [profiles.NAME] tables of config.toml. Both answers get the same numbered sources. With a \
            terminal on stdin you are asked for a vote (a, b, t for a tie, Enter to skip); scripts pass --vote. --blind \
            hides which profile wrote which answer (and shuffles the sides) until the vote; `recall arena vote ROUND a|b|tie` \
            votes later. --json prints both answers with their figures.
            """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The question.") var question: [String] = []
    @Option(name: .customLong("a"), help: "Profile A (a [profiles.NAME] table in config.toml).") var profileA: String
    @Option(name: .customLong("b"), help: "Profile B.") var profileB: String
    @Flag(help: "Hide the profile names (and shuffle the sides) until the vote.") var blind = false
    @Option(help: "Record this vote at once: a, b or tie.") var vote: ArenaVote?
    @Flag(help: "Ask the models even when nothing relevant was found.") var anyway = false

    func validate() throws {
        if question.joined().trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("no question — write it after `recall arena`, e.g. recall arena \"what is a KV cache\" --a small --b big")
        }
    }

    func run() async throws {
        let text = question.joined(separator: " ")
        var first = try LLMConfigLoader.load(overrides: LLMOverrides(profile: profileA))
        var second = try LLMConfigLoader.load(overrides: LLMOverrides(profile: profileB))
        if blind && Bool.random() { swap(&first, &second) }
        let db = try global.openDatabase()
        let arena = try ArenaService.make(db: db, a: first, b: second, queryLog: try global.queryLog(profile: first))
        if !global.json { Output.note("asking \(blind ? "both sides" : "\(first.name) and \(second.name)") the same question…") }
        let result: ArenaResult
        do { result = try await arena.run(question: text, anyway: anyway, blind: blind, vote: vote) } catch let f as AskFailure {
            throw CLIError(f.description)
        }
        if global.json { return try Output.json(ArenaDocument(result, vote: vote, blind: blind)) }
        if let f = result.fallback { Output.note("\(f) — using bm25") }
        let hidden = blind && vote == nil
        for side in ArenaSide.allCases { printSide(side, result.side(side), hidden: hidden) }
        if let sources = (result.a.result ?? result.b.result)?.sources, !sources.isEmpty {
            print("Sources (both answers):")
            for p in sources { print("[\(p.n)] \(Output.field(p.notebook)) ▸ \(Output.field(p.title))") }
        }
        guard let id = result.roundID else {
            Output.note("round not saved for a vote — \(result.notSaved ?? "no answers")")
            return
        }
        var cast = vote
        if cast == nil, isatty(0) == 1 { cast = Self.promptVote() }
        if let cast, vote == nil { try db.voteArenaRound(id: id, vote: cast) }
        if let cast {
            print("round \(id): voted \(cast.rawValue)" + (blind ? " — A was \(Output.field(result.a.profile)) (\(Output.field(result.a.record.model))), B was \(Output.field(result.b.profile)) (\(Output.field(result.b.record.model)))" : ""))
        } else {
            print("round \(id) saved — vote with `recall arena vote \(id) a|b|tie`")
        }
    }

    private func printSide(_ side: ArenaSide, _ answer: ArenaAnswer, hidden: Bool) {
        let label = side.rawValue.uppercased()
        let name = hidden ? "" : " · \(Output.field(answer.profile)) (\(Output.field(answer.record.model)))"
        guard let r = answer.result else {
            print("── \(label)\(name) — failed: \(Output.field(answer.failure?.description ?? "no answer"))\n")
            return
        }
        var figures: [String] = []
        if let t = r.timings.firstTokenMS { figures.append("first token \(Int(t.rounded())) ms") }
        if let t = r.timings.tokensPerSecond { figures.append(String(format: "%.1f tok/s", t)) }
        if let i = r.promptTokens { figures.append("\(i) tokens in") }
        if let o = r.outputTokens { figures.append("\(o) out") }
        if r.mode != .generated { figures.append(r.mode.rawValue) }
        print("── \(label)\(name)" + (figures.isEmpty ? "" : " — " + figures.joined(separator: " · ")))
        print(Output.safe(r.answer.isEmpty ? "(no answer)" : r.answer) + "\n")
    }

    /// Asks for a vote on the terminal; nil when skipped.
    static func promptVote() -> ArenaVote? {
        Output.err("Which answer is better? a, b, t (tie), Enter to skip: ")
        guard let line = readLine()?.trimmingCharacters(in: .whitespaces).lowercased(), !line.isEmpty else { return nil }
        switch line {
        case "a": return .a
        case "b": return .b
        case "t", "tie": return .tie
        default:
            Output.note("'\(line)' is not a, b or t — no vote recorded")
            return nil
        }
    }
}

/// `recall arena vote ROUND a|b|tie`.
struct ArenaVoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "vote", abstract: "Vote on a saved arena round (and see who was who).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The round number `recall arena` printed.") var round: Int64
    @Argument(help: "a, b or tie.") var vote: ArenaVote

    func run() throws {
        let db = try global.openDatabase()
        guard let r = try db.arenaRounds().first(where: { $0.id == round }) else {
            throw CLIError("no arena round \(round) — `recall arena stats` counts the saved rounds")
        }
        try db.voteArenaRound(id: round, vote: vote)
        print("round \(round): voted \(vote.rawValue) — A was \(Output.field(r.a.profile)) (\(Output.field(r.a.model))), B was \(Output.field(r.b.profile)) (\(Output.field(r.b.model)))")
    }
}

/// `recall arena stats`.
struct ArenaStatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Win rates per model pair, with counts.")
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let db = try global.openForReading()
        let pairs = ArenaPairStats.tally(try db.arenaRounds())
        if global.json { return try Output.json(["pairs": pairs]) }
        if pairs.isEmpty { Output.note("no arena rounds yet — run `recall arena \"question\" --a PROFILE --b PROFILE`"); return }
        func pct(_ v: Double?) -> String { v.map { String(format: "%.0f%%", $0 * 100) } ?? "—" }
        for p in pairs {
            print("\(Output.field(p.modelA)) vs \(Output.field(p.modelB)): \(p.votes) vote\(p.votes == 1 ? "" : "s") — "
                  + "\(Output.field(p.modelA)) \(p.winsA) (\(pct(p.winRateA))), \(Output.field(p.modelB)) \(p.winsB) (\(pct(p.winRateB))), "
                  + "ties \(p.ties)" + (p.unvoted > 0 ? ", \(p.unvoted) not voted" : ""))
        }
    }
}

/// `recall arena --json`.
struct ArenaDocument: Encodable {
    struct Side: Encodable {
        var profile: String
        var model: String
        var answer: String?
        var mode: String?
        var grounded: Bool?
        var firstTokenMs: Double?
        var tokensPerSecond: Double?
        var tokensIn: Int?
        var tokensOut: Int?
        var totalMs: Double?
        var error: String?

        init(_ a: ArenaAnswer) {
            profile = a.profile
            model = a.record.model
            answer = a.result?.answer
            mode = a.result?.mode.rawValue
            grounded = a.result?.grounded
            firstTokenMs = a.result?.timings.firstTokenMS
            tokensPerSecond = a.result?.timings.tokensPerSecond
            tokensIn = a.result?.promptTokens
            tokensOut = a.result?.outputTokens
            totalMs = a.result?.timings.totalMS
            error = a.failure?.description
        }
    }

    struct Source: Encodable {
        var n: Int
        var snippetId: String
        var title: String
        var notebook: String
    }

    var roundId: Int64?
    var question: String
    var retrieval: String
    var blind: Bool
    var vote: String?
    var notSaved: String?
    var a: Side
    var b: Side
    var sources: [Source]

    init(_ r: ArenaResult, vote: ArenaVote?, blind: Bool) {
        roundId = r.roundID
        question = r.question
        retrieval = r.retrieval.rawValue
        self.blind = blind
        self.vote = r.roundID == nil ? nil : vote?.rawValue
        notSaved = r.notSaved
        a = Side(r.a)
        b = Side(r.b)
        sources = ((r.a.result ?? r.b.result)?.sources ?? []).map { Source(n: $0.n, snippetId: $0.snippetID, title: $0.title, notebook: $0.notebook) }
    }
}
