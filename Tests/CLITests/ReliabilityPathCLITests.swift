import Foundation
import TestSupport
import XCTest

/// Database paths and arguments that must be refused with a message naming the real problem — never a crash,
/// a hang, or a file created by a command that only reads (issue 15, defects 1, 2, 5 and 8).
final class ReliabilityPathCLITests: XCTestCase {
    var cli: RecallCLI!
    var db: String { cli.path("notes.db") }

    override func setUpWithError() throws { cli = try RecallCLI() }
    override func tearDown() { cli?.cleanUp() }

    /// Creates project P, notebook N and a snippet in it; returns the snippet's full id.
    func makeSnippet(_ title: String, body: String) throws -> String {
        try cli.ok(["new", "project", "P", "--db", db])
        try cli.ok(["new", "notebook", "--project", "P", "N", "--db", db])
        return try cli.ok(["new", "snippet", "--notebook", "N", title, "--body", body, "--db", db]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs a command that must fail cleanly: exit status 1 (not a signal), finished before the deadline, one
    /// message on stderr that contains `expected`.
    @discardableResult
    func refused(_ args: [String], saying expected: String, env: [String: String] = [:],
                 file: StaticString = #filePath, line: UInt = #line) throws -> RecallCLI.Result {
        let r = try cli.run(args, env: env, deadline: 30)
        XCTAssertFalse(r.timedOut, "recall \(args.joined(separator: " ")) hung: \(r)", file: file, line: line)
        XCTAssertEqual(r.status, 1, "recall \(args.joined(separator: " ")) should fail with status 1: \(r)", file: file, line: line)
        XCTAssertTrue(r.stderr.contains(expected), "recall \(args.joined(separator: " ")) should say \"\(expected)\": \(r)", file: file, line: line)
        XCTAssertFalse(r.stderr.contains("Fatal error") || r.stderr.contains("backtrace"), "crashed: \(r)", file: file, line: line)
        return r
    }

    func testGivenAFolderAsTheDatabase_whenListed_thenItSaysItIsAFolderInsteadOfCrashing() throws {
        let dir = cli.path("d")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try refused(["list", "--db", dir], saying: "\(dir) is a folder, not a database file")
        try refused(["new", "project", "P", "--db", dir], saying: "is a folder")
    }

    func testGivenAFifoAsTheDatabase_whenListed_thenItReturnsAtOnceSayingItIsAFifo() throws {
        let fifo = cli.path("f.db")
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        try refused(["list", "--db", fifo], saying: "is a fifo")
        try refused(["new", "project", "P", "--db", fifo], saying: "is a fifo")
    }

    func testGivenDevNull_whenUsedAsTheDatabase_thenItIsRefusedAndNoJournalAppearsInDev() throws {
        let journalExisted = FileManager.default.fileExists(atPath: "/dev/null-journal")
        try refused(["new", "project", "P", "--db", "/dev/null"], saying: "/dev/null is a device")
        try refused(["list", "--db", "/dev/null"], saying: "is a device")
        if !journalExisted { XCTAssertFalse(FileManager.default.fileExists(atPath: "/dev/null-journal")) }
    }

    func testGivenAnEmptyPath_whenUsedAsTheDatabase_thenItSaysThePathIsEmpty() throws {
        try refused(["list", "--db", ""], saying: "the database path is empty")
        try refused(["new", "project", "P", "--db", ""], saying: "the database path is empty")
    }

    func testGivenAPathInAMissingFolder_whenReadCommandsRun_thenTheySayThereIsNoDatabaseAndCreateNothing() throws {
        let path = cli.path("missing/sub/notes.db")
        let doctor = try cli.run(["doctor", "--no-model", "--db", path], deadline: 30)
        XCTAssertTrue(doctor.stdout.contains("no database at \(path) yet"), doctor.description)
        for args in [["list"], ["show", "abcd"], ["search", "x"], ["history", "abcd"], ["stats"], ["due"]] {
            let r = try cli.run(args + ["--db", path], deadline: 30)
            XCTAssertNotEqual(r.status, 0, "\(args): \(r)")
            XCTAssertTrue((r.stderr + r.stdout).contains("no database at \(path)"), "\(args): \(r)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: cli.path("missing")), "a read created the folder")
        // A command that writes still creates the folder and the file, as before.
        try cli.ok(["new", "project", "P", "--db", path])
        XCTAssertTrue(FileManager.default.fileExists(atPath: path))
    }

    func testGivenASymlinkLoop_whenUsedAsTheDatabase_thenItSaysLoopNotNoSuchFile() throws {
        let a = cli.path("a.db"), b = cli.path("b.db")
        try FileManager.default.createSymbolicLink(atPath: a, withDestinationPath: b)
        try FileManager.default.createSymbolicLink(atPath: b, withDestinationPath: a)
        try refused(["list", "--db", a], saying: "loop of symbolic links")
        try refused(["new", "project", "P", "--db", a], saying: "loop of symbolic links")
    }

    func testGivenAUniquePrefixShorterThanFourCharacters_whenShown_thenTheSnippetIsFound() throws {
        let project = try cli.ok(["new", "project", "P", "--db", db]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let notebook = try cli.ok(["new", "notebook", "--project", "P", "N", "--db", db]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let snippet = try cli.ok(["new", "snippet", "--notebook", "N", "Title", "--body", "the body text", "--db", db])
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let others = [project, notebook]
        // The shortest prefix of the snippet id that no other id shares (1–3 characters with near certainty).
        let prefix = try XCTUnwrap((1...3).map { String(snippet.prefix($0)) }.first { p in !others.contains { $0.hasPrefix(p) } },
                                   "ids share 3 leading characters by chance: \(snippet) \(others)")
        let shown = try cli.ok(["show", prefix, "--db", db])
        XCTAssertTrue(shown.stdout.contains("the body text"), shown.description)
        // A prefix shared by two ids says so, naming both.
        if let shared = (1...2).map({ String(snippet.prefix($0)) }).first(where: { p in others.contains { $0.hasPrefix(p) } }) {
            try refused(["show", shared, "--db", db], saying: "is ambiguous")
        }
    }

    func testGivenANegativeLimit_whenSearching_thenItSaysTheLimitIsWrongNotMissing() throws {
        try cli.ok(["new", "project", "P", "--db", db])
        let r = try cli.run(["search", "x", "--limit", "-1", "--db", db], deadline: 30)
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("--limit must be at least 1 (got -1)"), r.description)
        XCTAssertFalse(r.stderr.contains("Missing value"), r.description)
        let due = try cli.run(["due", "--limit", "-1", "--db", db], deadline: 30)
        XCTAssertNotEqual(due.status, 0)
        XCTAssertTrue(due.stderr.contains("--limit must be 0 or more (got -1)"), due.description)
        for (args, message) in [(["backup", "--keep", "-1"], "--keep must be 0 or more (got -1)"),
                                (["index", "--batch", "-1"], "--batch must be at least 1 (got -1)"),
                                (["cards", "generate", "abcd", "--max", "-1"], "--max must be at least 1 (got -1)")] {
            let r = try cli.run(args + ["--db", db], deadline: 30)
            XCTAssertNotEqual(r.status, 0, r.description)
            XCTAssertTrue(r.stderr.contains(message), "\(args): \(r)")
            XCTAssertFalse(r.stderr.contains("Missing value"), "\(args): \(r)")
        }
    }

    /// Another process holds a write transaction: reads still work at once (WAL readers never wait on writers).
    func testGivenAnotherProcessHoldingAWriteTransaction_whenShowAndListRun_thenTheyReadWithoutWaiting() throws {
        let id = try makeSnippet("Held", body: "readable while locked")
        let holder = try LockHolder(database: db)
        defer { holder.release() }
        for args in [["show", id], ["list"], ["history", id], ["search", "readable"], ["export", cli.path("out")],
                     ["backup", cli.path("snapshot.db")], ["doctor", "--no-model"]] {
            // The busy timeout is 10 s: a reader that waited for the lock would fail with "is locked".
            let r = try cli.run(args + ["--db", db], deadline: 60)
            XCTAssertEqual(r.status, 0, "\(args) while another process writes: \(r)")
            XCTAssertFalse(r.stderr.contains("locked"), r.description)
        }
        XCTAssertTrue(try cli.run(["show", id, "--db", db]).stdout.contains("readable while locked"))
    }

    /// A database file without write permission can still be read (the open writes nothing). Root ignores
    /// permission bits, so under root the commands run as an unprivileged owner of the folder (setpriv), for whom
    /// the 0444 file really is read-only — and a write is refused, which shows that it is.
    func testGivenAReadOnlyDatabaseFile_whenListedAndShown_thenItIsReadAndItsBytesAreUnchanged() throws {
        let id = try makeSnippet("Frozen", body: "read-only body")
        let asOwner = try OwnerRunner(cli)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: db)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: db) }
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        let written = try asOwner.run(["new", "project", "Q", "--db", db])
        XCTAssertNotEqual(written.status, 0, "the file must really be read-only for this test to mean anything: \(written)")
        let shown = try asOwner.run(["show", id, "--db", db])
        XCTAssertEqual(shown.status, 0, "\(shown)")
        XCTAssertTrue(shown.stdout.contains("read-only body"), "\(shown)")
        let listed = try asOwner.run(["list", "--db", db])
        XCTAssertEqual(listed.status, 0, "\(listed)")
        XCTAssertTrue(listed.stdout.contains("Frozen"), "\(listed)")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: db)), before, "a read changed the database file")
        let walPath = db + "-wal"
        let wal = (try? FileManager.default.attributesOfItem(atPath: walPath)[.size] as? NSNumber)?.intValue ?? 0
        XCTAssertEqual(wal, 0, "a read wrote to the WAL")
    }
}

