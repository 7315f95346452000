// Test-only code: XCTest exists for test builds; the static release build that the man-page plugin makes
// (scripts/install) has no XCTest, and compiles this file to nothing.
#if canImport(XCTest)
import Foundation
import XCTest

/// Runs the built `recall` executable like a user or a script would — arguments, environment and stdin in;
/// exit status, stdout and stderr out — in a private folder, with a deadline (a hung command is killed and
/// fails the test, never waited on forever). The one CLI runner every test target uses.
///
/// Every run gets a clean environment: HOME, XDG_DATA_HOME and XDG_CONFIG_HOME inside `root` (so the default
/// database is `root/data/recall/recall.db` and the developer's own config never leaks in), no colour, UTF-8,
/// UTC. `env` adds or overrides variables for one run; `environment` for all later runs.
public final class RecallCLI: @unchecked Sendable {
    /// The executable.
    public let binary: URL
    /// This test's private folder (deleted by `cleanUp()`).
    public let root: URL
    /// The environment every run gets.
    public var environment: [String: String]

    /// Finds the binary (failing the test with a clear message when it is not built) and makes a fresh folder.
    public convenience init(label: String = "cli", file: StaticString = #filePath, line: UInt = #line) throws {
        try self.init(root: FileManager.default.temporaryDirectory.appendingPathComponent("recall-\(label)-\(UUID().uuidString.prefix(8))", isDirectory: true),
                      file: file, line: line)
    }

    /// A runner whose private folder is `root` (created when missing).
    public init(root: URL, file: StaticString = #filePath, line: UInt = #line) throws {
        binary = try Self.requireBinary(file: file, line: line)
        self.root = root
        try FileManager.default.createDirectory(at: root.appendingPathComponent("config/recall"), withIntermediateDirectories: true)
        environment = [
            "HOME": root.path, "XDG_DATA_HOME": root.appendingPathComponent("data").path,
            "XDG_CONFIG_HOME": root.appendingPathComponent("config").path, "TMPDIR": NSTemporaryDirectory(),
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "NO_COLOR": "1", "LANG": "C.UTF-8", "TZ": "UTC",
        ]
    }

    /// A path inside this test's folder.
    public func path(_ name: String) -> String { root.appendingPathComponent(name).path }

    /// The database a run uses when neither `--db` nor `RECALL_DB` is given.
    public var defaultDatabase: String { path("data/recall/recall.db") }

    /// Deletes the test's folder.
    public func cleanUp() { try? FileManager.default.removeItem(at: root) }

    /// Runs `recall ARGS` to its end (killed, and the test failed, after `deadline` seconds).
    @discardableResult
    public func run(_ args: [String], env: [String: String] = [:], stdin: String? = nil, deadline: TimeInterval = 120,
                    file: StaticString = #filePath, line: UInt = #line) throws -> Result {
        try start(args, env: env, stdin: stdin, deadline: deadline).wait(file: file, line: line)
    }

    /// Runs `recall ARGS`, asserting exit status 0, and returns the result.
    @discardableResult
    public func ok(_ args: [String], env: [String: String] = [:], stdin: String? = nil, deadline: TimeInterval = 120,
                   file: StaticString = #filePath, line: UInt = #line) throws -> Result {
        let r = try run(args, env: env, stdin: stdin, deadline: deadline, file: file, line: line)
        XCTAssertEqual(r.status, 0, "recall \(args.joined(separator: " ")) failed: \(r)", file: file, line: line)
        return r
    }

    /// Starts `recall ARGS` without waiting (for concurrent runs, or to watch its output while it runs).
    public func start(_ args: [String], env: [String: String] = [:], stdin: String? = nil, deadline: TimeInterval = 120) throws -> Running {
        try Running(binary, args, environment: environment.merging(env) { $1 }, stdin: stdin.map { Data($0.utf8) }, cwd: root, deadline: deadline)
    }

    /// Starts a shell command line (a script that loops over `recall`), with `$RECALL` set to the binary.
    public func startShell(_ script: String, deadline: TimeInterval = 300) throws -> Running {
        var env = environment
        env["RECALL"] = binary.path
        return try Running(URL(fileURLWithPath: "/bin/sh"), ["-c", script], environment: env, cwd: root, deadline: deadline)
    }

    /// Runs `recall ARGS` on a pseudo-terminal (through util-linux `script`), typing `input`.
    public func runOnTerminal(_ args: [String], input: String, env: [String: String] = [:], deadline: TimeInterval = 120,
                              file: StaticString = #filePath, line: UInt = #line) throws -> Result {
        let command = ([binary.path] + args).map(shellQuote).joined(separator: " ")
        return try Running(URL(fileURLWithPath: "/usr/bin/script"), ["-qec", command, "/dev/null"], environment: environment.merging(env) { $1 },
                           stdin: Data(input.utf8), cwd: root, deadline: deadline).wait(file: file, line: line)
    }
}

/// `s` quoted for `sh`.
public func shellQuote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
#endif
