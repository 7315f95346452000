import Foundation
import TestSupport
import XCTest

/// `recall backup --list/--restore` and the daily snapshot: a restore checks the snapshot first, keeps the current
/// database as a snapshot, swaps the file, and refuses (naming the process) while the app has the database open.
final class BackupRestoreCLITests: XCTestCase {
    var cli: RecallCLI!
    var db: String { cli.path("notes.db") }

    override func setUpWithError() throws {
        cli = try RecallCLI()
        try cli.ok(["new", "project", "Before", "--db", db])
    }

    override func tearDown() { cli?.cleanUp() }

    func projects(_ path: String) throws -> [String] {
        try cli.ok(["list", "--json", "--db", path]).array().compactMap { ($0["project"] as? [String: Any])?["title"] as? String }
    }

    func testGivenASnapshot_whenRestored_thenTheDatabaseIsTheSnapshotAndTheOldOneIsKept() throws {
        let snap = try XCTUnwrap(try cli.ok(["backup", "--json", "--db", db]).object()["path"] as? String)
        try cli.ok(["new", "project", "After", "--db", db])
        XCTAssertEqual(try projects(db).sorted(), ["After", "Before"])

        let listed = try cli.ok(["backup", "--list", "--json", "--db", db]).array()
        XCTAssertEqual(listed.map { $0["path"] as? String }, [snap])
        XCTAssertEqual(listed.first?["kind"] as? String, "manual")

        let report = try cli.ok(["backup", "--restore", snap, "--json", "--db", db]).object()
        XCTAssertEqual(try projects(db), ["Before"], "the snapshot's content is the database now")
        let previous = try XCTUnwrap(report["previous"] as? String)
        XCTAssertEqual(try projects(previous).sorted(), ["After", "Before"], "the database as it was is kept as a snapshot")
        try cli.ok(["new", "project", "Later", "--db", db])
        XCTAssertEqual(try projects(db).sorted(), ["Before", "Later"], "the restored database takes writes")
        let kinds = try cli.ok(["backup", "--list", "--json", "--db", db]).array().compactMap { $0["kind"] as? String }
        XCTAssertEqual(kinds.sorted(), ["manual", "pre-restore"])
        XCTAssertTrue(try cli.ok(["backup", "--list", "--db", db]).stdout.contains("pre-restore"))
    }

    func testGivenABadSnapshot_whenRestored_thenItIsRefusedBeforeAnythingChanges() throws {
        let good = try XCTUnwrap(try cli.ok(["backup", "--json", "--db", db]).object()["path"] as? String)
        try cli.ok(["new", "project", "Current", "--db", db])
        let damaged = cli.path("damaged.db"), newer = cli.path("newer.db"), text = cli.path("notes.txt"), foreign = cli.path("foreign.db")
        var bytes = try Data(contentsOf: URL(fileURLWithPath: good))
        for i in 4096..<min(bytes.count, 4096 * 6) { bytes[i] = UInt8(truncatingIfNeeded: i * 7) }
        try bytes.write(to: URL(fileURLWithPath: damaged))
        try FileManager.default.copyItem(atPath: good, toPath: newer)
        try "just text".write(toFile: text, atomically: true, encoding: .utf8)
        let script = """
            import sqlite3, sys
            c = sqlite3.connect(sys.argv[1]); c.execute("INSERT INTO grdb_migrations VALUES ('999-from-the-future')"); c.commit()
            c = sqlite3.connect(sys.argv[2]); c.execute("CREATE TABLE t (x)"); c.commit()
            """
        guard TestRequirement.executable("python3") != nil else { try TestRequirement.missing("python3", install: "apt-get install python3 (scripts/setup does)") }
        let py = try RecallCLI.Running(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, newer, foreign], environment: cli.environment, deadline: 60).wait()
        XCTAssertEqual(py.status, 0, py.description)
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        for (file, reason) in [(damaged, "damaged"), (newer, "newer"), (text, "not a Recall database"), (foreign, "not a Recall database"),
                               (cli.path("missing.db"), "does not exist"), (db, "the database itself")] {
            let r = try cli.run(["backup", "--restore", file, "--db", db])
            XCTAssertNotEqual(r.status, 0, "\(file): \(r)")
            XCTAssertTrue(r.stderr.contains(reason), "\(file): \(r.stderr)")
        }
        XCTAssertEqual(try projects(db).sorted(), ["Before", "Current"])
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: db)), before, "the database file was not touched")
        XCTAssertFalse(FileManager.default.fileExists(atPath: cli.path("backups/pre-restore")), "nothing was snapshotted for a refused restore")
    }

    /// The app (a real second process, in tmux) holds the database: restore refuses and names it; the app's first
    /// start of the day took the daily snapshot, a second start the same day takes none; after quitting, restore works.
    func testGivenTheAppHasTheDatabaseOpen_whenRestoring_thenItIsRefusedNamingTheProcess() throws {
        try TUISession.requirePrerequisites()
        let t = try TUISession.seeded()
        let snap = try XCTUnwrap(try t.cli(["backup", "--json"]).object()["path"] as? String)
        try t.start()
        try t.waitFor(text: "Rust study")
        let pid = try XCTUnwrap(try t.appPID())
        let daily = (t.dbPath as NSString).deletingLastPathComponent + "/backups/daily"
        let dailyFiles = { ((try? FileManager.default.contentsOfDirectory(atPath: daily)) ?? []).filter { $0.hasSuffix(".db") } }
        XCTAssertEqual(dailyFiles().count, 1, "the first start of the day takes a snapshot")

        let refused = try t.cli(["backup", "--restore", snap])
        XCTAssertNotEqual(refused.status, 0, refused.description)
        XCTAssertTrue(refused.stderr.contains("pid \(pid)") && refused.stderr.contains("recall") && refused.stderr.contains("nothing was changed"), refused.stderr)
        XCTAssertEqual(try t.cli(["list", "--json"]).array().count, 1)

        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
        try t.restart()
        try t.waitFor(text: "Rust study")
        XCTAssertEqual(dailyFiles().count, 1, "a second start the same day takes no new snapshot")
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
        let ok = try t.cli(["backup", "--restore", snap])
        XCTAssertEqual(ok.status, 0, ok.description)
        // The off switch: with today's snapshot gone, a start with RECALL_DAILY_BACKUP=off takes none.
        try FileManager.default.removeItem(atPath: daily)
        try t.restart(env: ["RECALL_DAILY_BACKUP": "off"])
        try t.waitFor(text: "Rust study")
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
        XCTAssertEqual(dailyFiles().count, 0)
    }
}
