import Seeded
import Foundation
import GRDB
import Notebook
@testable import Store
import XCTest

/// Pruned OR searches on a corpus past the 5,000-chunk pruning threshold: the top 10 must equal the full OR query's
/// top 10 (ids, order and scores), also when a frequent word decides the ranking.
final class StoreSearchPruningTests: StoreTestCase {
    /// Words every query draws from: `frequent` is in ~35 % of the chunks, `rare` words each in ~1 %.
    static let frequent = "kernel"
    static let rare = (0..<120).map { "rare\(String(UnicodeScalar(UInt8(97 + $0 % 26))))\(String(UnicodeScalar(UInt8(97 + $0 / 26))))x" }
    static let filler = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo",
                         "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango"]

    /// 6,000 one-chunk snippets of varied length; the frequent word appears 1–3 times in a third of them.
    func makeCorpus(seed: UInt64 = 7) throws -> AppDatabase {
        let db = try openDatabase()
        var rng = SeededGenerator(seed: seed)
        var notebooks: [ImportedNotebook] = []
        var snippets: [ParsedSnippet] = []
        for i in 0..<6000 {
            var words: [String] = []
            let length = 12 + Int(rng.next() % 40)
            for _ in 0..<length {
                let roll = rng.next() % 100
                words.append(roll < 3 ? Self.rare[Int(rng.next() % UInt64(Self.rare.count))] : Self.filler[Int(rng.next() % UInt64(Self.filler.count))])
            }
            if rng.next() % 100 < 35 {
                for _ in 0..<(1 + Int(rng.next() % 3)) { words.insert(Self.frequent, at: Int(rng.next() % UInt64(words.count))) }
            }
            snippets.append(ParsedSnippet(title: "Note \(i)", body: words.joined(separator: " ") + "."))
            if snippets.count == 500 {
                notebooks.append(ImportedNotebook(projectTitle: "Bench", sourceName: "nb-\(notebooks.count).md",
                                                  notebook: ParsedNotebook(title: "Notebook \(notebooks.count)", snippets: snippets)))
                snippets = []
            }
        }
        _ = try db.importNotebooks(notebooks)
        XCTAssertGreaterThanOrEqual(try int(db, "SELECT count(*) FROM chunk"), 5000)
        return db
    }

    /// The full OR query of every content word, ranked by FTS5 alone.
    func fullOr(_ db: AppDatabase, _ text: String, limit: Int = 10) throws -> [SearchHit] {
        let expr = try XCTUnwrap(SearchQuery(text).ftsExpression(matchAll: false))
        return try db.read { try db.runSearch($0, match: expr, limit: limit, filter: SearchFilter()) }
    }

    func testGivenAFrequentWordThatDecidesTheRanking_whenSearchedWithOr_thenTheTop10EqualsTheFullQuerys() throws {
        let db = try makeCorpus()
        var rng = SeededGenerator(seed: 99)
        var proven = 0
        for _ in 0..<40 {
            let a = Self.rare[Int(rng.next() % UInt64(Self.rare.count))], b = Self.rare[Int(rng.next() % UInt64(Self.rare.count))]
            let text = "how does the \(Self.frequent) relate to \(a) and \(b) in a golfclub project?"
            let ours = try db.search(text, limit: 10)
            let full = try fullOr(db, text)
            XCTAssertEqual(full.count, 10)
            XCTAssertEqual(ours.map(\.chunkID), full.map(\.chunkID), text)
            XCTAssertEqual(ours.map(\.bm25), full.map(\.bm25), text)
            XCTAssertEqual(ours.map(\.excerpt), full.map(\.excerpt), text)
            if case .proven = try db.benchmarkPruningOutcome(text, limit: 10) { proven += 1 }
        }
        // The pruned path (not the fallback to the full query) answered most of them.
        XCTAssertGreaterThanOrEqual(proven, 30)
    }

    func testGivenRememberedWordCounts_whenTheIndexChanges_thenTheNextSearchCountsAgainAndStaysExact() throws {
        let db = try makeCorpus(seed: 11)
        let text = "how does the kernel relate to rareaax and rarebbx in a golfclub project?"
        XCTAssertEqual(try db.search(text, limit: 10).map(\.bm25), try fullOr(db, text).map(\.bm25))
        // Triple the frequent word's rows: its IDF (and every score with it) changes.
        let more = (0..<4000).map { ParsedSnippet(title: "More \($0)", body: "kernel kernel echo") }
        _ = try db.importNotebooks([ImportedNotebook(projectTitle: "More", sourceName: "more.md", notebook: ParsedNotebook(title: "More", snippets: more))])
        let after = try db.search(text, limit: 10)
        XCTAssertEqual(after.map(\.chunkID), try fullOr(db, text).map(\.chunkID))
        XCTAssertEqual(after.map(\.bm25), try fullOr(db, text).map(\.bm25))
        XCTAssertEqual(try db.benchmarkPruningOutcome(text, limit: 10), .proven)
    }

    func testGivenEveryRowOfAQuery_whenScoredWithGivenIDFs_thenTheScoreEqualsFTS5sBM25ToTheLastBit() throws {
        let db = try makeCorpus(seed: 5)
        let query = SearchQuery("kernel rareaax rarebbx \"alpha bravo\" rarec*")
        let expr = try XCTUnwrap(query.ftsExpression(matchAll: false))
        try db.read { d in
            let stats = try XCTUnwrap(try db.indexStatistics(d))
            var idf: [Double] = []
            for term in query.terms {
                let one = try XCTUnwrap(SearchQuery(terms: [term], excluded: []).ftsExpression(matchAll: true))
                idf.append(stats.idf(docs: try db.documentCount(d, one)))
            }
            let rows = try Row.fetchAll(d, sql: """
                SELECT bm25(chunk_fts, 4.0, 1.0) AS fts, recall_bm25(chunk_fts, 0, ?, 0, 4.0, 1.0) AS ours
                FROM chunk_fts WHERE chunk_fts MATCH ?
                """, arguments: [FTSExactScore.blob(idf), expr])
            XCTAssertGreaterThan(rows.count, 1000)
            for r in rows { XCTAssertEqual(r["ours"] as Double, r["fts"] as Double) }
        }
    }

    func testGivenNoFrequentWord_whenSearchedWithOr_thenTheSkippingScorerRanksExactlyAsTheFullQuery() throws {
        let db = try makeCorpus(seed: 13)
        var rng = SeededGenerator(seed: 17)
        for round in 0..<20 {
            let w = (0..<3).map { _ in Self.rare[Int(rng.next() % UInt64(Self.rare.count))] }
            let text = "how does \(w[0]) relate to \(w[1]) and \(w[2])"
            let limit = round % 2 == 0 ? 10 : 50
            let ours = try db.search(text, limit: limit)
            let full = try fullOr(db, text, limit: limit)
            XCTAssertEqual(ours.map(\.chunkID), full.map(\.chunkID), text)
            XCTAssertEqual(ours.map(\.bm25), full.map(\.bm25), text)
            XCTAssertEqual(try db.benchmarkPruningOutcome(text, limit: limit), .proven, text)
        }
        // Fewer matches than asked for: all of them, exactly.
        let few = "zzzunknown relate rareaax"
        XCTAssertEqual(try db.search(few, limit: 200).map(\.chunkID), try fullOr(db, few, limit: 200).map(\.chunkID))
    }

    func testGivenOnlyFrequentAndAbsentWords_whenSearched_thenTheFullQueryRanks() throws {
        let db = try makeCorpus(seed: 3)
        let text = "what does the kernel say about zzzunknownword and alpha?"
        XCTAssertEqual(try db.benchmarkPruningOutcome(text, limit: 10), .fullQuery(attempted: false))
        XCTAssertEqual(try db.search(text, limit: 10).map(\.chunkID), try fullOr(db, text).map(\.chunkID))
    }
}
