import Foundation
import TestSupport
import XCTest

/// The foundation CLI driven like a user: help, version, and the create → list → show → edit → history → restore →
/// rm → trash → restore story, plus the $EDITOR flow and the database location rules.
final class FoundationCLITests: XCTestCase {
    var cli: RecallCLI!
    var db: String { cli.path("notes.db") }

    override func setUpWithError() throws { cli = try RecallCLI() }
    override func tearDown() { cli?.cleanUp() }

    func testGivenHelp_whenAsked_thenEveryFoundationCommandIsListedAndVersionPrints() throws {
        let help = try cli.ok(["--help"])
        for command in ["import", "export", "list", "show", "new", "edit", "rm", "restore", "history", "search", "backup", "doctor"] {
            XCTAssertNotNil(help.stdout.range(of: "\n  \(command) ", options: []), "help does not list `\(command)`:\n\(help.stdout)")
        }
        let version = try cli.ok(["--version"])
        XCTAssertNotNil(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).range(of: #"^\d+\.\d+\.\d+"#, options: .regularExpression), version.stdout)
        let sub = try cli.ok(["import", "--help"])
        XCTAssertTrue(sub.stdout.contains("--db"), "every command takes --db: \(sub.stdout)")
        XCTAssertTrue(sub.stdout.contains("--json"))
    }

    func testGivenAnEmptyDatabase_whenAUserCreatesEditsRestoresAndTrashesASnippet_thenEachStepShowsUp() throws {
        // Given a project, a notebook and a snippet made from the command line.
        let projectID = try cli.ok(["new", "project", "Rust study", "--db", db]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(projectID.count, 36, "new prints the full id: \(projectID)")
        let notebookID = try cli.ok(["new", "notebook", "--project", "Rust study", "Ownership", "--db", db]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let snippetID = try cli.ok(["new", "snippet", "--notebook", "Ownership", "Borrowing rules", "--tags", "rust, Core",
                                    "--body", "One &mut or many &.", "--db", db]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let short = String(snippetID.prefix(8))

        // Then list shows the tree with short ids.
        let list = try cli.ok(["list", "--db", db]).stdout
        for needle in ["Rust study", "Ownership", "Borrowing rules", String(projectID.prefix(8)), String(notebookID.prefix(8)), short, "#rust #core"] {
            XCTAssertTrue(list.contains(needle), "list lacks \(needle):\n\(list)")
        }
        let tree = try XCTUnwrap(try cli.ok(["list", "--json", "--db", db]).json() as? [[String: Any]])
        let notebooks = try XCTUnwrap(tree.first?["notebooks"] as? [[String: Any]])
        let snippets = try XCTUnwrap(notebooks.first?["snippets"] as? [[String: Any]])
        XCTAssertEqual(snippets.first?["id"] as? String, snippetID)
        XCTAssertEqual(snippets.first?["tags"] as? [String], ["rust", "core"])

        // show prints the body; edit --body saves a second revision.
        XCTAssertEqual(try cli.ok(["show", short, "--db", db]).stdout, "One &mut or many &.\n")
        XCTAssertTrue(try cli.ok(["edit", short, "--body", "Many shared borrows, or exactly one mutable borrow.", "--db", db]).stdout.contains("saved"))
        XCTAssertEqual(try cli.ok(["show", short, "--db", db]).stdout, "Many shared borrows, or exactly one mutable borrow.\n")
        XCTAssertTrue(try cli.ok(["edit", short, "--body", "Many shared borrows, or exactly one mutable borrow.", "--db", db]).stdout.contains("no change"))

        let history = try XCTUnwrap(try cli.ok(["history", short, "--json", "--db", db]).json() as? [[String: Any]])
        XCTAssertEqual(history.count, 2, "create + edit; the no-op edit adds nothing")
        XCTAssertEqual(history.map { $0["origin"] as? String }, ["edit", "create"])
        let historyText = try cli.ok(["history", short, "--db", db]).stdout
        XCTAssertEqual(historyText.split(separator: "\n").count, 2, historyText)
        let firstRevision = try XCTUnwrap(history.last?["id"] as? Int)

        // restore --revision brings the first text back as a third revision.
        try cli.ok(["restore", short, "--revision", String(firstRevision), "--db", db])
        XCTAssertEqual(try cli.ok(["show", short, "--db", db]).stdout, "One &mut or many &.\n")
        let after = try XCTUnwrap(try cli.ok(["history", short, "--json", "--db", db]).json() as? [[String: Any]])
        XCTAssertEqual(after.map { $0["origin"] as? String }, ["restore", "edit", "create"])
        XCTAssertEqual(try cli.ok(["show", short, "--revision", String(firstRevision), "--db", db]).stdout, "One &mut or many &.\n")

        // rm moves it to the trash; list --trash shows it; restore brings it back.
        try cli.ok(["rm", short, "--db", db])
        XCTAssertFalse(try cli.ok(["list", "--db", db]).stdout.contains("Borrowing rules"))
        let trash = try cli.ok(["list", "--trash", "--db", db]).stdout
        XCTAssertTrue(trash.contains("Borrowing rules") && trash.contains(short), trash)
        try cli.ok(["restore", short, "--db", db])
        XCTAssertTrue(try cli.ok(["list", "--db", db]).stdout.contains("Borrowing rules"))
        XCTAssertTrue(try cli.ok(["list", "--trash", "--db", db]).stdout.contains("the trash is empty"))
    }

    func testGivenUnknownIdsAndBadArguments_whenRun_thenEachFailsWithOneClearLine() throws {
        try cli.ok(["new", "project", "P", "--db", db])
        for args in [["show", "ffffffff"], ["rm", "zz"], ["history", "12345678"], ["new", "snippet", "T"], ["new", "notebook", "--project", "Nope", "N"],
                     ["restore", "ffffffff", "--revision", "1"]] {
            let r = try cli.run(args + ["--db", db])
            XCTAssertNotEqual(r.status, 0, "\(args): \(r)")
            XCTAssertFalse(r.stderr.isEmpty, "\(args) says nothing")
            XCTAssertEqual(r.stdout, "", "\(args): errors go to stderr")
        }
    }

    func testGivenAnEditorThatAppendsALine_whenEditing_thenTheEditorTextIsSavedAsARevision() throws {
        try cli.ok(["new", "project", "P", "--db", db])
        try cli.ok(["new", "notebook", "--project", "P", "N", "--db", db])
        let id = try cli.ok(["new", "snippet", "--notebook", "N", "S", "--body", "first line", "--db", db]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let editor = cli.path("append-editor.sh")
        try "#!/bin/sh\nprintf '\\nadded by the editor' >> \"$1\"\n".write(toFile: editor, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: editor)

        try cli.ok(["edit", id, "--db", db], env: ["EDITOR": editor])
        XCTAssertEqual(try cli.ok(["show", id, "--db", db]).stdout, "first line\nadded by the editor\n")
        let history = try XCTUnwrap(try cli.ok(["history", id, "--json", "--db", db]).json() as? [[String: Any]])
        XCTAssertEqual(history.count, 2)
        XCTAssertEqual(history.first?["origin"] as? String, "editor")
    }

    func testGivenAnEditorThatFails_whenEditing_thenNothingIsSavedAndTheExitIsNonZero() throws {
        try cli.ok(["new", "project", "P", "--db", db])
        try cli.ok(["new", "notebook", "--project", "P", "N", "--db", db])
        let id = try cli.ok(["new", "snippet", "--notebook", "N", "S", "--body", "keep me", "--db", db]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let editor = cli.path("failing-editor.sh")
        try "#!/bin/sh\necho 'garbage' > \"$1\"\nexit 1\n".write(toFile: editor, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: editor)

        let r = try cli.run(["edit", id, "--db", db], env: ["EDITOR": editor])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("nothing was saved"), r.stderr)
        XCTAssertEqual(try cli.ok(["show", id, "--db", db]).stdout, "keep me\n")
        XCTAssertEqual((try cli.ok(["history", id, "--json", "--db", db]).json() as? [Any])?.count, 1)
    }

    func testGivenNoteTextWithTerminalEscapes_whenShownOrListed_thenNoEscapeSequenceReachesTheTerminal() throws {
        try cli.ok(["new", "project", "P", "--db", db])
        try cli.ok(["new", "notebook", "--project", "P", "N", "--db", db])
        let id = try cli.ok(["new", "snippet", "--notebook", "N", "Evil \u{1B}]0;pwned\u{7}", "--body", "red \u{1B}[31mtext\u{1B}[0m and \u{9B}2J", "--db", db])
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        for args in [["show", id], ["list"], ["search", "red"], ["history", id]] {
            let out = try cli.ok(args + ["--db", db]).stdout
            XCTAssertFalse(out.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{9B}" || $0 == "\u{7}" }, "\(args) printed a control character: \(out.debugDescription)")
        }
        let json = try XCTUnwrap(try cli.ok(["show", id, "--json", "--db", db]).json() as? [String: Any])
        XCTAssertEqual(json["body"] as? String, "red \u{1B}[31mtext\u{1B}[0m and \u{9B}2J", "JSON keeps the exact text (escaped by JSON)")
    }

    func testGivenRECALL_DB_whenNoDbFlagIsGiven_thenThatFileIsUsed() throws {
        let envDB = cli.path("from-env/recall.db")
        try cli.ok(["new", "project", "Env project"], env: ["RECALL_DB": envDB])
        XCTAssertTrue(FileManager.default.fileExists(atPath: envDB))
        XCTAssertTrue(try cli.ok(["list", "--db", envDB]).stdout.contains("Env project"))
        XCTAssertTrue(try cli.ok(["list"], env: ["RECALL_DB": envDB]).stdout.contains("Env project"))
        // --db wins over RECALL_DB.
        try cli.ok(["new", "project", "Flag project", "--db", db], env: ["RECALL_DB": envDB])
        XCTAssertFalse(try cli.ok(["list"], env: ["RECALL_DB": envDB]).stdout.contains("Flag project"))
        // Without either, the database lives under $XDG_DATA_HOME/recall.
        try cli.ok(["new", "project", "Default place"])
        XCTAssertTrue(FileManager.default.fileExists(atPath: cli.path("data/recall/recall.db")))
    }
}
