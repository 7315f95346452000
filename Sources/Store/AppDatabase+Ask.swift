import Foundation
import GRDB
import Grounding

/// Where a question was asked (the scope that limited retrieval).
public enum AskScopeKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// All notes.
    case all
    /// One project.
    case project
    /// One notebook.
    case notebook
}

/// A source as kept with an answer.
public struct AskSourceRecord: Sendable, Hashable, Codable {
    /// The number the answer cites.
    public var n: Int
    /// The snippet (nil once it was deleted for good).
    public var snippetID: String?
    /// The chunk (nil once the chunk no longer exists, e.g. its text changed).
    public var chunkID: Int64?
    /// The snippet title at the time.
    public var title: String
    /// The notebook title at the time.
    public var notebook: String
    /// The excerpt used.
    public var excerpt: String
    /// The retrieval score.
    public var score: Double

    /// Creates a source record.
    public init(n: Int, snippetID: String?, chunkID: Int64?, title: String, notebook: String, excerpt: String, score: Double) {
        self.n = n
        self.snippetID = snippetID
        self.chunkID = chunkID
        self.title = title
        self.notebook = notebook
        self.excerpt = excerpt
        self.score = score
    }
}

/// A citation as kept with an answer.
public struct AskCitationRecord: Sendable, Hashable, Codable {
    /// The number cited.
    public var n: Int
    /// Its bracket group in the answer (`Character` offsets).
    public var range: Range<Int>
    /// The verdict.
    public var support: CitationSupport

    /// Creates a citation record.
    public init(n: Int, range: Range<Int>, support: CitationSupport) {
        self.n = n
        self.range = range
        self.support = support
    }
}

/// Timings of one answer in milliseconds (nil when the step did not happen, e.g. no first token).
public struct AskTimings: Sendable, Hashable, Codable {
    /// Retrieval (query rewrite excluded).
    public var retrievalMS: Double?
    /// Building the prompt (budgeting, source text, template).
    public var promptMS: Double?
    /// From the start to the first answer token.
    public var firstTokenMS: Double?
    /// From the start to the end.
    public var totalMS: Double?
    /// Generation speed.
    public var tokensPerSecond: Double?

    /// Creates timings.
    public init(retrievalMS: Double? = nil, promptMS: Double? = nil, firstTokenMS: Double? = nil, totalMS: Double? = nil,
                tokensPerSecond: Double? = nil) {
        self.retrievalMS = retrievalMS
        self.promptMS = promptMS
        self.firstTokenMS = firstTokenMS
        self.totalMS = totalMS
        self.tokensPerSecond = tokensPerSecond
    }
}

/// One saved question and answer.
public struct AskRecord: Sendable, Hashable, Codable, Identifiable {
    /// Row id (nil before saving).
    public var id: Int64?
    /// Shared by the answers of one thread of follow-ups.
    public var threadID: String?
    /// The question as asked.
    public var question: String
    /// The query retrieval used (the question, or its standalone rewrite).
    public var standaloneQuery: String
    /// The answer text (partial when stopped).
    public var answer: String
    /// How it was made.
    public var mode: AskMode
    /// At least one citation is verified.
    public var grounded: Bool
    /// The chat model (nil when none was asked).
    public var model: String?
    /// The retrieval mode used: `hybrid`, `bm25` or `vector`.
    public var retrieval: String
    /// The scope.
    public var scope: AskScopeKind
    /// The project or notebook id of the scope.
    public var scopeID: String?
    /// Stopped (cancelled) before the model finished.
    public var stopped: Bool
    /// Some retrieved sources were left out or cut to fit the context.
    public var trimmed: Bool
    /// Timings.
    public var timings: AskTimings
    /// The sources given to the model, by number.
    public var sources: [AskSourceRecord]
    /// The citations in the answer, in order.
    public var citations: [AskCitationRecord]
    /// When it was asked (set by the store when saving).
    public var createdAt: Date?

