import Seeded
import Foundation
import Notebook
@testable import Store
import XCTest

/// BM25 search through the real FTS5 table: query features, filters, and no user text ever breaking FTS5 syntax.
final class StoreSearchTests: StoreTestCase {
    struct Corpus { var db: AppDatabase; var ids: [String: String]; var projects: [String: String]; var notebooks: [String: String] }

    func corpus() throws -> Corpus {
        let db = try openDatabase()
        let rust = try db.createProject(title: "Rust")
        let sql = try db.createProject(title: "SQL")
        let own = try db.createNotebook(projectID: rust.id, title: "Ownership", tags: ["lang"])
        let unsafe = try db.createNotebook(projectID: rust.id, title: "Unsafe")
        let lite = try db.createNotebook(projectID: sql.id, title: "SQLite")
        var ids: [String: String] = [:]
        ids["borrow"] = try db.createSnippet(notebookID: own.id, title: "Borrowing", tags: ["core"],
            body: "The borrow checker allows one mutable reference or many shared references.").id
        ids["raw"] = try db.createSnippet(notebookID: unsafe.id, title: "Raw pointers", tags: ["danger"],
            body: "Unsafe code can dereference raw pointers; the borrow checker does not check them.").id
        ids["wal"] = try db.createSnippet(notebookID: lite.id, title: "WAL mode", tags: ["core"],
            body: "In write ahead logging, readers do not block writers and the café stays open.").id
        ids["embed"] = try db.createSnippet(notebookID: lite.id, title: "Vectors", kind: .code, language: "python",
            body: "embeddings = model.embed(chunks)  # ahead of time, write nothing").id
        return Corpus(db: db, ids: ids, projects: ["Rust": rust.id, "SQL": sql.id],
                      notebooks: ["Ownership": own.id, "Unsafe": unsafe.id, "SQLite": lite.id])
    }

    func ids(_ hits: [SearchHit]) -> Set<String> { Set(hits.map(\.snippetID)) }

    func testGivenNotes_whenSearchingAWord_thenHitsCarryTreeInfoScoreAndAHighlightedExcerpt() throws {
        let c = try corpus()
        let hits = try c.db.search("writers")
        XCTAssertEqual(hits.count, 1)
        let h = try XCTUnwrap(hits.first)
        XCTAssertEqual(h.snippetID, c.ids["wal"])
        XCTAssertEqual(h.snippetTitle, "WAL mode")
        XCTAssertEqual(h.notebookTitle, "SQLite")
        XCTAssertEqual(h.projectTitle, "SQL")
        XCTAssertLessThan(h.bm25, 0, "FTS5 bm25 is negative; lower is better")
        XCTAssertTrue(h.excerpt.contains("\(Excerpt.open)writers\(Excerpt.close)"), h.excerpt)
    }

    func testGivenTitleAndBodyMatches_whenSearched_thenATitleMatchRanksFirst() throws {
        let c = try corpus()
        let hits = try c.db.search("borrowing")
        XCTAssertEqual(hits.first?.snippetID, c.ids["borrow"], "title weight 4 beats body matches")
        XCTAssertEqual(ids(hits), [c.ids["borrow"]!, c.ids["raw"]!], "porter stemming: borrowing ~ borrow")
    }

    func testGivenAPhrase_whenSearched_thenOnlyAdjacentWordsMatch() throws {
        let c = try corpus()
        XCTAssertEqual(ids(try c.db.search("\"write ahead\"")), [c.ids["wal"]!])
        XCTAssertEqual(ids(try c.db.search("write ahead")), [c.ids["wal"]!, c.ids["embed"]!])
    }

    func testGivenAnExclusion_whenSearched_thenSnippetsWithTheWordAreLeftOut() throws {
        let c = try corpus()
        XCTAssertEqual(ids(try c.db.search("borrow -unsafe")), [c.ids["borrow"]!])
        XCTAssertEqual(ids(try c.db.search("borrow -\"raw pointers\"")), [c.ids["borrow"]!])
    }

    func testGivenAPrefix_whenSearched_thenLongerWordsMatch() throws {
        let c = try corpus()
        XCTAssertEqual(ids(try c.db.search("vect*")), [c.ids["embed"]!])
        XCTAssertEqual(ids(try c.db.search("embedding*")), [c.ids["embed"]!])
        XCTAssertTrue(try c.db.search("vect").isEmpty, "without the star the word must match whole")
    }

    func testGivenAQuestionFullOfStopWords_whenSearched_thenContentWordsStillFindTheNote() throws {
        let c = try corpus()
        let hits = try c.db.search("how do the readers and the writers work in it?")
        XCTAssertEqual(hits.first?.snippetID, c.ids["wal"])
        XCTAssertFalse(try c.db.search("the").isEmpty, "a stop-word-only query still searches")
    }

    func testGivenAccentsAndCase_whenSearched_thenDiacriticsAndCaseAreIgnored() throws {
        let c = try corpus()
        XCTAssertEqual(ids(try c.db.search("CAFE")), [c.ids["wal"]!])
        XCTAssertEqual(ids(try c.db.search("café")), [c.ids["wal"]!])
    }

    func testGivenShortKeywordsWithNoDocumentHoldingAll_whenSearched_thenItFallsBackToAnyTerm() throws {
        let c = try corpus()
        XCTAssertEqual(ids(try c.db.search("pointers writers")), [c.ids["raw"]!, c.ids["wal"]!])
        XCTAssertEqual(ids(try c.db.search("checker mutable")), [c.ids["borrow"]!], "all terms first")
    }

