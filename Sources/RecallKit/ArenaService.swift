import Foundation
import Grounding
import LLM
import Store

/// Which side of an arena round.
public enum ArenaSide: String, Sendable, Hashable, Codable, CaseIterable {
    /// The first profile.
    case a
    /// The second profile.
    case b
}

/// One side's outcome: the answer, or why there is none.
public struct ArenaAnswer: Sendable {
    /// The profile asked.
    public var profile: String
    /// The chat model of that profile.
    public var model: String
    /// The answer (nil when the ask failed).
    public var result: AskResult?
    /// Why it failed.
    public var failure: AskFailure?

    /// The stored form of this side.
    public var record: ArenaSideRecord {
        ArenaSideRecord(profile: profile, model: result?.model ?? model, answer: result?.answer ?? "",
                        firstTokenMS: result?.timings.firstTokenMS, tokensPerSecond: result?.timings.tokensPerSecond,
                        tokensIn: result?.promptTokens, tokensOut: result?.outputTokens)
    }
}

/// A finished arena round.
public struct ArenaResult: Sendable {
    /// The question.
    public var question: String
    /// What the one retrieval did (both sides got its hits).
    public var retrieval: SearchMode
    /// Why retrieval fell back to BM25, if it did.
    public var fallback: FallbackReason?
    /// Side A.
    public var a: ArenaAnswer
    /// Side B.
    public var b: ArenaAnswer
    /// The saved round (nil when it was not saved: a side has no generated answer).
    public var roundID: Int64?
    /// Why it was not saved.
    public var notSaved: String?

    /// The side named.
    public func side(_ s: ArenaSide) -> ArenaAnswer { s == .a ? a : b }
}

/// Asks one question of two model profiles with the same sources (one retrieval through the shared planner, then
/// both `AskService`s stream at once) and saves the round for a vote. Each side is logged as kind `arena`.
public final class ArenaService: Sendable {
    /// The database (rounds and votes are saved here).
    public let db: AppDatabase
    /// Side A's service.
    public let a: AskService
    /// Side B's service (it shares A's planner).
    public let b: AskService

    /// Creates an arena over two services that share one planner.
    public init(db: AppDatabase, a: AskService, b: AskService) {
        self.db = db
        self.a = a
        self.b = b
    }

