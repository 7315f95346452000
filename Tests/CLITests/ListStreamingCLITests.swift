import Foundation
import TestSupport
import XCTest

/// `recall list` prints the tree one notebook at a time (so its first line comes at once): the text is the same
/// tree, in the same order, as `recall list --json`.
final class ListStreamingCLITests: XCTestCase {
    var cli: RecallCLI!
    var db: String { cli.path("notes.db") }

    override func setUpWithError() throws { cli = try RecallCLI(label: "list") }
    override func tearDown() { cli?.cleanUp() }

    func testTextListingIsTheJSONTreeInOrderWithCountsAndNothingFromTheTrash() throws {
        try cli.ok(["import", "--samples", "--db", db])
        try cli.ok(["new", "project", "Zeta empty project", "--db", db])
        let tree = try XCTUnwrap(try cli.ok(["list", "--json", "--db", db]).json() as? [[String: Any]])
        let victim = try XCTUnwrap(((tree.first?["notebooks"] as? [[String: Any]])?.first?["snippets"] as? [[String: Any]])?.first?["id"] as? String)
        try cli.ok(["rm", victim, "--db", db])
        let after = try XCTUnwrap(try cli.ok(["list", "--json", "--db", db]).json() as? [[String: Any]])
        var expected: [String] = []
        for p in after {
            let project = try XCTUnwrap(p["project"] as? [String: Any]), notebooks = try XCTUnwrap(p["notebooks"] as? [[String: Any]])
            expected.append("\(String((project["id"] as? String ?? "").prefix(8))) ▸ \(project["title"] as? String ?? "") (\(notebooks.count)")
            for n in notebooks {
                let nb = try XCTUnwrap(n["notebook"] as? [String: Any]), snippets = try XCTUnwrap(n["snippets"] as? [[String: Any]])
                expected.append("\(String((nb["id"] as? String ?? "").prefix(8))) ▸ \(nb["title"] as? String ?? "") (\(snippets.count)")
                for s in snippets { expected.append("\(String((s["id"] as? String ?? "").prefix(8))) • \(s["title"] as? String ?? "")") }
            }
        }
        let text = try cli.ok(["list", "--db", db]).stdout.split(separator: "\n").map { line in
            // "id  ▸ title  (N notebooks)" → "id ▸ title (N"; "id      • title  [md]…" → "id • title"
            let squeezed = line.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            if let r = squeezed.range(of: " (", options: .backwards), squeezed.contains("▸") {
                return String(squeezed[..<r.lowerBound]) + " (" + squeezed[r.upperBound...].prefix { $0.isNumber }
            }
            if let r = squeezed.range(of: " [", options: .backwards) { return String(squeezed[..<r.lowerBound]) }
            return squeezed
        }
        XCTAssertEqual(text.count, expected.count, "line count")
        for (i, (a, b)) in zip(text, expected).enumerated() where a != b { XCTFail("line \(i + 1): \(a) ≠ \(b)"); break }
        XCTAssertFalse(text.contains { $0.hasPrefix(String(victim.prefix(8))) }, "a trashed snippet is not listed")
        XCTAssertTrue(text.last?.contains("Zeta empty project (0") == true || text.contains { $0.contains("Zeta empty project (0") })
    }
}
