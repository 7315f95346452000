import Foundation
import TestSupport
import XCTest

/// Study status and `recall progress` from the command line: the bundled AI Foundations roadmap reads exactly as the
/// user's own roadmap does, statuses show in `show`/`list --json`, and export → import keeps them.
final class StudyProgressCLITests: XCTestCase {
    var cli: RecallCLI!

    override func setUpWithError() throws { cli = try RecallCLI() }
    override func tearDown() { cli?.cleanUp() }

    var roadmap: String { RecallCLI.repositoryRoot.appendingPathComponent("sample-notebooks/AI Foundations Roadmap").path }

    func testGivenTheBundledRoadmap_whenProgressIsAsked_thenItReadsFiftyEightPercentFifteenSevenTen() throws {
        try cli.ok(["import", roadmap])
        let text = try cli.ok(["progress", "--project", "AI Foundations Roadmap"]).stdout
        XCTAssertEqual(text.split(separator: "\n").first, "58% · 15 done · 7 partial · 10 todo", text)
        XCTAssertTrue(text.contains("◐ AI, ML, deep learning and generative AI — the taxonomy  2/4 steps"), text)
        XCTAssertEqual(try cli.ok(["progress"]).stdout.split(separator: "\n").first, "58% · 15 done · 7 partial · 10 todo")

        let o = try cli.ok(["progress", "--project", "AI Foundations Roadmap", "--json"]).object()
        let project = try XCTUnwrap((o["projects"] as? [[String: Any]])?.first)
        XCTAssertEqual([project["percent"], project["done"], project["partial"], project["todo"]].map { $0 as? Int }, [58, 15, 7, 10])
        let notebooks = try XCTUnwrap(project["notebooks"] as? [[String: Any]])
        let items = notebooks.flatMap { ($0["items"] as? [[String: Any]]) ?? [] }
        XCTAssertEqual(items.count, 32)
        XCTAssertTrue(items.allSatisfy { ($0["steps_total"] as? Int ?? 0) > 0 && $0["steps_done"] is Int }, "every roadmap item has sub-steps")

        let one = try cli.ok(["progress", "--notebook", "Hands-on Milestones"]).stdout
        XCTAssertEqual(one.split(separator: "\n").first, "0% · 0 done · 0 partial · 2 todo", one)
    }

    func testGivenAStatus_whenShownListedExportedAndReimported_thenItIsKept() throws {
        try cli.ok(["import", roadmap])
        let tree = try cli.ok(["list", "--json"]).array()
        let snippets = tree.flatMap { ($0["notebooks"] as? [[String: Any]]) ?? [] }.flatMap { ($0["snippets"] as? [[String: Any]]) ?? [] }
        let sampling = try XCTUnwrap(snippets.first { ($0["title"] as? String)?.hasPrefix("Sampling") == true })
        XCTAssertEqual(sampling["status"] as? String, "done")
        XCTAssertFalse((sampling["tags"] as? [String] ?? []).contains("done"), "the status word is the field, not a tag")
        let note = try XCTUnwrap(snippets.first { $0["title"] as? String == "Where this roadmap stands" })
        XCTAssertTrue(note.keys.contains("status") && note["status"] is NSNull, "a plain note says status null")

        let id = try XCTUnwrap(sampling["id"] as? String)
        try cli.ok(["edit", id, "--status", "partial"])
        XCTAssertEqual(try cli.ok(["show", id, "--json"]).object()["status"] as? String, "partial")
        XCTAssertTrue(try cli.ok(["list"]).stdout.contains("◐ partial"))

        let out = cli.path("export")
        try cli.ok(["export", out, "--project", "AI Foundations Roadmap"])
        let other = try RecallCLI()
        defer { other.cleanUp() }
        try other.ok(["import", out + "/AI Foundations Roadmap"])
        let text = try other.ok(["progress"]).stdout
        XCTAssertEqual(text.split(separator: "\n").first, "56% · 14 done · 8 partial · 10 todo", text)

        try cli.ok(["edit", id, "--status", "none"])
        XCTAssertTrue(try cli.ok(["show", id, "--json"]).object()["status"] is NSNull, "none makes it a plain note again")
        XCTAssertEqual(try cli.ok(["progress"]).stdout.split(separator: "\n").first, "56% · 14 done · 7 partial · 10 todo")

        let bad = try cli.run(["edit", id, "--status", "finished"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("todo") && bad.stderr.contains("partial"), "the error lists the values: \(bad.stderr)")
        let notebook = try cli.run(["new", "notebook", "--project", "AI Foundations Roadmap", "Extra", "--status", "done"])
        XCTAssertNotEqual(notebook.status, 0)
        XCTAssertTrue(notebook.stderr.contains("--status applies to a snippet"), notebook.stderr)
    }
}
