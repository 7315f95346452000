// Test-only code: XCTest exists for test builds; the static release build that the man-page plugin makes
// (scripts/install) has no XCTest, and compiles this file to nothing.
#if canImport(XCTest)
import Foundation
import XCTest

/// What a test does when a tool it needs is missing: it skips and says what to install, or — under
/// `RECALL_REQUIRE_ALL=1` (set by `scripts/test`) or `$CI` — it fails with the same words, so the README's test
/// command can never report a promised test as skipped.
public enum TestRequirement {
    /// True when a missing tool must fail the test instead of skipping it.
    public static var strict: Bool {
        let env = ProcessInfo.processInfo.environment
        return env["RECALL_REQUIRE_ALL"] == "1" || (env["CI"].map { !$0.isEmpty } ?? false)
    }

    /// Skips (or, when strict, fails and stops) the test: `what` is missing, `install` says how to get it.
    public static func missing(_ what: String, install: String, file: StaticString = #filePath, line: UInt = #line) throws -> Never {
        let message = "\(what) is not available — \(install)"
        if strict {
            XCTFail("RECALL_REQUIRE_ALL=1: \(message)", file: file, line: line)
            throw RequirementMissing(message: message)
        }
        throw XCTSkip(message, file: file, line: line)
    }

    /// The first executable called `name` on `$PATH`, or nil.
    public static func executable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") where !dir.isEmpty {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// The error thrown after a strict failure (the failure itself is already recorded).
    public struct RequirementMissing: Error, CustomStringConvertible {
        /// What was missing and how to install it.
        public let message: String
        public var description: String { message }
    }
}
#endif
