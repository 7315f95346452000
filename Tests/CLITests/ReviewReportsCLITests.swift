import Foundation
import TestSupport
import XCTest

/// `recall stats`, `recall progress` and Anki text import/export, driven through the built binary.
final class ReviewReportsCLITests: XCTestCase {
    var cli: RecallCLI!

    override func setUpWithError() throws {
        cli = try RecallCLI()
    }

    override func tearDown() { cli?.cleanUp() }

    func add(_ front: String, deck: String = "Default") throws -> String {
        let r = try cli.run(["card", "add", "--front", front, "--back", "x", "--deck", deck, "--at", "2026-01-01T09:00:00Z"])
        XCTAssertEqual(r.status, 0, r.stderr)
        return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func testStatsForecastHistoryRetentionAndDecks() throws {
        XCTAssertEqual(try cli.run(["deck", "set", "Default", "--fuzz", "off"]).status, 0)
        let a = try add("a"), b = try add("b")
        _ = try add("c", deck: "Other")
        // a: Good, Good → review due 2026-01-03T09:10; then recalled (Good) on time → 11 d later.
        _ = try cli.run(["grade", a, "good", "--at", "2026-01-01T09:00:00Z"])
        _ = try cli.run(["grade", a, "good", "--at", "2026-01-01T09:10:00Z"])
        _ = try cli.run(["grade", a, "good", "--at", "2026-01-03T09:10:00Z"])
        // b: Easy → review in 8 d; then forgotten on time.
        _ = try cli.run(["grade", b, "easy", "--at", "2026-01-01T09:00:00Z"])
        _ = try cli.run(["grade", b, "again", "--at", "2026-01-09T09:00:00Z"])
        let r = try cli.run(["stats", "--at", "2026-01-09T12:00:00Z", "--utc", "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let o = try r.object()
        let forecast = try XCTUnwrap(o["forecast"] as? [Int])
        XCTAssertEqual(forecast.count, 30)
        // b relearns today (due 09:10); a is due on 2026-01-14 (day 5).
        XCTAssertEqual(forecast[0], 1)
        XCTAssertEqual(forecast[5], 1)
        XCTAssertEqual(forecast.reduce(0, +), 2)
        let perDay = try XCTUnwrap(o["reviews_per_day"] as? [Int])
        XCTAssertEqual(perDay.count, 90)
        XCTAssertEqual(perDay[89], 1)          // 2026-01-09
        XCTAssertEqual(perDay[89 - 6], 1)      // 2026-01-03
        XCTAssertEqual(perDay[89 - 8], 3)      // 2026-01-01
        // True retention counts only recalls of cards in review: a passed, b failed.
        let retention = try XCTUnwrap(o["retention_all"] as? [String: Any])
        XCTAssertEqual(retention["passed"] as? Int, 1)
        XCTAssertEqual(retention["total"] as? Int, 2)
        let decks = try XCTUnwrap(o["decks"] as? [[String: Any]])
        XCTAssertEqual(decks.map { $0["deck"] as? String }, ["Default", "Other"])
        XCTAssertEqual(decks[0]["relearning"] as? Int, 1)
        XCTAssertEqual(decks[0]["review"] as? Int, 1)
        XCTAssertEqual(decks[1]["new"] as? Int, 1)
        XCTAssertEqual(o["streak"] as? Int, 1, "reviews on 2026-01-09 only, not the day before")
        // The text form draws the charts.
        let text = try cli.run(["stats", "--at", "2026-01-09T12:00:00Z", "--utc"]).stdout
        XCTAssertTrue(text.contains("Due forecast, next 30 days"), text)
        XCTAssertTrue(text.contains("█"), text)
        XCTAssertTrue(text.contains("True retention: last 30 days 50.0% (1/2)"), text)
        XCTAssertTrue(text.contains("Streak: 1 day"), text)
    }

    func testProgressCountsItemsByStatusWithStepsCoverageAndWeakTopics() throws {
        XCTAssertEqual(try cli.run(["new", "project", "Study"]).status, 0)
        XCTAssertEqual(try cli.run(["new", "notebook", "--project", "Study", "AI"]).status, 0)
        // One partial item with 2 of 3 steps done, one done item, one todo item, one plain note: (1 + 0.5) / 3 = 50%.
        let s = try cli.run(["new", "snippet", "--notebook", "AI", "Phase 1 — Foundations", "--status", "partial", "--stdin"],
                            stdin: "- [~] **Foundations**\n  - [x] a\n  - [x] b\n  - [ ] c\n").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(try cli.run(["new", "snippet", "--notebook", "AI", "Sampling", "--tags", "done", "--body=read"]).status, 0)
        let todo = try cli.run(["new", "snippet", "--notebook", "AI", "Attention", "--body=later"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(try cli.run(["edit", todo, "--status", "todo"]).status, 0)
        XCTAssertEqual(try cli.run(["new", "snippet", "--notebook", "AI", "Reading list", "--body=no status"]).status, 0)
        let card = try cli.run(["card", "add", "--from-snippet", s, "--front", "q", "--back", "a", "--at", "2026-01-01T09:00:00Z"])
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try cli.run(["grade", card, "easy", "--at", "2026-01-01T09:00:00Z"])
        _ = try cli.run(["grade", card, "again", "--at", "2026-01-09T09:00:00Z"])

        let text = try cli.run(["progress"])
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertEqual(text.stdout.split(separator: "\n").first, "50% · 1 done · 1 partial · 1 todo", text.stdout)
        XCTAssertTrue(text.stdout.contains("◐ Phase 1 — Foundations  2/3 steps · 1 card"), text.stdout)
        XCTAssertTrue(text.stdout.contains("✓ Sampling"), text.stdout)
        XCTAssertTrue(text.stdout.contains("○ Attention"), text.stdout)
        XCTAssertFalse(text.stdout.contains("Reading list"), "a plain note is not a study item: \(text.stdout)")
        XCTAssertTrue(text.stdout.contains("cards cover 1 of 4 snippets (25%)"), text.stdout)
        XCTAssertTrue(text.stdout.contains("Phase 1 — Foundations — 1 lapse over 1 card"), text.stdout)

        let o = try cli.run(["progress", "--json"]).object()
        XCTAssertEqual(o["percent"] as? Int, 50)
        let project = try XCTUnwrap((o["projects"] as? [[String: Any]])?.first)
        XCTAssertEqual(project["percent"] as? Int, 50)
        let nb = try XCTUnwrap((project["notebooks"] as? [[String: Any]])?.first)
        XCTAssertEqual(nb["percent"] as? Int, 50)
        XCTAssertEqual(nb["card_coverage"] as? Int, 25)
        let item = try XCTUnwrap((nb["items"] as? [[String: Any]])?.first)
        XCTAssertEqual(item["status"] as? String, "partial")
        XCTAssertEqual(item["steps_done"] as? Int, 2)
        XCTAssertEqual(item["steps_total"] as? Int, 3)
        XCTAssertEqual((o["weak_topics"] as? [[String: Any]])?.first?["lapses"] as? Int, 1)
    }

    func testAnkiTextExportThenImportRoundTripsWithoutScheduling() throws {
        _ = try add("What is 2+2?")
        XCTAssertEqual(try cli.run(["card", "add", "--front", "hund", "--back", "dog", "--reversed", "--deck", "German"]).status, 0)
        XCTAssertEqual(try cli.run(["card", "add", "--cloze", "{{c1::Paris}} is in {{c2::France}}", "--tags", "geo"]).status, 0)
        let id = try cli.run(["card", "list", "--json"]).array().first?["id"] as? String
        _ = try cli.run(["grade", try XCTUnwrap(id), "good"])
        let file = cli.root.appendingPathComponent("cards.txt").path
        XCTAssertEqual(try cli.run(["card", "export", file]).status, 0)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("#separator:tab\n#html:false\n"))
        XCTAssertEqual(text.split(separator: "\n").filter { !$0.hasPrefix("#") }.count, 3, "one line per note: \(text)")
        XCTAssertTrue(text.contains("Basic (and reversed card)\tGerman\thund\tdog"))

        // Into a fresh database: same notes, same card count, all new.
        let other = try RecallCLI()
        defer { other.cleanUp() }
        let r = try other.run(["card", "import", file, "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try r.object()["cards"] as? Int, 5)
        let cards = try other.run(["card", "list", "--json"]).array()
        XCTAssertEqual(cards.count, 5)
        XCTAssertTrue(cards.allSatisfy { $0["state"] as? String == "new" })
        XCTAssertEqual(Set(cards.compactMap { $0["deck"] as? String }), ["Default", "German"])
        XCTAssertTrue(cards.contains { ($0["tags"] as? [String]) == ["geo"] })
        // Importing again adds nothing.
        XCTAssertEqual(try other.run(["card", "import", file, "--json"]).object()["cards"] as? Int, 0)
    }

    func testImportOfTheReferenceExampleFromStdin() throws {
        let file = "#separator:tab\n#html:false\n#tags:imported\n#columns:Front\tBack\tTags\n#tags column:3\n"
            + "What is 2+2?\t4\tmath arithmetic\n\"multi\nline\"\tanswer\t\n"
        let r = try cli.run(["card", "import", "-", "--deck", "Anki", "--json"], stdin: file)
        XCTAssertEqual(r.status, 0, r.stderr)
        let cards = try cli.run(["card", "list", "--deck", "Anki", "--json"]).array()
        XCTAssertEqual(cards.map { $0["question"] as? String }, ["What is 2+2?", "multi\nline"])
        XCTAssertEqual(cards.first?["tags"] as? [String], ["imported", "math", "arithmetic"])
        let bad = try cli.run(["card", "import", "-"], stdin: "#separator:tab\n\"never closed\tx\n")
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("never closes"), bad.stderr)
    }
}