    func testGivenFilters_whenSearched_thenOnlyTheChosenNotebookProjectOrTagIsSearched() throws {
        let c = try corpus()
        XCTAssertEqual(ids(try c.db.search("borrow")), [c.ids["borrow"]!, c.ids["raw"]!])
        XCTAssertEqual(ids(try c.db.search("borrow", filter: SearchFilter(notebookID: c.notebooks["Unsafe"]))), [c.ids["raw"]!])
        XCTAssertEqual(ids(try c.db.search("borrow", filter: SearchFilter(projectID: c.projects["SQL"]))), [])
        XCTAssertEqual(ids(try c.db.search("write", filter: SearchFilter(projectID: c.projects["SQL"]))), [c.ids["wal"]!, c.ids["embed"]!])
        XCTAssertEqual(ids(try c.db.search("borrow", filter: SearchFilter(tag: "danger"))), [c.ids["raw"]!])
        XCTAssertEqual(ids(try c.db.search("borrow", filter: SearchFilter(tag: "#Core"))), [c.ids["borrow"]!], "tags are normalised")
        XCTAssertEqual(ids(try c.db.search("borrow", filter: SearchFilter(tag: "lang"))), [c.ids["borrow"]!], "a notebook tag covers its snippets")
        XCTAssertEqual(ids(try c.db.search("borrow", filter: SearchFilter(tag: "cor"))), [], "a tag matches whole, not as a substring")
    }

    func testGivenALimit_whenSearched_thenAtMostThatManyHitsComeBackBestFirst() throws {
        let db = try openDatabase()
        let nb = try makeNotebook(db)
        for i in 0..<30 { try db.createSnippet(notebookID: nb.id, title: "N\(i)", body: String(repeating: "kiwi ", count: i + 1) + "filler text \(i)") }
        let hits = try db.search("kiwi", limit: 7)
        XCTAssertEqual(hits.count, 7)
        XCTAssertEqual(hits.map(\.bm25), hits.map(\.bm25).sorted())
        XCTAssertTrue(try db.search("kiwi", limit: 0).isEmpty)
    }

    func testGivenManyBetterHitsElsewhere_whenFilteredToTheNotebookWithTheWeakHit_thenTheWeakHitIsStillFound() throws {
        let db = try openDatabase()
        let p = try db.createProject(title: "P")
        let loud = try db.createNotebook(projectID: p.id, title: "Loud")
        let quiet = try db.createNotebook(projectID: p.id, title: "Quiet")
        for i in 0..<500 { try db.createSnippet(notebookID: loud.id, title: "Durian \(i)", body: "durian durian durian") }
        let weak = try db.createSnippet(notebookID: quiet.id, title: "Fruit list", body: "apples, pears, and one durian among " + String(repeating: "many other words ", count: 30))
        XCTAssertEqual(try db.search("durian", limit: 5, filter: SearchFilter(notebookID: quiet.id)).map(\.snippetID), [weak.id])
        XCTAssertEqual(try db.search("durian", limit: 5, filter: SearchFilter(tag: "nothing-has-this")).count, 0)
    }

    func testGivenTheBestHitsAreAllTrashed_whenSearched_thenLiveWeakerHitsStillComeBack() throws {
        let db = try openDatabase()
        let nb = try makeNotebook(db)
        var trashedIDs: [String] = []
        for i in 0..<60 { trashedIDs.append(try db.createSnippet(notebookID: nb.id, title: "Lychee \(i)", body: "lychee lychee").id) }
        let live = try db.createSnippet(notebookID: nb.id, title: "Misc", body: "a lychee hidden in " + String(repeating: "long text ", count: 40))
        for id in trashedIDs { try db.trash(.snippet(XCTUnwrap(db.snippet(id: id)))) }
        let hits = try db.search("lychee", limit: 3)
        XCTAssertEqual(hits.map(\.snippetID), [live.id])
        XCTAssertTrue(hits.first?.excerpt.contains("\(Excerpt.open)lychee\(Excerpt.close)") ?? false, hits.first?.excerpt ?? "")
    }

    // MARK: Property: hostile user text never reaches FTS5 as syntax

    func testGivenRandomHostileQueries_whenSearchedAgainstARealFTS5Table_thenNoneThrows() throws {
        let c = try corpus()
        let pieces = ["\"", "\"\"", "'", "AND", "OR", "NOT", "NEAR", "NEAR(", "NEAR(a b, 2)", "*", "-", "--", ":", "title:", "text:",
                      "^", "(", ")", "(((", ")))", "{", "}", "[", "]", "+", "\\", "/", ",", ".", ";", "%", "_", "$", "#",
                      "borrow", "writers", "the", "a", "é", "e\u{301}", "\u{301}", "日本語", "👩‍💻", "🇫🇷", "ß", "İ",
                      "\u{0}", "\u{7}", "\u{1B}[31m", "\t", "\n", "\r", "\u{200B}", "\u{FEFF}", "\u{E000}", "\u{E001}", "0", "123", "x*y",
                      "-\"", "\"-", "*\"", "\"*", "a:b", "col:val", "^start", "NEAR/3", "AND(", "OR)", "NOT*", "-*", "*-"]
        var rng = SeededGenerator(seed: 7)
        var queries = pieces
        for _ in 0..<3000 {
            var q = ""
            for _ in 0..<rng.int(1...8) {
                q += pieces[rng.int(0...pieces.count - 1)]
                if rng.int(0...2) > 0 { q += " " }
            }
            queries.append(q)
        }
        queries.append(String(repeating: "word ", count: 5000))
        queries.append(String(repeating: "\"", count: 999))
        for q in queries {
            for filter in [SearchFilter(), SearchFilter(tag: q)] {
                do { _ = try c.db.search(q, limit: 5, filter: filter) } catch {
                    return XCTFail("query \(q.debugDescription) threw: \(error)")
                }
            }
        }
    }
}
