import Foundation
import GRDB
import Notebook

/// One BM25 search result: a chunk of a snippet with its place in the tree.
public struct SearchHit: Codable, Sendable, Equatable {
    public var chunkID: Int64
    public var snippetID: String
    public var snippetTitle: String
    public var notebookID: String
    public var notebookTitle: String
    public var projectTitle: String
    /// BM25 score as FTS5 reports it (lower is better); `score` in JSON output is its negation (higher is better).
    public var bm25: Double
    /// An excerpt with hits between `Excerpt.open` and `Excerpt.close`.
    public var excerpt: String
    /// UTF-8 byte offset of the chunk in the snippet body, to open the snippet at the hit.
    public var byteStart: Int
}

/// Filters on a search.
public struct SearchFilter: Sendable, Equatable {
    public var projectID: String?
    public var notebookID: String?
    public var tag: String?

    /// Creates a filter; nil fields do not filter.
    public init(projectID: String? = nil, notebookID: String? = nil, tag: String? = nil) {
        self.projectID = projectID; self.notebookID = notebookID; self.tag = tag
    }
}

extension AppDatabase {
    /// BM25 search over chunks and titles. Any user text is accepted (see `SearchQuery`). Short keyword queries
    /// require all terms first and fall back to any term when that finds nothing; longer, question-like queries
    /// match any content word (stop words removed) and let BM25 rank.
    public func search(_ text: String, limit: Int = 10, filter: SearchFilter = SearchFilter()) throws -> [SearchHit] {
        let query = SearchQuery(text)
        guard !query.isEmpty, limit > 0 else { return [] }
        return try read { db in
            if query.terms.count <= 3, let all = query.ftsExpression(matchAll: true) {
                let hits = try runSearch(db, match: all, limit: limit, filter: filter)
                if !hits.isEmpty || query.terms.count == 1 { return hits }
            }
            // Words found in a large share of the chunks cost the most (every chunk holding them is scored) and move
            // the ranking least: rank by the other words first and prove that the frequent ones cannot change the
            // top (AppDatabase+SearchPruning.swift); run the full query only when the proof does not hold.
            guard let any = query.ftsExpression(matchAll: false) else { return [] }
            let filtered = filter.notebookID != nil || filter.projectID != nil || filter.tag != nil
            if case .proven(let pruned) = try prunedOrRanking(db, query, need: filtered ? limit * 20 + 200 : limit + 10) {
                let kept = try keep(db, pruned.ranked, filter: filter, limit: limit)
                if kept.count == limit || pruned.exhaustive { return try withExcerpts(db, kept, match: any) }
            }
            return try runSearch(db, match: any, limit: limit, filter: filter)
        }
    }

    /// Three steps, so the expensive parts run on few rows: (1) rank in FTS5 alone, without joins, over-fetching;
    /// (2) join and filter the candidates (trash, notebook, project, tag); (3) build excerpts for the survivors only.
    /// When filtering leaves too few hits from a full candidate list, step 1 is repeated without its cap.
    func runSearch(_ db: Database, match: String, limit: Int, filter: SearchFilter) throws -> [SearchHit] {
        let filtered = filter.notebookID != nil || filter.projectID != nil || filter.tag != nil
        let cap = filtered ? limit * 20 + 200 : limit * 2 + 20
        var ranked = try rank(db, match: match, cap: cap)
        var kept = try keep(db, ranked, filter: filter, limit: limit)
        if kept.count < limit && ranked.count == cap {
            ranked = try rank(db, match: match, cap: nil)
            kept = try keep(db, ranked, filter: filter, limit: limit)
        }
        return try withExcerpts(db, kept, match: match)
    }

    /// Step 3: excerpts for the hits that survived, from the expression they were found with.
    func withExcerpts(_ db: Database, _ kept: [SearchHit], match: String) throws -> [SearchHit] {
        guard !kept.isEmpty else { return [] }
        let ids = kept.map { $0.chunkID }
        let placeholders = Array(repeating: "?", count: ids.count).joined(separator: ",")
        var excerpts: [Int64: String] = [:]
        let args = StatementArguments([match as DatabaseValueConvertible?] + ids.map { $0 as DatabaseValueConvertible? })
        for r in try Row.fetchAll(db, sql: """
            SELECT rowid, snippet(chunk_fts, 1, char(57344), char(57345), '…', 24) AS excerpt
            FROM chunk_fts WHERE chunk_fts MATCH ? AND rowid IN (\(placeholders))
            """, arguments: args) {
            excerpts[r["rowid"]] = r["excerpt"]
        }
        return kept.map { var h = $0; h.excerpt = excerpts[h.chunkID] ?? ""; return h }
    }

