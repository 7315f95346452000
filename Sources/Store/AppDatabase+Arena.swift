import Foundation
import GRDB

/// A vote in the A/B arena.
public enum ArenaVote: String, Sendable, Hashable, Codable, CaseIterable {
    /// Answer A is better.
    case a
    /// Answer B is better.
    case b
    /// Neither is better.
    case tie
}

/// One side of an arena round as stored.
public struct ArenaSideRecord: Sendable, Hashable, Codable {
    /// The profile asked.
    public var profile: String
    /// The chat model that answered.
    public var model: String
    /// The answer text.
    public var answer: String
    /// Time to the first token, ms.
    public var firstTokenMS: Double?
    /// Generation speed.
    public var tokensPerSecond: Double?
    /// Prompt tokens.
    public var tokensIn: Int?
    /// Tokens generated.
    public var tokensOut: Int?

    /// Creates a side.
    public init(profile: String, model: String, answer: String, firstTokenMS: Double? = nil, tokensPerSecond: Double? = nil,
                tokensIn: Int? = nil, tokensOut: Int? = nil) {
        self.profile = profile
        self.model = model
        self.answer = answer
        self.firstTokenMS = firstTokenMS
        self.tokensPerSecond = tokensPerSecond
        self.tokensIn = tokensIn
        self.tokensOut = tokensOut
    }
}

/// One saved arena round.
public struct ArenaRoundRecord: Sendable, Hashable, Codable {
    /// Row id (nil before saving).
    public var id: Int64?
    /// The question.
    public var question: String
    /// The retrieval mode both answers used.
    public var retrieval: String
    /// How many sources both answers were given.
    public var sources: Int
    /// The names were hidden until the vote.
    public var blind: Bool
    /// Side A.
    public var a: ArenaSideRecord
    /// Side B.
    public var b: ArenaSideRecord
    /// The vote (nil until cast).
    public var vote: ArenaVote?
    /// When it was asked.
    public var createdAt: Date?

    /// Creates a round.
    public init(id: Int64? = nil, question: String, retrieval: String, sources: Int, blind: Bool, a: ArenaSideRecord, b: ArenaSideRecord,
                vote: ArenaVote? = nil, createdAt: Date? = nil) {
        self.id = id
        self.question = question
        self.retrieval = retrieval
        self.sources = sources
        self.blind = blind
        self.a = a
        self.b = b
        self.vote = vote
        self.createdAt = createdAt
    }
}

extension AppDatabase {
    /// Saves a round (with its vote, if already cast) and returns its id.
    public func saveArenaRound(_ r: ArenaRoundRecord) throws -> Int64 {
        let now = clock()
        return try write { db in
            try db.execute(sql: """
                INSERT INTO arena_round (question, retrieval, sources, blind,
                    profile_a, model_a, answer_a, first_token_ms_a, tokens_per_s_a, tokens_in_a, tokens_out_a,
                    profile_b, model_b, answer_b, first_token_ms_b, tokens_per_s_b, tokens_in_b, tokens_out_b,
                    vote, created_at, voted_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [r.question, r.retrieval, r.sources, r.blind,
                                 r.a.profile, r.a.model, Self.storable(r.a.answer), r.a.firstTokenMS, r.a.tokensPerSecond, r.a.tokensIn, r.a.tokensOut,
                                 r.b.profile, r.b.model, Self.storable(r.b.answer), r.b.firstTokenMS, r.b.tokensPerSecond, r.b.tokensIn, r.b.tokensOut,
                                 r.vote?.rawValue, now, r.vote == nil ? nil : now])
            return db.lastInsertedRowID
        }
    }

    /// Records the vote of a saved round (a later vote replaces an earlier one).
    public func voteArenaRound(id: Int64, vote: ArenaVote) throws {
        let now = clock()
        try write { db in
            try db.execute(sql: "UPDATE arena_round SET vote = ?, voted_at = ? WHERE id = ?", arguments: [vote.rawValue, now, id])
            if db.changesCount == 0 { throw StoreError.notFound("arena round \(id)") }
        }
    }

    /// Saved rounds, oldest first.
    public func arenaRounds() throws -> [ArenaRoundRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM arena_round ORDER BY id").map { row in
                func side(_ s: String) -> ArenaSideRecord {
                    ArenaSideRecord(profile: row["profile_" + s], model: row["model_" + s], answer: row["answer_" + s],
                                    firstTokenMS: row["first_token_ms_" + s], tokensPerSecond: row["tokens_per_s_" + s],
                                    tokensIn: row["tokens_in_" + s], tokensOut: row["tokens_out_" + s])
                }
                return ArenaRoundRecord(id: row["id"], question: row["question"], retrieval: row["retrieval"], sources: row["sources"],
                                        blind: row["blind"], a: side("a"), b: side("b"),
                                        vote: (row["vote"] as String?).flatMap(ArenaVote.init(rawValue:)), createdAt: row["created_at"])
            }
        }
    }
}