    /// Creates a record.
    public init(id: Int64? = nil, threadID: String? = nil, question: String, standaloneQuery: String, answer: String,
                mode: AskMode, grounded: Bool, model: String?, retrieval: String, scope: AskScopeKind = .all,
                scopeID: String? = nil, stopped: Bool = false, trimmed: Bool = false, timings: AskTimings = AskTimings(),
                sources: [AskSourceRecord] = [], citations: [AskCitationRecord] = [], createdAt: Date? = nil) {
        self.id = id
        self.threadID = threadID
        self.question = question
        self.standaloneQuery = standaloneQuery
        self.answer = answer
        self.mode = mode
        self.grounded = grounded
        self.model = model
        self.retrieval = retrieval
        self.scope = scope
        self.scopeID = scopeID
        self.stopped = stopped
        self.trimmed = trimmed
        self.timings = timings
        self.sources = sources
        self.citations = citations
        self.createdAt = createdAt
    }
}

/// A chunk's full text with its place, and its neighbours in the same snippet (for building Ask sources).
public struct ChunkPassage: Sendable, Hashable {
    /// The chunk.
    public var chunkID: Int64
    /// The snippet.
    public var snippetID: String
    /// The snippet title.
    public var title: String
    /// The notebook title.
    public var notebook: String
    /// The chunk's text.
    public var text: String
    /// The chunk before it in the same snippet.
    public var previous: NeighbourChunk?
    /// The chunk after it in the same snippet.
    public var next: NeighbourChunk?
}

