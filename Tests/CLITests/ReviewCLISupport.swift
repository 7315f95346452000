import Foundation
import XCTest

/// Runs the built `recall` binary against a temp database, for the review commands' CLI tests.
struct ReviewCLI {
    /// The result of one run.
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String

        /// stdout parsed as a JSON object.
        func object(file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
            let value = try JSONSerialization.jsonObject(with: Data(stdout.utf8))
            return try XCTUnwrap(value as? [String: Any], "not a JSON object: \(stdout)", file: file, line: line)
        }

        /// stdout parsed as a JSON array of objects.
        func array(file: StaticString = #filePath, line: UInt = #line) throws -> [[String: Any]] {
            let value = try JSONSerialization.jsonObject(with: Data(stdout.utf8))
            return try XCTUnwrap(value as? [[String: Any]], "not a JSON array: \(stdout)", file: file, line: line)
        }
    }

    let directory: URL
    let database: String

    /// The binary: `$RECALL_BIN`, else `.build/debug/recall` of this package.
    static var binary: String {
        if let b = ProcessInfo.processInfo.environment["RECALL_BIN"], !b.isEmpty { return b }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/recall").path
    }

    /// Fails (never skips) when the binary is missing: `swift build --build-tests` builds it.
    static func requireBinary(file: StaticString = #filePath, line: UInt = #line) throws {
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            XCTFail("no recall binary at \(binary) — run `swift build` first (or set RECALL_BIN)", file: file, line: line)
            throw CocoaError(.fileNoSuchFile)
        }
    }

    /// A fresh temp directory and database path.
    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("recall-review-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        database = directory.appendingPathComponent("recall.db").path
    }

    /// Removes the temp directory.
    func cleanUp() { try? FileManager.default.removeItem(at: directory) }

    /// Runs `recall ARGS… --db DB` on a pseudo-terminal (through util-linux `script`), typing `input`.
    func runOnTerminal(_ args: [String], input: String, environment extra: [String: String] = [:]) throws -> Result {
        let command = ([Self.binary] + args + ["--db", database]).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
            .joined(separator: " ")
        return try run(["-qec", command, "/dev/null"], stdin: input, environment: extra, executable: "/usr/bin/script", addDatabase: false)
    }

    /// Runs `recall ARGS… --db DB` (the database flag goes after the subcommand path) and waits for it to exit.
    @discardableResult
    func run(_ args: [String], stdin: String? = nil, environment extra: [String: String] = [:],
             executable: String = ReviewCLI.binary, addDatabase: Bool = true) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = addDatabase ? args + ["--db", database] : args
        var env = ProcessInfo.processInfo.environment
        env["RECALL_DB"] = nil
        env["TZ"] = "UTC"
        env["NO_COLOR"] = "1"
        env["XDG_CONFIG_HOME"] = directory.appendingPathComponent("config").path
        for (k, v) in extra { env[k] = v }
        p.environment = env
        p.currentDirectoryURL = directory
        // Output goes to files (no pipe can fill up and block the child); we wait for the exit, then read them.
        let outURL = directory.appendingPathComponent("out-\(UUID().uuidString)")
        let errURL = directory.appendingPathComponent("err-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: outURL), errHandle = try FileHandle(forWritingTo: errURL)
        defer { try? outHandle.close(); try? errHandle.close() }
        let input = Pipe()
        p.standardOutput = outHandle
        p.standardError = errHandle
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        p.waitUntilExit()
        let outData = try Data(contentsOf: outURL), errData = try Data(contentsOf: errURL)
        return Result(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}
