import Foundation
import Grounding
import RecallKit
import Store

/// The `recall ask --json` document (these names are a contract for scripts; nil values are written as null,
/// except `created_at`, present only for a saved answer).
struct AskDocument: Encodable {
    /// One cited number.
    struct CitationDoc: Encodable {
        var n: Int
        @NullEncodable var snippetId: String?
        @NullEncodable var chunkId: Int64?
        @NullEncodable var title: String?
        @NullEncodable var notebook: String?
        @NullEncodable var excerpt: String?
        var verified: Bool
        var support: String
    }

    /// One source sent.
    struct SourceDoc: Encodable {
        var n: Int
        @NullEncodable var snippetId: String?
        @NullEncodable var chunkId: Int64?
        var title: String
        var notebook: String
        var score: Double
    }

    /// Step timings in milliseconds.
    struct TimingsDoc: Encodable {
        @NullEncodable var retrievalMs: Double?
        @NullEncodable var promptMs: Double?
        @NullEncodable var firstTokenMs: Double?
        @NullEncodable var totalMs: Double?
        @NullEncodable var tokensPerS: Double?

        init(_ t: AskTimings) {
            retrievalMs = t.retrievalMS.map(Self.round)
            promptMs = t.promptMS.map(Self.round)
            firstTokenMs = t.firstTokenMS.map(Self.round)
            totalMs = t.totalMS.map(Self.round)
            tokensPerS = t.tokensPerSecond.map(Self.round)
        }

        static func round(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }
    }

    @NullEncodable var id: Int64?
    var question: String
    var standaloneQuery: String
    var answer: String
    var mode: String
    var grounded: Bool
    var citations: [CitationDoc]
    var sources: [SourceDoc]
    @NullEncodable var model: String?
    var retrieval: String
    var timings: TimingsDoc
    var stopped: Bool
    var trimmed: Bool
    var closestTitles: [String]
    var notes: [String]
    @NullEncodable var threadId: String?
    var createdAt: Date?

    /// The document of a fresh answer.
    init(_ r: AskResult) {
        id = r.id
        question = r.question
        standaloneQuery = r.standaloneQuery
        answer = r.answer
        mode = r.mode.rawValue
        grounded = r.grounded
        citations = r.citations.citations.map { c in
            CitationDoc(n: c.n, snippetId: c.passage?.snippetID, chunkId: c.passage?.chunkID, title: c.passage?.title,
                        notebook: c.passage?.notebook, excerpt: c.passage?.excerpt(limit: 300), verified: c.verified,
                        support: c.support.rawValue)
        }
        sources = r.sources.map { SourceDoc(n: $0.n, snippetId: $0.snippetID, chunkId: $0.chunkID, title: $0.title, notebook: $0.notebook, score: $0.score) }
        model = r.model
        retrieval = r.retrieved.retrieval.rawValue
        timings = TimingsDoc(r.timings)
        stopped = r.stopped
        trimmed = r.retrieved.trimmed
        closestTitles = r.mode == .nothingFound ? r.retrieved.closestTitles : []
        var notes: [String] = []
        if let f = r.retrieved.fallback { notes.append("retrieval fell back to bm25: \(f)") }
        if let e = r.extractiveReason { notes.append("extractive: \(e)") }
        notes += r.warnings.map(\.description)
        self.notes = notes
        threadId = r.threadID
    }

    /// The document of a saved answer.
    init(record r: AskRecord) {
        id = r.id
        question = r.question
        standaloneQuery = r.standaloneQuery
        answer = r.answer
        mode = r.mode.rawValue
        grounded = r.grounded
        let byNumber = Dictionary(r.sources.map { ($0.n, $0) }, uniquingKeysWith: { a, _ in a })
        citations = r.citations.map { c in
            let s = c.support == .unverified ? nil : byNumber[c.n]
            return CitationDoc(n: c.n, snippetId: s?.snippetID, chunkId: s?.chunkID, title: s?.title, notebook: s?.notebook,
                               excerpt: s?.excerpt, verified: c.support != .unverified, support: c.support.rawValue)
        }
        sources = r.sources.map { SourceDoc(n: $0.n, snippetId: $0.snippetID, chunkId: $0.chunkID, title: $0.title, notebook: $0.notebook, score: $0.score) }
        model = r.model
        retrieval = r.retrieval
        timings = TimingsDoc(r.timings)
        stopped = r.stopped
        trimmed = r.trimmed
        closestTitles = []
        notes = []
        threadId = r.threadID
        createdAt = r.createdAt
    }

}