    /// An arena for two resolved profiles; retrieval uses A's embedding settings.
    public static func make(db: AppDatabase, a: LLMProfile, b: LLMProfile, queryLog: QueryLog? = nil,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ArenaService {
        let planner = RetrievalPlanner(db: db, profile: .success(a), environment: environment)
        let template = try AskPromptFile.load(environment: environment)
        func service(_ p: LLMProfile) -> AskService {
            AskService(db: db, services: LLMServices(profile: p, environment: environment), planner: planner, template: template,
                       queryLog: queryLog)
        }
        return ArenaService(db: db, a: service(a), b: service(b))
    }

    /// Runs one round: retrieval once, both answers at once (events tagged with their side), then saves it with
    /// `vote` when given. Throws only when retrieval itself fails.
    public func run(question: String, scope: AskScope = .all, anyway: Bool = false, blind: Bool = false, vote: ArenaVote? = nil,
                    onEvent: @escaping @Sendable (ArenaSide, AskEvent) -> Void = { _, _ in }) async throws -> ArenaResult {
        let plan: RetrievalPlan
        do { plan = try await a.planner.plan(question, mode: nil, explicit: false, limit: 8, filter: scope.filter) } catch let e as RetrievalUnavailable {
            throw AskFailure.retrievalUnavailable(e)
        }
        var request = AskRequest(question: question, scope: scope, anyway: anyway, save: false)
        request.logKind = .arena
        async let first = answer(a, request, plan: plan) { onEvent(.a, $0) }
        async let second = answer(b, request, plan: plan) { onEvent(.b, $0) }
        let (ra, rb) = await (first, second)
        var result = ArenaResult(question: question, retrieval: plan.used, fallback: plan.fallback, a: ra, b: rb)
        let missing = [ra, rb].compactMap { side -> String? in
            if let f = side.failure { return "\(side.profile): \(f.description)" }
            if let r = side.result, r.mode != .generated {
                return "\(side.profile): no generated answer (\(r.mode.rawValue)" + (r.extractiveReason.map { ": \($0)" } ?? "") + ")"
            }
            if let r = side.result, r.stopped { return "\(side.profile): stopped" }
            return nil
        }
        if missing.isEmpty {
            let sources = ra.result?.sources.count ?? 0
            result.roundID = try db.saveArenaRound(ArenaRoundRecord(question: question, retrieval: plan.used.rawValue, sources: sources,
                                                                    blind: blind, a: ra.record, b: rb.record, vote: vote))
        } else {
            result.notSaved = missing.joined(separator: "; ")
        }
        return result
    }

    private func answer(_ service: AskService, _ request: AskRequest, plan: RetrievalPlan,
                        onEvent: @escaping @Sendable (AskEvent) -> Void) async -> ArenaAnswer {
        let profile = service.services.profile
        do {
            let r = try await service.ask(request, plan: plan, onEvent: onEvent)
            return ArenaAnswer(profile: profile.name, model: profile.chatModel, result: r)
        } catch let f as AskFailure {
            return ArenaAnswer(profile: profile.name, model: profile.chatModel, failure: f)
        } catch {
            return ArenaAnswer(profile: profile.name, model: profile.chatModel, failure: .other("\(error)"))
        }
    }
}

/// Win rates of one pair of models over the voted rounds (the pair in name order, whichever side each was on).
public struct ArenaPairStats: Sendable, Hashable, Encodable {
    /// The first model of the pair (name order).
    public var modelA: String
    /// The second model.
    public var modelB: String
    /// Voted rounds.
    public var votes: Int
    /// Rounds the first model won.
    public var winsA: Int
    /// Rounds the second model won.
    public var winsB: Int
    /// Ties.
    public var ties: Int
    /// Rounds asked but not voted on.
    public var unvoted: Int

    /// `winsA / votes` (nil without votes).
    public var winRateA: Double? { votes > 0 ? Double(winsA) / Double(votes) : nil }
    /// `winsB / votes` (nil without votes).
    public var winRateB: Double? { votes > 0 ? Double(winsB) / Double(votes) : nil }

    enum CodingKeys: String, CodingKey {
        case modelA = "model_a", modelB = "model_b", votes, winsA = "wins_a", winsB = "wins_b", ties, unvoted
        case winRateA = "win_rate_a", winRateB = "win_rate_b"
    }

    /// Encodes the counts and the rates.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(modelA, forKey: .modelA)
        try c.encode(modelB, forKey: .modelB)
        try c.encode(votes, forKey: .votes)
        try c.encode(winsA, forKey: .winsA)
        try c.encode(winsB, forKey: .winsB)
        try c.encode(ties, forKey: .ties)
        try c.encode(unvoted, forKey: .unvoted)
        try c.encode(winRateA, forKey: .winRateA)
        try c.encode(winRateB, forKey: .winRateB)
    }

    /// One entry per model pair, most voted first.
    public static func tally(_ rounds: [ArenaRoundRecord]) -> [ArenaPairStats] {
        var pairs: [String: ArenaPairStats] = [:]
        for r in rounds {
            let swapped = r.a.model > r.b.model
            let (first, second) = swapped ? (r.b.model, r.a.model) : (r.a.model, r.b.model)
            let key = first + "\u{0}" + second
            var p = pairs[key] ?? ArenaPairStats(modelA: first, modelB: second, votes: 0, winsA: 0, winsB: 0, ties: 0, unvoted: 0)
            switch r.vote {
            case nil: p.unvoted += 1
            case .tie?: p.votes += 1; p.ties += 1
            case .a?: p.votes += 1; if swapped { p.winsB += 1 } else { p.winsA += 1 }
            case .b?: p.votes += 1; if swapped { p.winsA += 1 } else { p.winsB += 1 }
            }
            pairs[key] = p
        }
        return pairs.values.sorted { ($0.votes, $1.modelA, $1.modelB) > ($1.votes, $0.modelA, $0.modelB) }
    }
}
