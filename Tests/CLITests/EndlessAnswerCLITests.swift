import Foundation
import TestSupport
import XCTest

/// A server that ignores the requested length and streams an answer forever: `recall assist` (and `chat`, `ask`)
/// used to keep reading, growing in memory without end (~1 GB after 40 s); now each stops once the answer passes
/// its limit and says the server ignores it.
final class EndlessAnswerCLITests: XCTestCase {
    func testGivenAServerThatNeverStopsAnswering_whenAssistChatAndAskRun_thenEachStopsAtTheLimitAndSaysWhy() throws {
        let suite = try FaultSuite()
        defer { suite.stop() }
        suite.server.fault = .endlessAnswer
        for args in [["assist", "summarize", suite.snippet, "--db", suite.db], ["chat", "hi"],
                     ["ask", "what do plants make from light", "--db", suite.db]] {
            let r = try suite.cli.run(args, env: suite.env, deadline: 120)
            XCTAssertFalse(r.timedOut, "`recall \(args[0])` never ended: \(r)")
            XCTAssertNotEqual(r.status, 0, "`recall \(args[0])`: \(r)")
            XCTAssertTrue(r.stderr.contains("kept writing past"), "`recall \(args[0])`: \(r.stderr)")
        }
    }
}
