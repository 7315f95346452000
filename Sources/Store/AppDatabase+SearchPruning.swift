import Foundation
import GRDB
import Notebook

/// The exact top of an OR query over a large index, found without scoring every row a frequent word matches.
struct PrunedRanking {
    /// Chunk ids and FTS5 BM25 scores, best first: exactly the first rows of the full OR query's ranking.
    var ranked: [(Int64, Double)]
    /// True when `ranked` holds every row the query matches.
    var exhaustive: Bool
}

/// What pruning made of an OR query.
enum PruningResult {
    /// Nothing to prune: a small index, fewer than two words, or no rare word in the index.
    case notApplicable
    /// The top rows, proven exact.
    case proven(PrunedRanking)
    /// The bound did not hold for enough rows: the full query must rank.
    case unproven
}

/// How a search's OR step was answered (for `recall bench store`).
public enum SearchPruningOutcome: Sendable, Equatable {
    /// The full OR query ranked (nothing to prune, or the bound did not hold).
    case fullQuery(attempted: Bool)
    /// Pruning proved the top.
    case proven
}

extension AppDatabase {
    /// The exact top `need` rows of an OR query, without scoring the rows only its frequent words match (MaxScore
    /// with the frequent words, those in ≥ 5 % of the rows, as the non-essential ones; without any, the full query
    /// is ranked by `recall_bm25` alone, which skips the size lookup of rows that cannot reach the top):
    /// 1. count each word's rows (one pass over its posting list) and take IDFs from the counts as `bm25()` does;
    /// 2. score every row holding a rare word with the whole query (`rare AND (full query)` ranked by
    ///    `recall_bm25`, which is `bm25()` over the full query's phrases with these IDFs: the same score);
    /// 3. a row without any rare word holds only frequent words and scores less than Σ idf·(k1+1) over them
    ///    (`BM25.bestPossible`): the rows that beat that bound are proven to be the top, in order.
    func prunedOrRanking(_ db: Database, _ query: SearchQuery, need: Int) throws -> PruningResult {
        guard query.terms.count >= 2, need > 0 else { return .notApplicable }
        let rows = try Int.fetchOne(db, sql: "SELECT max(id) FROM chunk") ?? 0
        guard rows >= 5000 else { return .notApplicable }
        let version = try indexVersion(db)
        var docs: [Int64] = []
        for term in query.terms {
            guard let expr = SearchQuery(terms: [term], excluded: []).ftsExpression(matchAll: true) else { return .notApplicable }
            if let known = termCounts.count(expr, version: version) {
                docs.append(known)
            } else {
                let n = try documentCount(db, expr)
                termCounts.remember(expr, count: n, version: version)
                docs.append(n)
            }
        }
        let frequent = docs.map { $0 >= Int64(rows / 20) }
        guard zip(docs, frequent).contains(where: { $0.0 > 0 && !$0.1 }) else { return .notApplicable }
        let rare = SearchQuery(terms: zip(query.terms, frequent).filter { !$0.1 }.map(\.0), excluded: [])
        guard let rareExpr = rare.ftsExpression(matchAll: false), let fullExpr = query.ftsExpression(matchAll: false),
              let stats = try indexStatistics(db) else { return .notApplicable }
        let idf = docs.map { stats.idf(docs: $0) }
        // Phrases are numbered in the order they appear: the rare ones first, then the full query's. Without a
        // frequent word the full query is scored as it is, and every row it ranks is exact.
        let pruning = frequent.contains(true)
        let ranked = try Row.fetchAll(db, sql: """
            SELECT rowid, \(FTSExactScore.functionName)(chunk_fts, ?, ?, ?, 4.0, 1.0) AS score FROM chunk_fts
            WHERE chunk_fts MATCH ? ORDER BY score, rowid LIMIT ?
            """, arguments: [pruning ? rare.terms.count : 0, FTSExactScore.blob(idf), need,
                             pruning ? "(\(rareExpr)) AND (\(fullExpr))" : fullExpr, need]).map { ($0[0] as Int64, $0[1] as Double) }
        guard pruning else {
            let exact = ranked.filter { $0.1 != FTSExactScore.skipped }
            return .proven(PrunedRanking(ranked: exact, exhaustive: exact.count < need))
        }
        let bound = BM25.bestPossible(idf: zip(idf, frequent).filter(\.1).map(\.0))
        // Scores are sums of a handful of doubles: keep a margin far above their rounding error.
        let proven = ranked.prefix { $0.1 < bound - 1e-9 * max(1, abs(bound)) }
        return proven.count >= need ? .proven(PrunedRanking(ranked: Array(proven), exhaustive: false)) : .unproven
    }

    /// The number of rows an FTS5 expression of one term matches (one pass over its posting list).
    func documentCount(_ db: Database, _ expr: String) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT count(*) FROM chunk_fts WHERE chunk_fts MATCH ?", arguments: [expr]) ?? 0
    }

    /// The full-text index's averages and structure records (FTS5 rewrites both on every change to the index).
    func indexVersion(_ db: Database) throws -> Data {
        var out = Data()
        for block in try Data.fetchAll(db, sql: "SELECT block FROM chunk_fts_data WHERE id IN (1, 10) ORDER BY id") {
            withUnsafeBytes(of: UInt32(block.count)) { out.append(contentsOf: $0) }
            out.append(block)
        }
        return out
    }

    /// The index's row count and total size in tokens, as FTS5's `bm25()` reads them (its averages record).
    func indexStatistics(_ db: Database) throws -> BM25? {
        guard let blob = try Data.fetchOne(db, sql: "SELECT block FROM chunk_fts_data WHERE id = 1") else { return nil }
        var bytes = [UInt8](blob)[...]
        guard let rows = FTSVarint.read(&bytes) else { return nil }
        var total: UInt64 = 0
        while !bytes.isEmpty { guard let v = FTSVarint.read(&bytes) else { return nil }; total &+= v }
        guard rows > 0 else { return nil }
        return BM25(rowCount: Int64(rows), totalTokens: Int64(total))
    }
}