extension AppDatabase {
    /// Saves an answer with its sources and citations in one transaction; returns its id.
    @discardableResult
    public func saveAsk(_ record: AskRecord) throws -> Int64 {
        let now = clock()
        return try write { db in
            try db.execute(sql: """
                INSERT INTO ask_answer (thread_id, question, standalone_query, answer, mode, grounded, model, retrieval, scope,
                    scope_id, stopped, trimmed, retrieval_ms, prompt_ms, first_token_ms, total_ms, tokens_per_s, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [record.threadID, record.question, record.standaloneQuery, Self.storable(record.answer), record.mode.rawValue,
                                 record.grounded, record.model, record.retrieval, record.scope.rawValue, record.scopeID,
                                 record.stopped, record.trimmed, record.timings.retrievalMS, record.timings.promptMS,
                                 record.timings.firstTokenMS, record.timings.totalMS, record.timings.tokensPerSecond, now])
            let id = db.lastInsertedRowID
            for s in record.sources {
                // A source deleted since retrieval is kept by title only.
                let snippet = try s.snippetID.flatMap { try String.fetchOne(db, sql: "SELECT id FROM snippet WHERE id = ?", arguments: [$0]) }
                let chunk = try s.chunkID.flatMap { try Int64.fetchOne(db, sql: "SELECT id FROM chunk WHERE id = ?", arguments: [$0]) }
                try db.execute(sql: """
                    INSERT INTO ask_source (answer_id, n, snippet_id, chunk_id, title, notebook, excerpt, score)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [id, s.n, snippet, chunk, s.title, s.notebook, s.excerpt, s.score])
            }
            for (position, c) in record.citations.enumerated() {
                try db.execute(sql: """
                    INSERT INTO ask_citation (answer_id, position, n, char_start, char_end, support) VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [id, position, c.n, c.range.lowerBound, c.range.upperBound, c.support.rawValue])
            }
            return id
        }
    }

    /// Saved answers, newest first, with their sources and citations.
    public func askHistory(limit: Int = 50) throws -> [AskRecord] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM ask_answer ORDER BY id DESC LIMIT ?", arguments: [max(limit, 0)])
            return try rows.map { try Self.askRecord($0, db) }
        }
    }

    /// One saved answer.
    public func askAnswer(id: Int64) throws -> AskRecord? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM ask_answer WHERE id = ?", arguments: [id]).map { try Self.askRecord($0, db) }
        }
    }

    /// The answers of one thread, oldest first.
    public func askThread(id threadID: String) throws -> [AskRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM ask_answer WHERE thread_id = ? ORDER BY id", arguments: [threadID])
                .map { try Self.askRecord($0, db) }
        }
    }

    static func askRecord(_ r: Row, _ db: Database) throws -> AskRecord {
        let id: Int64 = r["id"]
        let sources = try Row.fetchAll(db, sql: "SELECT * FROM ask_source WHERE answer_id = ? ORDER BY n", arguments: [id]).map {
            AskSourceRecord(n: $0["n"], snippetID: $0["snippet_id"], chunkID: $0["chunk_id"], title: $0["title"],
                            notebook: $0["notebook"], excerpt: $0["excerpt"], score: $0["score"])
        }
        let citations = try Row.fetchAll(db, sql: "SELECT * FROM ask_citation WHERE answer_id = ? ORDER BY position", arguments: [id]).map {
            AskCitationRecord(n: $0["n"], range: ($0["char_start"] as Int)..<($0["char_end"] as Int),
                              support: CitationSupport(rawValue: $0["support"]) ?? .unverified)
        }
        return AskRecord(id: id, threadID: r["thread_id"], question: r["question"], standaloneQuery: r["standalone_query"],
                         answer: r["answer"], mode: AskMode(rawValue: r["mode"]) ?? .generated, grounded: r["grounded"],
                         model: r["model"], retrieval: r["retrieval"], scope: AskScopeKind(rawValue: r["scope"]) ?? .all,
                         scopeID: r["scope_id"], stopped: r["stopped"], trimmed: r["trimmed"],
                         timings: AskTimings(retrievalMS: r["retrieval_ms"], promptMS: r["prompt_ms"], firstTokenMS: r["first_token_ms"],
                                             totalMS: r["total_ms"], tokensPerSecond: r["tokens_per_s"]),
                         sources: sources, citations: citations, createdAt: r["created_at"])
    }

    /// The full text of live chunks with their snippet/notebook titles and their neighbouring chunks, in the
    /// order of `ids` (trashed or missing chunks are skipped).
    public func chunkPassages(ids: [Int64]) throws -> [ChunkPassage] {
        guard !ids.isEmpty else { return [] }
        return try read { db in
            var found: [Int64: ChunkPassage] = [:]
            for start in stride(from: 0, to: ids.count, by: 250) {
                let part = Array(ids[start..<min(ids.count, start + 250)])
                let marks = repeatElement("?", count: part.count).joined(separator: ",")
                let rows = try Row.fetchAll(db, sql: """
                    SELECT c.id, c.snippet_id, c.ordinal, c.text, s.title AS snippet_title, n.title AS notebook_title,
                           (SELECT pv.id FROM chunk pv WHERE pv.snippet_id = c.snippet_id AND pv.ordinal = c.ordinal - 1) AS prev_id,
                           (SELECT pv.text FROM chunk pv WHERE pv.snippet_id = c.snippet_id AND pv.ordinal = c.ordinal - 1) AS prev_text,
                           (SELECT x.id FROM chunk x WHERE x.snippet_id = c.snippet_id AND x.ordinal = c.ordinal + 1) AS next_id,
                           (SELECT x.text FROM chunk x WHERE x.snippet_id = c.snippet_id AND x.ordinal = c.ordinal + 1) AS next_text
                    \(Self.liveChunkJoin) AND c.id IN (\(marks))
                    """, arguments: StatementArguments(part))
                for r in rows {
                    let id: Int64 = r["id"]
                    let prevID: Int64? = r["prev_id"], nextID: Int64? = r["next_id"]
                    found[id] = ChunkPassage(chunkID: id, snippetID: r["snippet_id"], title: r["snippet_title"],
                                             notebook: r["notebook_title"], text: r["text"],
                                             previous: prevID.map { NeighbourChunk(chunkID: $0, text: r["prev_text"]) },
                                             next: nextID.map { NeighbourChunk(chunkID: $0, text: r["next_text"]) })
                }
            }
            return ids.compactMap { found[$0] }
        }
    }
}