/// Runs `recall` as the owner of a test's folder: this user, or — under root, which ignores permission bits — an
/// unprivileged user (uid/gid 65534) given the folder and a copy of the binary it can execute.
struct OwnerRunner {
    let cli: RecallCLI
    let prefix: String

    init(_ cli: RecallCLI, file: StaticString = #filePath, line: UInt = #line) throws {
        self.cli = cli
        guard geteuid() == 0 else { prefix = "\"$RECALL\""; return }
        guard let setpriv = TestRequirement.executable("setpriv") else {
            try TestRequirement.missing("setpriv (to run as an unprivileged user under root)", install: "install util-linux", file: file, line: line)
        }
        let copy = cli.path("recall-as-owner")
        try FileManager.default.copyItem(atPath: cli.binary.path, toPath: copy)
        let chown = try cli.startShell("chown -R 65534:65534 '\(cli.root.path)' && chmod 0755 '\(cli.root.path)'").wait()
        XCTAssertEqual(chown.status, 0, "\(chown)", file: file, line: line)
        prefix = "\(setpriv) --reuid=65534 --regid=65534 --clear-groups '\(copy)'"
    }

    /// Runs `recall ARGS` as the owner.
    func run(_ args: [String]) throws -> RecallCLI.Result {
        let quoted = args.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        return try cli.startShell("\(prefix) \(quoted)", deadline: 60).wait()
    }
}

