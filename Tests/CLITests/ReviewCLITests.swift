import Foundation
import TestSupport
import XCTest

/// The review commands driven like a script would: the built binary, fixed `--at` times, JSON checked
/// against values computed by py-fsrs 6.3.2 (fuzz off) for the same chain.
final class ReviewCLITests: XCTestCase {
    var cli: RecallCLI!

    override func setUpWithError() throws {
        cli = try RecallCLI()
    }

    override func tearDown() { cli?.cleanUp() }

    func addCard(_ extra: [String] = []) throws -> String {
        let r = try cli.run(["card", "add", "--front", "Capital of France?", "--back", "Paris", "--at", "2026-01-01T09:00:00Z", "--json"] + extra)
        XCTAssertEqual(r.status, 0, r.stderr)
        return try XCTUnwrap(r.object()["id"] as? String)
    }

    func testCardAddThenGradeChainMatchesPyFSRS() throws {
        // Given a deck with fuzz off and a new card,
        XCTAssertEqual(try cli.run(["deck", "set", "Default", "--fuzz", "off"]).status, 0)
        let id = try addCard()
        // When it is graded at fixed times,
        // Then each JSON state equals py-fsrs 6.3.2's (state, step, stability, difficulty, interval, due).
        let chain: [(String, String, String, Int?, Double, Double, Int, String)] = [
            ("good", "2026-01-01T09:00:00Z", "learning", 1, 2.3065, 2.118103970459016, 600, "2026-01-01T09:10:00Z"),
            ("good", "2026-01-01T09:10:00Z", "review", nil, 2.3065, 2.111214235785395, 172800, "2026-01-03T09:10:00Z"),
            ("again", "2026-01-03T09:10:00Z", "relearning", 0, 0.6077016626638644, 7.392238132342694, 600, "2026-01-03T09:20:00Z"),
            ("hard", "2026-01-03T09:20:00Z", "relearning", 0, 0.6077016626638644, 8.254074519842886, 900, "2026-01-03T09:35:00Z"),
            ("3", "2026-01-03T09:30:00Z", "review", nil, 0.6597976257475758, 8.24104881461988, 86400, "2026-01-04T09:30:00Z"),
            ("easy", "2026-01-10T12:00:00Z", "review", nil, 7.379735917241759, 7.638517664887921, 604800, "2026-01-17T12:00:00Z"),
            ("good", "2026-02-20T08:00:00Z", "review", nil, 32.539865760348654, 7.6261075165198715, 2851200, "2026-03-25T08:00:00Z"),
        ]
        for (rating, at, state, step, s, d, interval, due) in chain {
            let r = try cli.run(["grade", String(id.prefix(8)), rating, "--at", at, "--json"])
            XCTAssertEqual(r.status, 0, r.stderr)
            let o = try r.object()
            XCTAssertEqual(o["state"] as? String, state, "\(rating) at \(at)")
            XCTAssertEqual(o["step"] as? Int, step, "\(rating) at \(at)")
            XCTAssertTrue(o.keys.contains("step"))
            XCTAssertEqual(try XCTUnwrap(o["stability"] as? Double), s, accuracy: 1e-12, "\(rating) at \(at)")
            XCTAssertEqual(try XCTUnwrap(o["difficulty"] as? Double), d, accuracy: 1e-12, "\(rating) at \(at)")
            XCTAssertEqual(o["interval_seconds"] as? Int, interval, "\(rating) at \(at)")
            XCTAssertEqual(o["due"] as? String, due)
            XCTAssertEqual(o["last_review"] as? String, at)
        }
        // And the lapse was counted.
        let list = try cli.run(["card", "list", "--json"]).array()
        XCTAssertEqual(list.first?["lapses"] as? Int, 1)
    }

    func testSM2DeckGradesZeroToFiveWithExactEase() throws {
        XCTAssertEqual(try cli.run(["deck", "set", "Old", "--scheduler", "sm2"]).status, 0)
        let id = try addCard(["--deck", "Old"])
        var at = "2026-01-01T09:00:00Z"
        var intervals: [Int] = []
        var ease: [Double] = []
        for _ in 0..<6 {
            let o = try cli.run(["grade", id, "5", "--at", at, "--json"]).object()
            intervals.append(try XCTUnwrap(o["interval_seconds"] as? Int) / 86400)
            ease.append(try XCTUnwrap(o["ease"] as? Double))
            XCTAssertNil(o["stability"])
            at = try XCTUnwrap(o["due"] as? String)
        }
        XCTAssertEqual(intervals, [1, 6, 17, 48, 140, 420])
        XCTAssertEqual(ease, [2.6, 2.7, 2.8, 2.9, 3.0, 3.1])
        // A quality below 3 resets repetitions and gives one day.
        let lapse = try cli.run(["grade", id, "2", "--at", at, "--json"]).object()
        XCTAssertEqual(lapse["repetitions"] as? Int, 0)
        XCTAssertEqual(lapse["interval_seconds"] as? Int, 86400)
        XCTAssertEqual(lapse["state"] as? String, "relearning")
    }

