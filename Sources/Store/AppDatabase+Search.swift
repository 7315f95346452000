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
            guard let any = query.ftsExpression(matchAll: false) else { return [] }
            return try runSearch(db, match: any, limit: limit, filter: filter)
        }
    }

    func runSearch(_ db: Database, match: String, limit: Int, filter: SearchFilter) throws -> [SearchHit] {
        var sql = """
            SELECT c.id AS chunk_id, c.snippet_id, s.title AS snippet_title, n.id AS notebook_id, n.title AS notebook_title,
                   p.title AS project_title, c.byte_start,
                   bm25(chunk_fts, 4.0, 1.0) AS score,
                   snippet(chunk_fts, 1, char(57344), char(57345), '…', 24) AS excerpt
            FROM chunk_fts
            JOIN chunk c ON c.id = chunk_fts.rowid
            JOIN snippet s ON s.id = c.snippet_id
            JOIN notebook n ON n.id = s.notebook_id
            JOIN project p ON p.id = n.project_id
            WHERE chunk_fts MATCH ? AND s.trashed_at IS NULL AND n.trashed_at IS NULL AND p.trashed_at IS NULL
            """
        var args: [DatabaseValueConvertible?] = [match]
        if let nb = filter.notebookID { sql += " AND n.id = ?"; args.append(nb) }
        if let pr = filter.projectID { sql += " AND p.id = ?"; args.append(pr) }
        if let tag = filter.tag, let t = Tags.normalize([tag]).first {
            sql += " AND (instr(s.tags, ?) > 0 OR instr(n.tags, ?) > 0)"
            args.append("," + t + ","); args.append("," + t + ",")
        }
        sql += " ORDER BY score LIMIT ?"
        args.append(limit)
        return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map { r in
            SearchHit(chunkID: r["chunk_id"], snippetID: r["snippet_id"], snippetTitle: r["snippet_title"],
                      notebookID: r["notebook_id"], notebookTitle: r["notebook_title"], projectTitle: r["project_title"],
                      bm25: r["score"], excerpt: r["excerpt"], byteStart: r["byte_start"])
        }
    }
}
