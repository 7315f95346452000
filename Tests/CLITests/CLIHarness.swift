import Foundation
import XCTest

/// Runs the built `recall` executable like a user or a script would: arguments, environment, stdin in; stdout,
/// stderr and exit status out, with a deadline (a hung command is killed and reported, never waited on forever).
///
/// The binary is found in `$RECALL_BIN`, else next to the test bundle (`swift test` builds it into the same
/// `.build/<triple>/debug` folder), else in `<repo>/.build/debug/recall`. Run `swift build` first if it is missing.
struct CLIHarness {
    /// What one run produced.
    struct Result: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        var timedOut: Bool
        /// The process id the command ran as.
        var pid: Int32
        /// stdout as raw bytes (for byte-for-byte comparisons).
        var stdoutData: Data

        var description: String { "exit \(status)\(timedOut ? " (timed out)" : "")\n--- stdout ---\n\(stdout)\n--- stderr ---\n\(stderr)" }

        /// Decodes stdout as JSON.
        func json(file: StaticString = #filePath, line: UInt = #line) throws -> Any {
            do { return try JSONSerialization.jsonObject(with: stdoutData, options: [.fragmentsAllowed]) } catch {
                XCTFail("stdout is not JSON: \(stdout.prefix(500))", file: file, line: line)
                throw error
            }
        }
    }

    /// The executable.
    let binary: URL
    /// A private folder for this test: HOME, XDG folders and the default database live here.
    let root: URL
    /// Environment every run gets (a clean HOME and XDG folders, no colour), plus `extraEnvironment`.
    var environment: [String: String]

    /// Finds the binary and makes a fresh temporary folder. Fails the test with a clear message when not built.
    init(file: StaticString = #filePath, line: UInt = #line) throws {
        guard let bin = Self.locateBinary() else {
            XCTFail("the recall binary was not found — run `swift build` first or set RECALL_BIN", file: file, line: line)
            throw CocoaError(.fileNoSuchFile)
        }
        binary = bin
        root = FileManager.default.temporaryDirectory.appendingPathComponent("recall-cli-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        environment = [
            "HOME": root.path, "XDG_DATA_HOME": root.appendingPathComponent("data").path,
            "XDG_CONFIG_HOME": root.appendingPathComponent("config").path, "TMPDIR": NSTemporaryDirectory(),
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "NO_COLOR": "1", "LANG": "C.UTF-8",
        ]
    }

    /// A path inside this test's folder.
    func path(_ name: String) -> String { root.appendingPathComponent(name).path }

    /// Deletes the test's folder.
    func cleanUp() { try? FileManager.default.removeItem(at: root) }

    /// Runs `recall ARGS` and waits at most `deadline` seconds.
    @discardableResult
    func run(_ args: [String], env: [String: String] = [:], stdin: Data? = nil, deadline: TimeInterval = 60) throws -> Result {
        try Self.spawn(binary, args, environment: environment.merging(env) { $1 }, stdin: stdin, cwd: root, deadline: deadline).wait()
    }

    /// Runs `recall ARGS`, asserting exit status 0, and returns the result.
    @discardableResult
    func ok(_ args: [String], env: [String: String] = [:], stdin: Data? = nil, file: StaticString = #filePath, line: UInt = #line) throws -> Result {
        let r = try run(args, env: env, stdin: stdin)
        XCTAssertEqual(r.status, 0, "recall \(args.joined(separator: " ")) failed: \(r)", file: file, line: line)
        return r
    }

    /// A started process whose output is being collected.
    final class Running: @unchecked Sendable {
        let process: Process
        let deadline: TimeInterval
        let done = DispatchSemaphore(value: 0)
        let outDone = DispatchSemaphore(value: 0)
        let errDone = DispatchSemaphore(value: 0)
        private let lock = NSLock()
        private var out = Data()
        private var err = Data()

        init(process: Process, deadline: TimeInterval) { self.process = process; self.deadline = deadline }

        fileprivate func collect(_ handle: FileHandle, intoStdout: Bool) {
            DispatchQueue.global().async {
                let data = handle.readDataToEndOfFile()
                self.lock.lock()
                if intoStdout { self.out = data } else { self.err = data }
                self.lock.unlock()
                (intoStdout ? self.outDone : self.errDone).signal()
            }
        }

        /// Waits for the exit (killing the process at the deadline) and returns what it printed.
        func wait() -> Result {
            var timedOut = false
            if done.wait(timeout: .now() + deadline) == .timedOut {
                timedOut = true
                process.terminate()
                if done.wait(timeout: .now() + 5) == .timedOut { kill(process.processIdentifier, SIGKILL); done.wait() }
            }
            _ = outDone.wait(timeout: .now() + 10)
            _ = errDone.wait(timeout: .now() + 10)
            lock.lock(); defer { lock.unlock() }
            return Result(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                          stderr: String(decoding: err, as: UTF8.self), timedOut: timedOut, pid: process.processIdentifier, stdoutData: out)
        }
    }

    /// Starts any executable without waiting (for concurrent runs); call `wait()` on the result.
    static func spawn(_ executable: URL, _ args: [String], environment: [String: String], stdin: Data? = nil, cwd: URL? = nil,
                      deadline: TimeInterval = 60) throws -> Running {
        let p = Process()
        p.executableURL = executable
        p.arguments = args
        p.environment = environment
        if let cwd { p.currentDirectoryURL = cwd }
        let outPipe = Pipe(), errPipe = Pipe(), inPipe = Pipe()
        p.standardOutput = outPipe
        p.standardError = errPipe
        p.standardInput = inPipe
        let running = Running(process: p, deadline: deadline)
        p.terminationHandler = { _ in running.done.signal() }
        try p.run()
        running.collect(outPipe.fileHandleForReading, intoStdout: true)
        running.collect(errPipe.fileHandleForReading, intoStdout: false)
        if let stdin { inPipe.fileHandleForWriting.write(stdin) }
        try? inPipe.fileHandleForWriting.close()
        return running
    }

    /// Starts `recall ARGS` without waiting.
    func start(_ args: [String], env: [String: String] = [:], deadline: TimeInterval = 120) throws -> Running {
        try Self.spawn(binary, args, environment: environment.merging(env) { $1 }, cwd: root, deadline: deadline)
    }

    /// Runs a shell command line (for scripts that loop over `recall`), with `$RECALL` set to the binary.
    func startShell(_ script: String, deadline: TimeInterval = 300) throws -> Running {
        var env = environment
        env["RECALL"] = binary.path
        return try Self.spawn(URL(fileURLWithPath: "/bin/sh"), ["-c", script], environment: env, cwd: root, deadline: deadline)
    }

    /// The repository root (where Package.swift and sample-notebooks/ live).
    static var repositoryRoot: URL {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        for _ in 0..<4 {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) { return dir }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static func locateBinary() -> URL? {
        var candidates: [String] = []
        if let env = ProcessInfo.processInfo.environment["RECALL_BIN"], !env.isEmpty { candidates.append(env) }
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("recall").path)
        }
        for b in Bundle.allBundles { candidates.append(b.bundleURL.deletingLastPathComponent().appendingPathComponent("recall").path) }
        candidates.append(repositoryRoot.appendingPathComponent(".build/debug/recall").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }.map { URL(fileURLWithPath: $0) }
    }
}
