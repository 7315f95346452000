import AppCore
import Foundation
import LLM
import RecallKit
import Retrieval
import Store
import Terminal

/// Performs the search overlay's requests off the main thread through the shared `RetrievalPlanner` (which decides
/// hybrid/bm25/vector, falls back to BM25 saying why, and keeps the vector index current).
final class SearchEffects: @unchecked Sendable {
    private let mailbox: Mailbox<AppMessage>
    /// The planner (also the one to refresh after background embedding).
    let planner: RetrievalPlanner
    /// Where the searches the user made are recorded (nil: not logged).
    private let queryLog: QueryLog?
    /// The newest finished request's log entry, and the requests asked to be logged before they finished.
    private var finished: (requestId: Int, entry: QueryLogEntry)?
    private var wanted = Set<Int>()
    private let lock = NSLock()

    init(mailbox: Mailbox<AppMessage>, planner: RetrievalPlanner, queryLog: QueryLog? = nil) {
        self.mailbox = mailbox
        self.planner = planner
        self.queryLog = queryLog
    }

    /// Performs one search effect.
    func perform(_ effect: SearchEffect) {
        switch effect {
        case .run(let query, let requestId, let ranking): search(query, requestId: requestId, ranking: ranking)
        case .log(let requestId): log(requestId: requestId)
        }
    }

    /// Records a request the user settled on (D53): now if it has finished, else when it finishes.
    func log(requestId: Int) {
        lock.lock()
        let entry = finished?.requestId == requestId ? finished?.entry : nil
        if entry == nil { wanted.insert(requestId) } else { finished = nil }
        lock.unlock()
        if let entry { queryLog?.record(entry) }
    }

    /// A request finished: record it if it was asked for, else keep it until it is (only the newest is kept).
    private func finish(_ requestId: Int, _ entry: QueryLogEntry) {
        lock.lock()
        let now = wanted.remove(requestId) != nil  // every request finishes (results or failure), so `wanted` drains
        if !now, requestId > (finished?.requestId ?? Int.min) { finished = (requestId, entry) }
        lock.unlock()
        if now { queryLog?.record(entry) }
    }

    /// Runs one request; results (and the ranking used) arrive tagged with its id.
    func search(_ query: String, requestId: Int, ranking: SearchRanking) {
        Task.detached { [self] in
            let started = ContinuousClock.now
            func elapsedMS() -> Double { (ContinuousClock.now - started).secondsDouble * 1000 }
            do {
                let plan = try await planner.plan(query, mode: SearchMode(rawValue: ranking.rawValue), explicit: false, limit: 40)
                let took = elapsedMS()
                finish(requestId, QueryLogEntry(kind: .search, question: query, retrieval: plan.used.rawValue,
                                                latency: QueryLatency(retrievalMS: took, totalMS: took),
                                                outcome: plan.hits.isEmpty ? .noResults : .results, hits: plan.hits.count))
                let used = plan.fallback.map { "bm25 — \($0.label)" } ?? plan.used.rawValue
                mailbox.post(.searchRanking(requestId: requestId, used: used))
                mailbox.post(.searchResults(requestId: requestId, hits: Self.results(plan.hits)))
            } catch {
                finish(requestId, QueryLogEntry(kind: .search, question: query, latency: QueryLatency(totalMS: elapsedMS()),
                                                outcome: .failed, error: "\(error)"))
                mailbox.post(.searchFailed(requestId: requestId, message: "\(error)"))
            }
        }
    }

    /// One result per snippet, best first.
    static func results(_ hits: [RankedHit]) -> [SearchResult] {
        var seen = Set<String>()
        var out: [SearchResult] = []
        for r in hits where seen.insert(r.hit.snippetID).inserted {
            let h = r.hit
            out.append(SearchResult(snippetId: h.snippetID, title: h.snippetTitle, location: "\(h.projectTitle) ▸ \(h.notebookTitle)",
                                    excerpt: h.excerpt, score: r.score))
        }
        return out
    }
}
