import Foundation
import TestSupport
import XCTest

/// README (Development): "Under `./scripts/test` a missing tool (tmux, python3, the model test bed) fails the run
/// with what to install instead of skipping tests." The test binary itself is run on one tmux test with no tmux on
/// PATH: without RECALL_REQUIRE_ALL the test is skipped with the fix, with it (as scripts/test sets) it fails.
final class TestRequirementCLITests: XCTestCase {
    func testAMissingToolSkipsAloneButFailsTheRunUnderScriptsTest() throws {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0])
        guard testBinary.lastPathComponent.hasSuffix(".xctest") else {
            XCTFail("expected to run inside the .xctest bundle, not \(testBinary.path)")
            return
        }
        let emptyPath = FileManager.default.temporaryDirectory.appendingPathComponent("no-tools-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: emptyPath, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: emptyPath) }
        let target = "CLITests.TUIEndToEndTests/testUserKeymapOverrideIsUsed"
        var env = ["PATH": emptyPath.path, "HOME": emptyPath.path, "LANG": "C.UTF-8"]
        if let bin = ProcessInfo.processInfo.environment["RECALL_BIN"] { env["RECALL_BIN"] = bin }

        let alone = try RecallCLI.Running(testBinary, [target], environment: env, deadline: 120).wait()
        XCTAssertEqual(alone.status, 0, "skipped, not failed: \(alone)")
        XCTAssertTrue((alone.stdout + alone.stderr).contains("tmux is not available — install it with `apt-get install tmux`"), "\(alone)")
        XCTAssertTrue((alone.stdout + alone.stderr).contains("skipped"), "\(alone)")

        env["RECALL_REQUIRE_ALL"] = "1"
        let strict = try RecallCLI.Running(testBinary, [target], environment: env, deadline: 120).wait()
        XCTAssertNotEqual(strict.status, 0, "the run fails: \(strict)")
        XCTAssertTrue((strict.stdout + strict.stderr).contains("RECALL_REQUIRE_ALL=1: tmux is not available — install it with `apt-get install tmux`"), "\(strict)")
    }
}
