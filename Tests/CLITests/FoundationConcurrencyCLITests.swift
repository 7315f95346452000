import Foundation
import TestSupport
import XCTest

/// Two `recall` processes writing one database at once: both succeed, or one reports a clear "locked by pid …"
/// line — never SQLite's raw "database is locked", never a damaged file, and the counts add up.
final class FoundationConcurrencyCLITests: XCTestCase {
    var cli: RecallCLI!
    var db: String { cli.path("shared.db") }

    override func setUpWithError() throws { cli = try RecallCLI() }
    override func tearDown() { cli?.cleanUp() }

    var samples: URL { RecallCLI.repositoryRoot.appendingPathComponent("sample-notebooks") }

    func counts(_ path: String) throws -> (projects: Int, notebooks: Int, snippets: Int) {
        let report = try XCTUnwrap(try cli.ok(["doctor", "--json", "--no-model", "--db", path]).json() as? [String: Any])
        let d = try XCTUnwrap(report["database"] as? [String: Any])
        XCTAssertEqual(d["integrity"] as? String, "ok", "integrity of \(path)")
        return (d["projects"] as? Int ?? -1, d["notebooks"] as? Int ?? -1, d["snippets"] as? Int ?? -1)
    }

    func assertCleanFailure(_ r: RecallCLI.Result, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(r.timedOut, "\(what) hung: \(r)", file: file, line: line)
        XCTAssertFalse(r.stderr.lowercased().contains("database is locked"), "\(what) leaked the raw SQLite error: \(r.stderr)", file: file, line: line)
        if r.status != 0 {
            XCTAssertTrue(r.stderr.contains("locked by"), "\(what) failed without a clear lock message: \(r)", file: file, line: line)
        }
    }

    func testGivenTwoImportsOfDifferentFoldersIntoANewDatabase_whenRunAtOnce_thenBothLandAndCountsAddUp() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: samples.path).sorted().filter { !$0.hasPrefix(".") }
        XCTAssertGreaterThanOrEqual(folders.count, 2, "need two sample folders under \(samples.path)")
        let a = samples.appendingPathComponent(folders[0]).path, b = samples.appendingPathComponent(folders[1]).path
        // Expected counts: each folder alone, into its own database.
        try cli.ok(["import", a, "--db", cli.path("a.db")])
        try cli.ok(["import", b, "--db", cli.path("b.db")])
        let ca = try counts(cli.path("a.db")), cb = try counts(cli.path("b.db"))

        for round in 0..<5 {
            let path = cli.path("shared-\(round).db")  // a fresh file each round: migrations race too
            let p1 = try cli.start(["import", a, "--db", path])
            let p2 = try cli.start(["import", b, "--db", path])
            let r1 = p1.wait(), r2 = p2.wait()
            assertCleanFailure(r1, "import A round \(round)")
            assertCleanFailure(r2, "import B round \(round)")
            XCTAssertEqual(r1.status, 0, "round \(round) import A: \(r1)")
            XCTAssertEqual(r2.status, 0, "round \(round) import B: \(r2)")
            let c = try counts(path)
            XCTAssertEqual(c.projects, ca.projects + cb.projects, "round \(round)")
            XCTAssertEqual(c.notebooks, ca.notebooks + cb.notebooks, "round \(round)")
            XCTAssertEqual(c.snippets, ca.snippets + cb.snippets, "round \(round)")
        }
    }

    func testGivenABrandNewDatabaseFile_whenTwoProcessesOpenItAtTheSameMoment_thenBothSucceed() throws {
        // Both processes find no schema and migrate. The race window is small, so try many fresh files.
        for round in 0..<30 {
            let path = cli.path("fresh-\(round).db")
            let p1 = try cli.start(["new", "project", "One", "--db", path])
            let p2 = try cli.start(["new", "project", "Two", "--db", path])
            let r1 = p1.wait(), r2 = p2.wait()
            assertCleanFailure(r1, "first opener, round \(round)")
            assertCleanFailure(r2, "second opener, round \(round)")
            XCTAssertFalse(r1.stderr.contains("already exists") || r2.stderr.contains("already exists"),
                           "round \(round): both processes ran the same migration: \(r1.stderr)\(r2.stderr)")
            if r1.status != 0 || r2.status != 0 { return XCTFail("round \(round): \(r1)\n\(r2)") }
        }
    }

    func testGivenTwoProcessesEachCreating20Snippets_whenRunAtOnce_thenEverySuccessIsStoredAndFailuresAreClear() throws {
        try cli.ok(["new", "project", "P", "--db", db])
        try cli.ok(["new", "notebook", "--project", "P", "N", "--db", db])
        let loop = { (name: String) in
            "i=1; while [ $i -le 20 ]; do if \"$RECALL\" new snippet --db '\(self.db)' --notebook N \(name)$i --body \"text $i\"; then :; else echo FAILED >&2; fi; i=$((i+1)); done"
        }
        let p1 = try cli.startShell(loop("A"))
        let p2 = try cli.startShell(loop("B"))
        let r1 = p1.wait(), r2 = p2.wait()
        var successes = 0
        for (r, name) in [(r1, "A"), (r2, "B")] {
            XCTAssertFalse(r.timedOut, "\(name) hung")
            XCTAssertFalse(r.stderr.lowercased().contains("database is locked"), "\(name) leaked the raw SQLite error: \(r.stderr)")
            let ids = r.stdout.split(separator: "\n").filter { $0.count == 36 }
            let failures = r.stderr.components(separatedBy: "FAILED").count - 1
            XCTAssertEqual(ids.count + failures, 20, "\(name): every run either printed an id or failed: \(r)")
            if failures > 0 { XCTAssertTrue(r.stderr.contains("locked by pid"), "\(name) failed without naming the holder: \(r.stderr)") }
            successes += ids.count
        }
        XCTAssertEqual(try counts(db).snippets, successes, "every reported success is stored, nothing else")
        XCTAssertEqual(successes, 40, "with a 10 s busy timeout all 40 short writes should get through")
        let list = try cli.ok(["list", "--db", db]).stdout
        XCTAssertTrue(list.contains("A20") && list.contains("B20"), list)
    }
}