    /// Step 1: chunk ids and BM25 scores, best first (title weighted 4× over text).
    func rank(_ db: Database, match: String, cap: Int?) throws -> [(Int64, Double)] {
        let sql = "SELECT rowid, bm25(chunk_fts, 4.0, 1.0) AS score FROM chunk_fts WHERE chunk_fts MATCH ? ORDER BY score" + (cap == nil ? "" : " LIMIT \(cap!)")
        return try Row.fetchAll(db, sql: sql, arguments: [match]).map { ($0["rowid"], $0["score"]) }
    }

    /// Step 2: places in the tree for ranked chunks, dropping trashed ones and those outside the filter.
    func keep(_ db: Database, _ ranked: [(Int64, Double)], filter: SearchFilter, limit: Int) throws -> [SearchHit] {
        var sql = """
            SELECT c.id AS chunk_id, c.snippet_id, s.title AS snippet_title, n.id AS notebook_id, n.title AS notebook_title,
                   p.title AS project_title, c.byte_start
            FROM chunk c
            JOIN snippet s ON s.id = c.snippet_id
            JOIN notebook n ON n.id = s.notebook_id
            JOIN project p ON p.id = n.project_id
            WHERE c.id = ? AND s.trashed_at IS NULL AND n.trashed_at IS NULL AND p.trashed_at IS NULL
            """
        var extra: [DatabaseValueConvertible?] = []
        if let nb = filter.notebookID { sql += " AND n.id = ?"; extra.append(nb) }
        if let pr = filter.projectID { sql += " AND p.id = ?"; extra.append(pr) }
        if let tag = filter.tag {
            let t = "," + (Tags.normalize([tag]).first ?? tag) + ","
            sql += " AND (instr(s.tags, ?) > 0 OR instr(n.tags, ?) > 0)"
            extra.append(t); extra.append(t)
        }
        let statement = try db.cachedStatement(sql: sql)
        var out: [SearchHit] = []
        for (id, score) in ranked {
            guard let r = try Row.fetchOne(statement, arguments: StatementArguments([id] + extra)) else { continue }
            out.append(SearchHit(chunkID: id, snippetID: r["snippet_id"], snippetTitle: r["snippet_title"],
                                 notebookID: r["notebook_id"], notebookTitle: r["notebook_title"], projectTitle: r["project_title"],
                                 bm25: score, excerpt: "", byteStart: r["byte_start"]))
            if out.count == limit { break }
        }
        return out
    }
}

extension AppDatabase {
    /// Runs a raw FTS5 MATCH expression with the same ranking and joins as `search`; for benchmarks comparing query
    /// builders only (the expression must come from code, never from a user). Returns the number of hits.
    public func benchmarkRawSearch(_ match: String, limit: Int) throws -> Int {
        try benchmarkRawHits(match, limit: limit).count
    }

    /// How `search` answers the OR step of a query without filters: a proven pruned ranking or the full query.
    public func benchmarkPruningOutcome(_ text: String, limit: Int) throws -> SearchPruningOutcome {
        try read { db in
            switch try prunedOrRanking(db, SearchQuery(text), need: limit + 10) {
            case .notApplicable: .fullQuery(attempted: false)
            case .unproven: .fullQuery(attempted: true)
            case .proven: .proven
            }
        }
    }

    /// Forgets the remembered row counts of search words, so the next search counts them as a fresh process does.
    public func benchmarkForgetTermCounts() { termCounts.clear() }

    /// The chunk ids a raw FTS5 expression ranks first (benchmarks only, see `benchmarkRawSearch`).
    public func benchmarkRawHits(_ match: String, limit: Int) throws -> [Int64] {
        try read { db in try runSearch(db, match: match, limit: limit, filter: SearchFilter()).map(\.chunkID) }
    }
}

extension AppDatabase {
    /// How many of the query's words (after stop words) a chunk matches in its title or text, as FTS5 matches them
    /// (stemmed, diacritics removed): (matched, total). One indexed FTS5 probe per word. A measure of how much of a
    /// question a hit is about that, unlike a BM25 score, does not grow with the size of the collection.
    public func termCoverage(_ text: String, chunkID: Int64) throws -> (matched: Int, total: Int) {
        let query = SearchQuery(text)
        guard !query.isEmpty else { return (0, 0) }
        return try read { db in
            let probe = try db.cachedStatement(sql: "SELECT 1 FROM chunk_fts WHERE chunk_fts MATCH ? AND rowid = ?")
            var matched = 0
            for term in query.terms {
                guard let match = SearchQuery(terms: [term], excluded: []).ftsExpression(matchAll: true) else { continue }
                if try Int.fetchOne(probe, arguments: [match, chunkID]) != nil { matched += 1 }
            }
            return (matched, query.terms.count)
        }
    }
}