    func testBadInputFailsWithOneClearLine() throws {
        let id = try addCard()
        let bad = try cli.run(["grade", id, "superb"])
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("not a grade"), bad.stderr)
        XCTAssertEqual(bad.stdout, "")
        XCTAssertNotEqual(try cli.run(["grade", id, "good", "--at", "yesterday"]).status, 0)
        XCTAssertNotEqual(try cli.run(["grade", "ffffffff", "good"]).status, 0)
        XCTAssertNotEqual(try cli.run(["deck", "set", "Default", "--retention", "1.5"]).status, 0)
        XCTAssertNotEqual(try cli.run(["deck", "set", "Default", "--learning-steps", "1x"]).status, 0)
        XCTAssertNotEqual(try cli.run(["card", "add", "--cloze", "no deletions"]).status, 0)
        XCTAssertEqual(try cli.run(["grade", id, "good", "--at", "2026-01-02T00:00:00Z"]).status, 0)
        let early = try cli.run(["grade", id, "good", "--at", "2026-01-01T00:00:00Z"])
        XCTAssertEqual(early.status, 1)
        XCTAssertTrue(early.stderr.contains("would be earlier"), early.stderr)
        XCTAssertEqual(try cli.run(["grade", id, "--undo"]).status, 0)
        // Nothing was changed by the failures: the card is still new.
        let list = try cli.run(["card", "list", "--json"]).array()
        XCTAssertEqual(list.first?["state"] as? String, "new")
        XCTAssertEqual(try cli.run(["deck", "list", "--json"]).array().first?["retention"] as? Double, 0.9)
    }

    func testUndoRestoresThePreviousState() throws {
        let id = try addCard()
        let first = try cli.run(["grade", id, "good", "--at", "2026-01-01T09:00:00Z", "--json"]).object()
        _ = try cli.run(["grade", id, "again", "--at", "2026-01-01T09:10:00Z", "--json"])
        let undone = try cli.run(["grade", id, "--undo", "--at", "2026-01-01T09:11:00Z", "--json"]).object()
        for key in ["state", "step", "stability", "difficulty", "due", "interval_seconds"] {
            XCTAssertEqual("\(undone[key] ?? "nil")", "\(first[key] ?? "nil")", key)
        }
    }

    func testDueListsLearningThenReviewThenNewWithinTheDailyLimit() throws {
        XCTAssertEqual(try cli.run(["deck", "set", "Default", "--fuzz", "off", "--new-per-day", "2"]).status, 0)
        var ids: [String] = []
        for i in 0..<4 {
            let r = try cli.run(["card", "add", "--front", "q\(i)", "--back", "a", "--at", "2026-01-01T08:0\(i):00Z"])
            ids.append(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        // q0 and q1 are introduced at 09:00 and go to learning step 1 (due 09:10).
        _ = try cli.run(["grade", ids[0], "good", "--at", "2026-01-01T09:00:00Z"])
        _ = try cli.run(["grade", ids[1], "good", "--at", "2026-01-01T09:00:00Z"])
        let sameDay = try cli.run(["due", "--at", "2026-01-01T09:05:00Z", "--json", "--utc"]).array()
        // Two new cards were introduced today already, so no new card is shown; the learning ones are not due yet.
        XCTAssertEqual(sameDay.map { $0["id"] as? String }, [])
        // q0 graduates at 09:10 (due 2026-01-03T09:10); q1 stays in learning.
        _ = try cli.run(["grade", ids[0], "good", "--at", "2026-01-01T09:10:00Z"])
        let later = try cli.run(["due", "--at", "2026-01-03T10:00:00Z", "--json", "--utc"]).array()
        XCTAssertEqual(later.map { $0["id"] as? String }, [ids[1], ids[0], ids[2], ids[3]])
        XCTAssertEqual(later.map { $0["state"] as? String }, ["learning", "review", "new", "new"])
        let text = try cli.run(["due", "--at", "2026-01-03T10:00:00Z", "--utc"])
        XCTAssertEqual(text.stdout.split(separator: "\n").count, 4)
        XCTAssertTrue(text.stdout.hasPrefix(String(ids[1].prefix(8))))
    }

    func testClozeReversedAndSnippetSourcesWithChangeFlag() throws {
        let cloze = try cli.run(["card", "add", "--cloze", "{{c1::Paris}} is in {{c2::France::country}}", "--json"]).object()
        XCTAssertEqual((cloze["ids"] as? [String])?.count, 2)
        let rev = try cli.run(["card", "add", "--front", "hund", "--back", "dog", "--reversed", "--deck", "German", "--json"]).object()
        XCTAssertEqual((rev["ids"] as? [String])?.count, 2)
        let questions = try cli.run(["card", "list", "--json"]).array().compactMap { $0["question"] as? String }
        XCTAssertEqual(Set(questions), ["[...] is in France", "Paris is in [country]", "hund", "dog"])

        // A card made from a snippet is flagged when the snippet changes; its history stays.
        XCTAssertEqual(try cli.run(["new", "project", "Study"]).status, 0)
        XCTAssertEqual(try cli.run(["new", "notebook", "--project", "Study", "Geo"]).status, 0)
        let snippet = try cli.run(["new", "snippet", "--notebook", "Geo", "Capitals", "--body", "{{c1::Paris}} is the capital of France."])
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let fromSnippet = try cli.run(["card", "add", "--from-snippet", snippet, "--json"]).object()
        let card = try XCTUnwrap(fromSnippet["id"] as? String)
        XCTAssertEqual(fromSnippet["deck"] as? String, "Geo")
        _ = try cli.run(["grade", card, "good", "--at", "2026-01-01T09:00:00Z"])
        XCTAssertEqual(try cli.run(["card", "list", "--changed", "--json"]).array().count, 0)
        XCTAssertEqual(try cli.run(["edit", snippet, "--body", "Paris is the capital of France (edited)."]).status, 0, "edit")
        let changed = try cli.run(["card", "list", "--changed", "--json"]).array()
        XCTAssertEqual(changed.map { $0["id"] as? String }, [card])
        let due = try cli.run(["due", "--at", "2026-02-01T00:00:00Z"]).stdout
        XCTAssertTrue(due.contains("[source changed]"), due)
        XCTAssertEqual(try cli.run(["card", "ack", card]).status, 0)
        XCTAssertEqual(try cli.run(["card", "list", "--changed", "--json"]).array().count, 0)
    }
}
