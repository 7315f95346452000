import Foundation
import TestSupport
import XCTest

/// `recall new/edit --stdin` with a NUL byte: the text used to be stored cut at the NUL (the rest silently lost) with
/// a hash of the whole, so its own pack export was refused on import; now the input is refused and nothing is saved.
final class StdinNulCLITests: XCTestCase {
    var cli: RecallCLI!

    override func setUpWithError() throws { cli = try RecallCLI(label: "nul") }
    override func tearDown() { cli?.cleanUp() }

    func testGivenStandardInputWithANulByte_whenSaved_thenItIsRefusedAndNothingIsSaved() throws {
        try cli.ok(["new", "project", "P"])
        try cli.ok(["new", "notebook", "--project", "P", "N"])
        let created = try cli.run(["new", "snippet", "--notebook", "N", "Binary", "--stdin"], stdin: "before\u{0}after")
        XCTAssertEqual(created.status, 1, "\(created)")
        XCTAssertTrue(created.stderr.contains("holds a NUL byte") && created.stderr.contains("nothing was saved"), created.stderr)
        XCTAssertFalse(try cli.ok(["list"]).stdout.contains("Binary"), "nothing was saved")

        let id = try cli.ok(["new", "snippet", "--notebook", "N", "Text", "--body", "kept"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let edited = try cli.run(["edit", id, "--stdin"], stdin: "x\u{0}y")
        XCTAssertEqual(edited.status, 1, "\(edited)")
        XCTAssertEqual(try cli.ok(["show", id]).stdout, "kept\n", "the text is unchanged")
        // A pack of the notebook imports cleanly (it used to be refused as damaged when a body was cut at a NUL).
        try cli.ok(["pack", "export", cli.path("p.zip"), "--project", "P"])
        try cli.ok(["pack", "import", cli.path("p.zip"), "--db", cli.path("other.db")])
    }
}
