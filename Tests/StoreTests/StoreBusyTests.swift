import Foundation
import GRDB
import Notebook
@testable import Store
import XCTest

/// A held write lock: the waiting writer fails with a clear `StoreError.busy` naming who holds it, never the raw
/// "database is locked", and nothing is half-written.
final class StoreBusyTests: StoreTestCase {
    /// Holds an open write transaction on `db` on a background thread until `release()` is called.
    final class HeldWrite: @unchecked Sendable {
        let ready = DispatchSemaphore(value: 0)
        let releaseSignal = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)

        init(_ db: AppDatabase) {
            Thread.detachNewThread { [self] in
                try? db.write { d in
                    try d.execute(sql: "INSERT INTO setting (key, value) VALUES ('held', '1') ON CONFLICT(key) DO UPDATE SET value = value || '1'")
                    ready.signal()
                    _ = releaseSignal.wait(timeout: .now() + 120)
                }
                finished.signal()
            }
        }

        func release() { releaseSignal.signal(); _ = finished.wait(timeout: .now() + 30) }
    }

    func testGivenAnotherConnectionHoldsTheWriteLock_whenWritingWithATinyBusyTimeout_thenAClearBusyErrorComesBack() throws {
        let holder = try openDatabase()
        let nb = try makeNotebook(holder)
        let waiter = try openDatabase(busyTimeout: 0.2)
        let held = HeldWrite(holder)
        XCTAssertEqual(held.ready.wait(timeout: .now() + 10), .success, "the lock was never taken")
        XCTAssertThrowsError(try waiter.createSnippet(notebookID: nb.id, title: "Blocked", body: "x")) { error in
            guard case .busy(let path, _, let waited)? = error as? StoreError else { return XCTFail("not a busy StoreError: \(error)") }
            XCTAssertEqual(path, self.folder.path("recall.db"))
            XCTAssertEqual(waited, 0)
            let text = "\(error)"
            XCTAssertTrue(text.contains("is locked by"), text)
            XCTAssertTrue(text.contains("try again"), text)
            XCTAssertFalse(text.contains("database is locked"), "raw SQLite message leaked: \(text)")
        }
        held.release()
        XCTAssertEqual(try waiter.snippets(inNotebook: nb.id).count, 0, "the failed write left nothing behind")
        XCTAssertNoThrow(try waiter.createSnippet(notebookID: nb.id, title: "After", body: "x"), "works once the lock is gone")
    }

    func testGivenThisProcessHoldsTheWriteLock_whenTheRecallBinaryWrites_thenItFailsNamingThisProcessID() throws {
        guard let binary = BuiltRecall.locate() else { return XCTFail("the recall binary was not found — run `swift build` first or set RECALL_BIN") }
        let path = folder.path("recall.db")
        let db = try openDatabase()
        _ = try makeNotebook(db, project: "P", notebook: "Locked")
        let countBefore = try db.counts().snippets
        let held = HeldWrite(db)
        XCTAssertEqual(held.ready.wait(timeout: .now() + 10), .success)
        // recall waits its full busy timeout (10 s) before giving up.
        let r = try BuiltRecall.run(binary, ["new", "snippet", "--db", path, "--notebook", "Locked", "Blocked", "--body", "x"], deadline: 90)
        held.release()
        XCTAssertFalse(r.timedOut, "recall hung instead of reporting the lock")
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("locked by pid \(getpid())"), "stderr should name the holder pid \(getpid()): \(r.stderr)")
        XCTAssertFalse(r.stderr.lowercased().contains("database is locked"), r.stderr)
        XCTAssertEqual(r.stderr.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").count, 1, "one line: \(r.stderr)")
        XCTAssertEqual(try db.counts().snippets, countBefore)
        XCTAssertEqual(try db.report().integrity, "ok")
    }
}

/// Finds and runs the built `recall` binary (a minimal copy of CLITests' harness: test targets cannot share files).
enum BuiltRecall {
    static func locate() -> URL? {
        var candidates: [String] = []
        if let env = ProcessInfo.processInfo.environment["RECALL_BIN"], !env.isEmpty { candidates.append(env) }
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("recall").path)
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }.map { URL(fileURLWithPath: $0) }
    }

    struct Result { var status: Int32; var stdout: String; var stderr: String; var timedOut: Bool }

    /// Runs the binary with a deadline; a process still running at the deadline is killed.
    static func run(_ binary: URL, _ args: [String], deadline: TimeInterval) throws -> Result {
        let p = Process()
        p.executableURL = binary
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err; p.standardInput = FileHandle.nullDevice
        let exited = DispatchSemaphore(value: 0)
        p.terminationHandler = { _ in exited.signal() }
        try p.run()
        final class Box: @unchecked Sendable { var out = Data(); var err = Data() }
        let box = Box()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { box.out = out.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { box.err = err.fileHandleForReading.readDataToEndOfFile() }
        var timedOut = false
        if exited.wait(timeout: .now() + deadline) == .timedOut { timedOut = true; p.terminate(); exited.wait() }
        _ = group.wait(timeout: .now() + 10)
        return Result(status: p.terminationStatus, stdout: String(decoding: box.out, as: UTF8.self), stderr: String(decoding: box.err, as: UTF8.self), timedOut: timedOut)
    }
}
