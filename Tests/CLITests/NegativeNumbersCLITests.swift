import Foundation
import TestSupport
import XCTest

/// A negative number for a numeric flag of the newer commands (`log`, `stats --models`, `run`, `assist`) said
/// "Missing value for '--limit'" (the parser took `-1` for an option); it now reaches the command's own check, which
/// names the real problem.
final class NegativeNumbersCLITests: XCTestCase {
    var cli: RecallCLI!

    override func setUpWithError() throws { cli = try RecallCLI(label: "negative") }
    override func tearDown() { cli?.cleanUp() }

    func testGivenANegativeNumber_whenPassedToANumericFlag_thenTheErrorNamesTheRealProblem() throws {
        let cases: [([String], String)] = [
            (["log", "--limit", "-1"], "--limit must be at least 1"),
            (["log", "--since", "-5d"], "--since -5d is not a time"),
            (["stats", "--models", "--since", "-1d"], "--since -1d is not a time"),
            (["run", "abcd", "--timeout", "-1"], "--timeout must be more than 0 seconds"),
            (["run", "abcd", "--max-output", "-1"], "--max-output must be at least 1 KB"),
            (["run", "abcd", "--memory", "-1"], "'-1' is invalid for '--memory"),
            (["assist", "summarize", "abcd", "--max-tokens", "-5"], "--max-tokens must be at least 1"),
        ]
        for (args, message) in cases {
            let r = try cli.run(args)
            XCTAssertEqual(r.status, 64, "\(args): \(r)")
            XCTAssertTrue(r.stderr.contains(message), "\(args): \(r.stderr)")
            XCTAssertFalse(r.stderr.contains("Missing value"), "\(args): \(r.stderr)")
        }
    }
}
