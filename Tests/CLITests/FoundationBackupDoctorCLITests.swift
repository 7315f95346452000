import Foundation
import TestSupport
import XCTest

/// `recall backup` and `recall doctor`: snapshots that open as databases, rotation that keeps the newest N,
/// and a doctor report with integrity and counts.
final class FoundationBackupDoctorCLITests: XCTestCase {
    var cli: RecallCLI!
    var db: String { cli.path("notes.db") }

    override func setUpWithError() throws {
        cli = try RecallCLI()
        try cli.ok(["new", "project", "P", "--db", db])
        try cli.ok(["new", "notebook", "--project", "P", "N", "--db", db])
        for i in 0..<3 { try cli.ok(["new", "snippet", "--notebook", "N", "S\(i)", "--body", "body \(i) kumquat", "--db", db]) }
    }

    override func tearDown() { cli?.cleanUp() }

    func doctor(_ path: String) throws -> [String: Any] {
        try XCTUnwrap(try cli.ok(["doctor", "--json", "--no-model", "--db", path]).json() as? [String: Any])
    }

    func testGivenADatabase_whenDoctorRuns_thenIntegrityIsOkAndCountsAreReported() throws {
        let report = try doctor(db)
        XCTAssertEqual(report["ok"] as? Bool, true)
        let database = try XCTUnwrap(report["database"] as? [String: Any])
        XCTAssertEqual(database["integrity"] as? String, "ok")
        XCTAssertEqual(database["snippets"] as? Int, 3)
        XCTAssertEqual(database["projects"] as? Int, 1)
        XCTAssertEqual(database["journal_mode"] as? String, "wal")
        XCTAssertFalse((database["schema"] as? [String] ?? []).isEmpty)
        let checks = try XCTUnwrap(report["checks"] as? [[String: Any]])
        XCTAssertTrue(checks.contains { $0["name"] as? String == "integrity" && $0["ok"] as? Bool == true })
        let text = try cli.ok(["doctor", "--no-model", "--db", db]).stdout
        XCTAssertTrue(text.contains("integrity") && text.contains("ok"), text)
    }

    func testGivenANonDatabaseFile_whenDoctorRuns_thenItFailsWithAClearLine() throws {
        let bogus = cli.path("bogus.db")
        try "not sqlite".write(toFile: bogus, atomically: true, encoding: .utf8)
        let r = try cli.run(["doctor", "--no-model", "--db", bogus])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stdout.contains("not a Recall/SQLite database"), r.stdout + r.stderr)
        XCTAssertEqual(try String(contentsOfFile: bogus, encoding: .utf8), "not sqlite")
    }

    func testGivenABackupFile_whenWritten_thenItOpensWithDoctorAndHoldsTheSameNotes() throws {
        let target = cli.path("snap/copy.db")
        let r = try XCTUnwrap(try cli.ok(["backup", target, "--json", "--db", db]).json() as? [String: String])
        XCTAssertEqual(r["path"], target)
        let report = try doctor(target)
        XCTAssertEqual(report["ok"] as? Bool, true)
        XCTAssertEqual((report["database"] as? [String: Any])?["integrity"] as? String, "ok")
        XCTAssertEqual((report["database"] as? [String: Any])?["snippets"] as? Int, 3)
        let hits = try XCTUnwrap(try cli.ok(["search", "kumquat", "--json", "--db", target]).json() as? [Any])
        XCTAssertEqual(hits.count, 3, "the snapshot's search index works")
        let again = try cli.run(["backup", target, "--db", db])
        XCTAssertNotEqual(again.status, 0, "an existing backup file is never overwritten")
        XCTAssertTrue(again.stderr.contains("already exists"), again.stderr)
    }

    func testGivenAFolder_whenBackedUpRepeatedlyWithKeep_thenOnlyTheNewestNRemain() throws {
        let dir = cli.path("backups")
        var written: [String] = []
        for _ in 0..<4 {
            let r = try XCTUnwrap(try cli.ok(["backup", dir, "--keep", "2", "--json", "--db", db]).json() as? [String: String])
            written.append(try XCTUnwrap(r["path"]))
        }
        let remaining = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".db") }
        XCTAssertEqual(remaining.count, 2, "\(remaining)")
        XCTAssertTrue(remaining.contains((written.last! as NSString).lastPathComponent), "the newest backup is kept: \(remaining) vs \(written)")
        for name in remaining { XCTAssertEqual(try doctor(dir + "/" + name)["ok"] as? Bool, true, name) }
    }

    func testGivenOlderBackupsInTheFolder_whenANewOneIsWrittenWithKeep2_thenTheOldestAreRemovedNotTheNewer() throws {
        // Backups made within the same second are named recall-STAMP.db, then recall-STAMP-1.db, -2 …; the later
        // ones are newer. Seed such a pair (older than today) and one even older backup.
        let dir = cli.path("backups")
        let seed = cli.path("seed.db")
        try cli.ok(["backup", seed, "--db", db])
        let seeded = ["recall-20200101-000000.db", "recall-20200102-000000.db", "recall-20200102-000000-1.db"]
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for name in seeded { try FileManager.default.copyItem(atPath: seed, toPath: dir + "/" + name) }

        let r = try XCTUnwrap(try cli.ok(["backup", dir, "--keep", "2", "--json", "--db", db]).json() as? [String: String])
        let newest = (try XCTUnwrap(r["path"]) as NSString).lastPathComponent
        let remaining = Set(try FileManager.default.contentsOfDirectory(atPath: dir))
        XCTAssertEqual(remaining, [newest, "recall-20200102-000000-1.db"], "keep the two newest: the new one and the later of the same-second pair")
    }

    func testGivenABusyDatabase_whenBackedUpWhileAnotherProcessWrites_thenTheSnapshotIsConsistent() throws {
        let writer = try cli.startShell("i=0; while [ $i -lt 15 ]; do \"$RECALL\" new snippet --db '\(db)' --notebook N W$i --body 'w' >/dev/null || exit 1; i=$((i+1)); done")
        let target = cli.path("during.db")
        try cli.ok(["backup", target, "--db", db])
        let w = writer.wait()
        XCTAssertEqual(w.status, 0, "\(w)")
        let report = try doctor(target)
        XCTAssertEqual((report["database"] as? [String: Any])?["integrity"] as? String, "ok")
        let n = (report["database"] as? [String: Any])?["snippets"] as? Int ?? -1
        XCTAssertTrue((3...18).contains(n), "snapshot holds a consistent count: \(n)")
    }
}
