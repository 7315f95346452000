import Foundation
import TestSupport
import XCTest

/// Limits far past any real use, from a flag or from config.toml: each used to trap (`UInt64(inf)`, an overflowing
/// `* 1_048_576`) and kill `recall run` (and the app's F5) with SIGILL; now each is refused with what the bound is.
extension RunCLITests {
    func testGivenHugeOrInfiniteLimits_whenRun_thenEachIsRefusedWithItsBoundAndNothingCrashes() throws {
        let ids = try importSnippets([("hi", "sh", "echo hi")])
        let id = try XCTUnwrap(ids["hi"])
        for (flags, bound) in [(["--timeout", "1e300"], "--timeout must be at most 86400"), (["--timeout", "inf"], "--timeout must be at most 86400"),
                               (["--memory", "18446744073709551615"], "--memory must be at most 1048576 MB"),
                               (["--cpu", "18446744073709551615"], "--cpu must be at most 86400"),
                               (["--max-output", "9223372036854775807"], "--max-output must be at most 1048576 KB")] {
            let r = try cli.run(["run", id] + flags)
            XCTAssertEqual(r.status, 64, "\(flags): \(r)")
            XCTAssertTrue(r.stderr.contains(bound), "\(flags): \(r.stderr)")
        }
        for line in ["timeout_seconds = inf", "timeout_seconds = 1e300", "memory_mb = 1e300", "cpu_seconds = 1e300", "output_kb = 1e300"] {
            try cli.writeConfig("[run]\n\(line)\n")
            let r = try cli.run(["run", id])
            XCTAssertEqual(r.status, 1, "\(line): \(r)")
            XCTAssertTrue(r.stderr.contains("must be a positive number up to"), "\(line): \(r.stderr)")
        }
        try cli.writeConfig("[run]\ntimeout_seconds = 86400\n")
        XCTAssertEqual(try cli.ok(["run", id]).stdout, "hi\n", "the largest limit still runs")
    }
}