/// A python3 process that holds `BEGIN IMMEDIATE` (with an uncommitted insert) on a database until released.
final class LockHolder {
    let process = Process()
    private let input = Pipe()

    init(database: String, file: StaticString = #filePath, line: UInt = #line) throws {
        guard let python = TestRequirement.executable("python3") else {
            try TestRequirement.missing("python3 (to hold a write lock from another process)", install: "run scripts/setup", file: file, line: line)
        }
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", """
            import sqlite3, sys
            c = sqlite3.connect(sys.argv[1], isolation_level=None)
            c.execute("BEGIN IMMEDIATE")
            c.execute("INSERT INTO setting(key, value) VALUES ('lock-holder', 'x')")
            print("locked", flush=True)
            sys.stdin.read()
            c.execute("ROLLBACK")
            """, database]
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        // Wait for the signal line (with a deadline) so the lock is surely held before the test goes on.
        let got = DispatchSemaphore(value: 0)
        final class Box: @unchecked Sendable { var data = Data() }
        let box = Box()
        DispatchQueue.global().async {
            box.data = output.fileHandleForReading.readData(ofLength: 7)
            got.signal()
        }
        guard got.wait(timeout: .now() + 30) == .success, String(decoding: box.data, as: UTF8.self) == "locked\n" else {
            process.terminate()
            XCTFail("the lock holder did not take the lock", file: file, line: line)
            throw CocoaError(.fileReadUnknown)
        }
    }

    /// Ends the transaction and waits for the process to exit.
    func release() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}
