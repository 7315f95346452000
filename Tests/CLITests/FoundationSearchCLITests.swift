import Foundation
import TestSupport
import XCTest

/// `recall search` from the command line: JSON fields, highlight, filters, exclusion, and hostile queries.
final class FoundationSearchCLITests: XCTestCase {
    var cli: RecallCLI!
    var db: String { cli.path("notes.db") }

    override func setUpWithError() throws {
        cli = try RecallCLI()
        let dir = cli.path("Study")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try """
            ---
            title: Rust ownership
            tags: [rust]
            ---
            ## Borrowing
            The borrow checker allows one mutable reference or many shared references.
            ## Unsafe
            <!-- tags: danger -->
            Unsafe code can dereference raw pointers; the borrow checker does not check them.
            """.write(toFile: dir + "/rust.md", atomically: true, encoding: .utf8)
        try """
            # SQLite
            ## WAL
            In write ahead logging, readers do not block writers.
            """.write(toFile: dir + "/sqlite.md", atomically: true, encoding: .utf8)
        try cli.ok(["import", dir, "--db", db])
    }

    override func tearDown() { cli?.cleanUp() }

    func testGivenNotes_whenSearchingWithJSON_thenEachHitHasTheDocumentedFields() throws {
        let hits = try XCTUnwrap(try cli.ok(["search", "mutable", "--json", "--db", db]).json() as? [[String: Any]])
        XCTAssertEqual(hits.count, 1)
        let h = try XCTUnwrap(hits.first)
        XCTAssertEqual((h["snippet_id"] as? String)?.count, 36)
        XCTAssertEqual(h["notebook"] as? String, "Rust ownership")
        XCTAssertEqual(h["title"] as? String, "Borrowing")
        XCTAssertNotNil(h["score"] as? Double)
        XCTAssertGreaterThan(h["score"] as? Double ?? -1, 0, "higher is better in JSON")
        let excerpt = try XCTUnwrap(h["excerpt"] as? String)
        XCTAssertTrue(excerpt.contains("**mutable**"), "hit highlighted: \(excerpt)")
        let text = try cli.ok(["search", "mutable", "--db", db]).stdout
        XCTAssertTrue(text.contains("Borrowing") && text.contains("**mutable**"), text)
        XCTAssertFalse(text.contains("\u{1B}["), "no escape codes when stdout is not a terminal")
    }

    func testGivenFilters_whenSearching_thenOnlyMatchingNotebookOrTagIsSearched() throws {
        func titles(_ args: [String]) throws -> [String] {
            ((try cli.ok(["search"] + args + ["--json", "--db", db]).json() as? [[String: Any]]) ?? []).compactMap { $0["title"] as? String }.sorted()
        }
        XCTAssertEqual(try titles(["borrow"]), ["Borrowing", "Unsafe"])
        XCTAssertEqual(try titles(["borrow", "--tag", "danger"]), ["Unsafe"])
        XCTAssertEqual(try titles(["writers", "--notebook", "SQLite"]), ["WAL"])
        XCTAssertEqual(try titles(["borrow", "--notebook", "SQLite"]), [])
        XCTAssertEqual(try titles(["borrow", "--project", "Study", "--limit", "1"]).count, 1)
    }

    func testGivenAMinusWord_whenSearching_thenItIsExcludedAndNotTakenForAnOption() throws {
        // The help says "-exclude" is understood; a shell passes it as its own argument.
        let r = try cli.run(["search", "borrow", "-unsafe", "--json", "--db", db])
        XCTAssertEqual(r.status, 0, "`recall search borrow -unsafe` must search, not fail as an unknown option: \(r)")
        let titles = ((try? JSONSerialization.jsonObject(with: r.stdoutData)) as? [[String: Any]])?.compactMap { $0["title"] as? String }
        XCTAssertEqual(titles, ["Borrowing"])
    }

    func testGivenAMinusWordAfterDoubleDash_whenSearching_thenItIsExcluded() throws {
        let hits = try XCTUnwrap(try cli.ok(["search", "--json", "--db", db, "--", "borrow", "-unsafe"]).json() as? [[String: Any]])
        XCTAssertEqual(hits.compactMap { $0["title"] as? String }, ["Borrowing"])
    }

    func testGivenHostileQueries_whenSearching_thenEachExitsZero() throws {
        for q in ["\"", "AND", "*", ":", "(((", "NEAR(", "\"unclosed phrase", "a OR", "NOT", "title:x", "^x", "col:", ")", "\\", "'", "日本語", "👩‍💻", "x\u{7}y"] {
            let r = try cli.run(["search", q, "--db", db])
            XCTAssertEqual(r.status, 0, "query \(q.debugDescription): \(r)")
            let j = try cli.run(["search", q, "--json", "--db", db])
            XCTAssertEqual(j.status, 0, "query \(q.debugDescription) --json: \(j)")
            XCTAssertNotNil(try? JSONSerialization.jsonObject(with: j.stdoutData), "query \(q.debugDescription) --json prints JSON: \(j.stdout)")
        }
        // "-" and "--" as the whole query must also be accepted (after `--`, as a shell user would pass them).
        for q in ["-", "--", "-x"] {
            let r = try cli.run(["search", "--db", db, "--", q])
            XCTAssertEqual(r.status, 0, "query \(q.debugDescription): \(r)")
        }
    }
}
