import Foundation
import TestSupport
import XCTest

/// The crash test in CI: a short `recall bench crash` run (30 rounds of kill -9 during writes, `recall index`
/// against a stand-in embedding server included) must find no
/// problem, and must really have killed writes and let others finish (so it cannot pass by doing nothing).
final class CrashTestCLITests: XCTestCase {
    func testThirtyKillRoundsLoseNothing() throws {
        let h = try RecallCLI()
        defer { h.cleanUp() }
        let server = try FakeEmbeddingServer()
        defer { server.stop() }
        let r = try h.run(["bench", "crash", "--rounds", "30", "--seed", "15", "--json", "--dir", h.root.path, "--embed-url", server.url], deadline: 600)
        XCTAssertEqual(r.status, 0, "\(r)")
        let doc = try XCTUnwrap(try r.json() as? [String: Any])
        XCTAssertEqual(doc["problems"] as? [String], [], "\(r.stdout)")
        XCTAssertEqual(doc["rounds"] as? Int, 30)
        XCTAssertGreaterThan(doc["killed"] as? Int ?? 0, 0, "no write was killed: \(r.stdout)")
        XCTAssertGreaterThan(doc["completed"] as? Int ?? 0, 0, "no write finished: \(r.stdout)")
        XCTAssertEqual(doc["failed_commands"] as? Int, 0, "\(r.stdout)")
        let ops = try XCTUnwrap(doc["operations"] as? [String: [String: Int]])
        XCTAssertGreaterThan(ops["index"]?["rounds"] ?? 0, 0, "no index round: \(ops)")
        XCTAssertGreaterThan(server.embeddedInputs(), 0, "index rounds never reached the embedding server")
    }

    func testBenchImportRuns() throws {
        let h = try RecallCLI()
        defer { h.cleanUp() }
        let r = try h.run(["bench", "import", "--files", "40", "--dir", h.root.path], deadline: 300)
        XCTAssertEqual(r.status, 0, "\(r)")
        XCTAssertTrue(r.stdout.contains("import 40 files"), r.stdout)
        XCTAssertTrue(r.stdout.contains("unchanged re-import of 40 files"), r.stdout)
    }

    func testBenchRevisionsRunsAndReadsBackExactly() throws {
        let h = try RecallCLI()
        defer { h.cleanUp() }
        let r = try h.run(["bench", "revisions", "--mb", "1", "--saves", "3", "--dir", h.root.path], deadline: 300)
        XCTAssertEqual(r.status, 0, "\(r)")
        XCTAssertTrue(r.stdout.contains("revisions: 3 saves added"), r.stdout)
        XCTAssertTrue(r.stdout.contains("newest exact"), r.stdout)
    }
}
