// Test-only code: XCTest exists for test builds; the static release build that the man-page plugin makes
// (scripts/install) has no XCTest, and compiles this file to nothing.
#if canImport(XCTest)
import Foundation
import XCTest

extension RecallCLI {
    /// What one run produced.
    public struct Result: CustomStringConvertible, Sendable {
        /// The exit status (or the signal number when killed).
        public var status: Int32
        /// stdout as text.
        public var stdout: String
        /// stderr as text.
        public var stderr: String
        /// Whether the deadline passed and the process was killed.
        public var timedOut: Bool
        /// The process id the command ran as.
        public var pid: Int32
        /// stdout as raw bytes (for byte-for-byte comparisons).
        public var stdoutData: Data

        /// Status and both streams, for failure messages.
        public var description: String { "exit \(status)\(timedOut ? " (timed out)" : "")\n--- stdout ---\n\(stdout)\n--- stderr ---\n\(stderr)" }

        /// stdout decoded as JSON; fails the test when it is not JSON.
        public func json(file: StaticString = #filePath, line: UInt = #line) throws -> Any {
            do { return try JSONSerialization.jsonObject(with: stdoutData, options: [.fragmentsAllowed]) } catch {
                XCTFail("stdout is not JSON: \(stdout.prefix(500))\n\(stderr.prefix(500))", file: file, line: line)
                throw error
            }
        }

        /// stdout decoded as JSON, or nil when it is not JSON.
        public var jsonValue: Any? { try? JSONSerialization.jsonObject(with: stdoutData, options: [.fragmentsAllowed]) }

        /// stdout as a JSON object; fails the test otherwise.
        public func object(file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
            try XCTUnwrap(try json(file: file, line: line) as? [String: Any], "not a JSON object: \(stdout)", file: file, line: line)
        }

        /// stdout as a JSON array of objects; fails the test otherwise.
        public func array(file: StaticString = #filePath, line: UInt = #line) throws -> [[String: Any]] {
            try XCTUnwrap(try json(file: file, line: line) as? [[String: Any]], "not a JSON array of objects: \(stdout)", file: file, line: line)
        }

        /// stdout as JSON lines: one object per line (lines that are not objects are skipped).
        public var jsonLines: [[String: Any]] {
            stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        }
    }
}
#endif
