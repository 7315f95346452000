import Foundation
import TestSupport
import XCTest

/// `recall import` / `recall export` from the command line: bad input refused with one clear line and the database
/// untouched; export → re-import changes nothing; the sample notebooks survive import → export → import unchanged.
final class FoundationImportCLITests: XCTestCase {
    var cli: RecallCLI!
    var db: String { cli.path("notes.db") }

    override func setUpWithError() throws { cli = try RecallCLI() }
    override func tearDown() { cli?.cleanUp() }

    var samples: String { RecallCLI.repositoryRoot.appendingPathComponent("sample-notebooks").path }

    func write(_ name: String, _ data: Data) throws -> String {
        let path = cli.path(name)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    func snapshot() throws -> String { try cli.ok(["list", "--json", "--db", db]).stdout + (try cli.ok(["list", "--trash", "--json", "--db", db]).stdout) }

    func testGivenBadFiles_whenImported_thenEachIsRefusedWithOneLineNamingItAndTheDatabaseIsUnchanged() throws {
        let good = try write("good/notes.md", Data("# Good\n## One\ntext\n".utf8))
        try cli.ok(["import", good, "--db", db])
        let before = try snapshot()
        let doctorBefore = try cli.ok(["doctor", "--json", "--no-model", "--db", db]).json() as? [String: Any]
        let revisionsBefore = (doctorBefore?["database"] as? [String: Any])?["revisions"] as? Int

        var big = Data("# Huge\n\n## Part\n".utf8)
        let line = Data(String(repeating: "lorem ipsum dolor sit amet ", count: 40).appending("\n").utf8)
        while big.count <= 16 * 1024 * 1024 + 1024 { big.append(line) }
        let cases: [(String, String, String)] = [
            (try write("bad/binary.md", Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D] + Array(repeating: 0, count: 100))), "binary", "binary"),
            (try write("bad/latin1.md", Data("# Caf".utf8) + Data([0xE9]) + Data("\n## x\ny\n".utf8)), "invalid UTF-8", "UTF-8"),
            (try write("bad/empty.md", Data()), "empty file", "empty"),
            (try write("bad/blank.md", Data("  \n\n\t\n".utf8)), "blank file", "empty"),
            (cli.path("bad/does-not-exist.md"), "nonexistent path", "no such file"),
            (try write("bad/huge.md", big), ">16 MB file", "MB"),
            (try write("bad/notes.txt", Data("## Looks like markdown\nbut is .txt\n".utf8)), ".txt file", "not a markdown file"),
        ]
        for (path, what, reason) in cases {
            let r = try cli.run(["import", path, "--db", db])
            XCTAssertNotEqual(r.status, 0, "\(what): \(r)")
            let lines = r.stderr.split(separator: "\n").map(String.init)
            let naming = lines.filter { $0.contains(path) }
            XCTAssertEqual(naming.count, 1, "\(what): exactly one line names the file: \(r.stderr)")
            XCTAssertTrue(naming.first?.contains(reason) ?? false, "\(what): the line says why (\(reason)): \(r.stderr)")
            XCTAssertTrue(naming.first?.contains(" — ") ?? false, "\(what): the line says what to do: \(r.stderr)")
            XCTAssertEqual(try snapshot(), before, "\(what): the database changed")
        }
        // A folder with one bad file among good ones imports nothing.
        _ = try write("mixed/a.md", Data("## A\nfine\n".utf8))
        _ = try write("mixed/b.md", Data([0xFF, 0xFE, 0x00, 0x41]))
        let mixed = try cli.run(["import", cli.path("mixed"), "--db", db])
        XCTAssertNotEqual(mixed.status, 0)
        XCTAssertTrue(mixed.stderr.contains("b.md"), mixed.stderr)
        XCTAssertEqual(try snapshot(), before, "a folder with a bad file must import nothing")
        let doctorAfter = try cli.ok(["doctor", "--json", "--no-model", "--db", db]).json() as? [String: Any]
        XCTAssertEqual((doctorAfter?["database"] as? [String: Any])?["revisions"] as? Int, revisionsBefore)
    }

    func testGivenAFolderWithABadFile_whenImportedWithSkipInvalid_thenTheGoodFilesLandAndTheExitSaysSomethingWasSkipped() throws {
        _ = try write("mixed/a.md", Data("## A\nfine\n".utf8))
        _ = try write("mixed/b.md", Data([0xFF, 0xFE, 0x00, 0x41]))
        let r = try cli.run(["import", cli.path("mixed"), "--skip-invalid", "--db", db])
        XCTAssertNotEqual(r.status, 0, "a partial import is not a full success")
        XCTAssertTrue(r.stderr.contains("b.md"), r.stderr)
        XCTAssertTrue(try cli.ok(["list", "--db", db]).stdout.contains("• A"))
    }

    func testGivenImportedNotes_whenExportedAndReimported_thenNothingIsNewOrChanged() throws {
        let dir = cli.path("Study")
        _ = try write("Study/rust.md", Data("---\ntitle: Rust\ntags: [lang]\n---\n## Borrowing\n<!-- tags: core -->\nOne &mut.\n\n## Code\n```rust\nfn main() {}\n```\n".utf8))
        _ = try write("Study/sql.md", Data("# SQL\nintro text\n## WAL\nreaders\n".utf8))
        try cli.ok(["import", dir, "--db", db])
        let before = try snapshot()

        let out = cli.path("export")
        let exported = try XCTUnwrap(try cli.ok(["export", out, "--json", "--db", db]).json() as? [String: [String]])
        let files = try XCTUnwrap(exported["files"])
        XCTAssertEqual(files.map { ($0 as NSString).lastPathComponent }.sorted(), ["rust.md", "sql.md"])
        for f in files { XCTAssertTrue(FileManager.default.fileExists(atPath: f), f) }
        let text = try String(contentsOfFile: out + "/Study/rust.md", encoding: .utf8)
        XCTAssertTrue(text.contains("## Borrowing\n<!-- tags: core -->") && text.contains("```rust\nfn main() {}\n```"), text)

        let report = try XCTUnwrap(try cli.ok(["import", out + "/Study", "--json", "--db", db]).json() as? [String: Int])
        XCTAssertEqual(report["snippets_created"], 0, "\(report)")
        XCTAssertEqual(report["snippets_updated"], 0, "\(report)")
        XCTAssertEqual(report["snippets_trashed"], 0, "\(report)")
        XCTAssertEqual(report["notebooks_created"], 0, "\(report)")
        XCTAssertEqual(report["projects_created"], 0, "\(report)")
        let text2 = try cli.ok(["import", out + "/Study", "--db", db]).stdout
        XCTAssertTrue(text2.contains("0 new, 0 changed"), text2)
        XCTAssertEqual(try snapshot().replacingOccurrences(of: #""updated_at":"[^"]*""#, with: "", options: .regularExpression),
                       before.replacingOccurrences(of: #""updated_at":"[^"]*""#, with: "", options: .regularExpression))
    }

    func testGivenANotebookMadeOnTheCommandLine_whenExportedAndReimported_thenItIsNotDuplicated() throws {
        try cli.ok(["new", "project", "Scratch", "--db", db])
        try cli.ok(["new", "notebook", "--project", "Scratch", "Inbox", "--db", db])
        try cli.ok(["new", "snippet", "--notebook", "Inbox", "Idea", "--body", "an idea", "--db", db])
        let out = cli.path("export")
        try cli.ok(["export", out, "--db", db])
        let report = try XCTUnwrap(try cli.ok(["import", out + "/Scratch", "--json", "--db", db]).json() as? [String: Int])
        XCTAssertEqual(report["notebooks_created"], 0, "re-importing the export must update Inbox, not add a second one: \(report)")
        XCTAssertEqual(report["snippets_created"], 0, "\(report)")
        XCTAssertFalse(try cli.ok(["list", "--db", db]).stdout.components(separatedBy: "▸ Inbox").count > 2, "Inbox appears twice")
    }

    func testGivenSnippetTextEndingInANewline_whenExportedAndReimported_thenTheSnippetIsUnchanged() throws {
        _ = try write("Study/notes.md", Data("## Piped\nplaceholder\n\n## Script\n```python\npass\n```\n".utf8))
        try cli.ok(["import", cli.path("Study"), "--db", db])
        let tree = try XCTUnwrap(try cli.ok(["list", "--json", "--db", db]).json() as? [[String: Any]])
        let snippets = try XCTUnwrap(((tree.first?["notebooks"] as? [[String: Any]])?.first?["snippets"] as? [[String: Any]]))
        let ids = snippets.compactMap { $0["id"] as? String }
        XCTAssertEqual(ids.count, 2)
        // Text piped from a file or typed in an editor usually ends with a newline.
        try cli.ok(["edit", ids[0], "--stdin", "--db", db], stdin: "typed text\nwith a final newline\n")
        try cli.ok(["edit", ids[1], "--stdin", "--db", db], stdin: "print(1)\n\n")
        let out = cli.path("export")
        try cli.ok(["export", out, "--db", db])
        let report = try XCTUnwrap(try cli.ok(["import", out + "/Study", "--json", "--db", db]).json() as? [String: Int])
        XCTAssertEqual(report["snippets_updated"], 0, "export → import must not rewrite snippets whose text ends in a newline: \(report)")
        XCTAssertEqual(report["snippets_unchanged"], 2, "\(report)")
    }

    func testGivenAWindowsFileWithCRLFLineEndings_whenImported_thenItsSectionsBecomeSnippetsAsWithLF() throws {
        let lf = "---\ntitle: Windows notes\n---\n## First\none\n## Second\n```python\nprint(2)\n```\n"
        _ = try write("Win/crlf.md", Data(lf.replacingOccurrences(of: "\n", with: "\r\n").utf8))
        try cli.ok(["import", cli.path("Win/crlf.md"), "--db", db])
        let list = try cli.ok(["list", "--db", db]).stdout
        XCTAssertTrue(list.contains("Windows notes"), list)
        XCTAssertTrue(list.contains("• First  [md]") && list.contains("• Second  [python]"), list)
    }

    func testGivenAFileWithAUTF8ByteOrderMark_whenImported_thenTheFrontMatterIsStillRead() throws {
        _ = try write("Bom/bom.md", Data([0xEF, 0xBB, 0xBF]) + Data("---\ntitle: With BOM\ntags: [x]\n---\n## Only\ntext\n".utf8))
        try cli.ok(["import", cli.path("Bom/bom.md"), "--db", db])
        let list = try cli.ok(["list", "--db", db]).stdout
        XCTAssertTrue(list.contains("▸ With BOM"), list)
    }

    func testGivenAnExistingNotebook_whenAFileIsImportedIntoItByTitle_thenItsSnippetsJoinThatNotebook() throws {
        try cli.ok(["new", "project", "Mine", "--db", db])
        try cli.ok(["new", "notebook", "--project", "Mine", "Scratch", "--db", db])
        _ = try write("In/extra.md", Data("## Extra one\na\n## Extra two\nb\n".utf8))
        let report = try XCTUnwrap(try cli.ok(["import", cli.path("In/extra.md"), "--notebook", "Scratch", "--json", "--db", db]).json() as? [String: Int])
        XCTAssertEqual(report["snippets_created"], 2)
        XCTAssertEqual(report["notebooks_created"], 0)
        XCTAssertEqual(report["projects_created"], 0)
        let list = try cli.ok(["list", "--db", db]).stdout
        XCTAssertTrue(list.contains("Scratch  (2 snippets)"), list)
        XCTAssertFalse(list.contains("▸ In"), "no project made from the folder: \(list)")
    }

    func testGivenTitlesThatLookLikePaths_whenExported_thenEveryFileStaysInsideTheChosenFolder() throws {
        try cli.ok(["new", "project", "../../escape", "--db", db])
        try cli.ok(["new", "notebook", "--project", "../../escape", "../../../etc/passwd", "--db", db])
        try cli.ok(["new", "notebook", "--project", "../../escape", "..", "--db", db])
        let out = cli.path("deep/out")
        let files = try XCTUnwrap((try cli.ok(["export", out, "--json", "--db", db]).json() as? [String: [String]])?["files"])
        XCTAssertEqual(files.count, 2)
        let root = URL(fileURLWithPath: out).standardizedFileURL.path + "/"
        for f in files { XCTAssertTrue(URL(fileURLWithPath: f).standardizedFileURL.path.hasPrefix(root), "\(f) escapes \(root)") }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: cli.path("deep")), ["out"], "nothing written beside the folder")
    }

    func testGivenTheSamplesFlag_whenImportedByABinaryFarFromTheRepository_thenTheBuiltInNotebooksEqualTheFolder() throws {
        // A copy of the binary in a folder with no sample-notebooks/ above it, run from there without RECALL_HOME:
        // the samples must come from the binary itself.
        let bin = cli.root.appendingPathComponent("bin/recall")
        try FileManager.default.createDirectory(at: bin.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: cli.binary, to: bin)
        let r = try RecallCLI.Running(bin, ["import", "--samples", "--json", "--db", db], environment: cli.environment, cwd: cli.root, deadline: 120).wait()
        XCTAssertEqual(r.status, 0, "\(r)")
        let report = try XCTUnwrap((try? JSONSerialization.jsonObject(with: r.stdoutData)) as? [String: Int], "\(r)")
        XCTAssertGreaterThanOrEqual(report["projects_created"] ?? 0, 3, "\(report)")
        XCTAssertGreaterThan(report["snippets_created"] ?? 0, 20, "\(report)")

        // The same notebooks as importing the repository's folder: both exports are byte-identical.
        let fromFolder = cli.path("folder.db")
        try cli.ok(["import", samples, "--db", fromFolder])
        try cli.ok(["export", cli.path("export-builtin"), "--db", db])
        try cli.ok(["export", cli.path("export-folder"), "--db", fromFolder])
        let a = try tree(cli.path("export-builtin")), b = try tree(cli.path("export-folder"))
        XCTAssertEqual(a.keys.sorted(), b.keys.sorted(), "the built-in samples differ from sample-notebooks/ — run sh sample-notebooks/generate-embedded.sh")
        for (k, v) in a where b[k] != v { XCTFail("\(k): the built-in copy differs from sample-notebooks/ — run sh sample-notebooks/generate-embedded.sh") }
    }

    func testGivenTheSampleNotebooks_whenImportedExportedAndReimportedElsewhere_thenBothExportsAreByteIdentical() throws {
        XCTAssertTrue(FileManager.default.fileExists(atPath: samples), "sample notebooks missing at \(samples)")
        let first = cli.path("first.db"), second = cli.path("second.db")
        try cli.ok(["import", samples, "--db", first])
        let out1 = cli.path("export1"), out1again = cli.path("export1-again"), out2 = cli.path("export2")
        try cli.ok(["export", out1, "--db", first])
        try cli.ok(["export", out1again, "--db", first])
        XCTAssertEqual(try tree(out1), try tree(out1again), "exporting twice gives identical bytes")

        // Re-import the export (one project folder at a time, as a user would) into a fresh database.
        for project in try FileManager.default.contentsOfDirectory(atPath: out1).sorted() {
            try cli.ok(["import", out1 + "/" + project, "--db", second])
        }
        try cli.ok(["export", out2, "--db", second])
        let a = try tree(out1), b = try tree(out2)
        XCTAssertEqual(a.keys.sorted(), b.keys.sorted())
        for (k, v) in a where b[k] != v { XCTFail("\(k) differs after import → export → import") }

        // And the first export re-imported into the first database changes nothing.
        for project in try FileManager.default.contentsOfDirectory(atPath: out1).sorted() {
            let report = try XCTUnwrap(try cli.ok(["import", out1 + "/" + project, "--json", "--db", first]).json() as? [String: Int])
            XCTAssertEqual(report["snippets_updated"], 0, "\(project): \(report)")
            XCTAssertEqual(report["snippets_created"], 0, "\(project): \(report)")
        }
        // The number of snippets matches what the files hold.
        let doctor = try XCTUnwrap(try cli.ok(["doctor", "--json", "--no-model", "--db", second]).json() as? [String: Any])
        let firstDoctor = try XCTUnwrap(try cli.ok(["doctor", "--json", "--no-model", "--db", first]).json() as? [String: Any])
        XCTAssertEqual((doctor["database"] as? [String: Any])?["snippets"] as? Int, (firstDoctor["database"] as? [String: Any])?["snippets"] as? Int)
    }

    /// Relative path → bytes of every file under a folder.
    func tree(_ root: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let e = FileManager.default.enumerator(atPath: root)
        while let rel = e?.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + rel, isDirectory: &isDir), !isDir.boolValue {
                out[rel] = FileManager.default.contents(atPath: root + "/" + rel)
            }
        }
        XCTAssertFalse(out.isEmpty, "nothing under \(root)")
        return out
    }
}
