import Foundation
import XCTest

/// Drives the real `recall` binary inside a private tmux server: send keys, read the screen, and wait for
/// text with a deadline (polling capture-pane), never a bare sleep.
final class TUISession {
    let socket: String
    let name = "recall"
    let dir: URL
    var dbPath: String { dir.appendingPathComponent("test.db").path }

    /// The built `recall` executable (next to the test bundle, or `$RECALL_BIN`).
    static var binary: String {
        if let b = ProcessInfo.processInfo.environment["RECALL_BIN"], !b.isEmpty { return b }
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent(".build/debug/recall").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        for b in Bundle.allBundles {
            let c = b.bundleURL.deletingLastPathComponent().appendingPathComponent("recall").path
            if FileManager.default.isExecutableFile(atPath: c) { return c }
        }
        return "recall"
    }

    /// Fails when the binary is missing; without tmux skips, or fails under RECALL_REQUIRE_ALL/CI (scripts/setup installs it).
    static func requirePrerequisites(file: StaticString = #filePath, line: UInt = #line) throws {
        if !tmuxAvailable {
            try TestRequirement.missing("tmux", install: "install it with `apt-get install tmux` (scripts/setup does)", file: file, line: line)
        }
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            XCTFail("the recall binary was not found — run `swift build` first or set RECALL_BIN", file: file, line: line)
            throw TUITimeout()
        }
    }

    /// True when `tmux` is on `$PATH` (the harness runs it from there).
    static var tmuxAvailable: Bool { TestRequirement.executable("tmux") != nil }

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("recall-tui-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("config"), withIntermediateDirectories: true)
        socket = "recall-test-\(UUID().uuidString.prefix(8))"
    }

    deinit {
        _ = try? tmux(["kill-server"])
        let tmp = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
        unlink("\(tmp)/tmux-\(getuid())/\(socket)")
        try? FileManager.default.removeItem(at: dir)
    }

    /// Starts the app (or another command line) in a detached tmux session of the given size.
    func start(width: Int = 120, height: Int = 40, arguments: [String]? = nil, env: [String: String] = [:]) throws {
        let args = (arguments ?? ["--db", dbPath]).map(Self.shellQuote).joined(separator: " ")
        var envText = "XDG_CONFIG_HOME=\(Self.shellQuote(dir.appendingPathComponent("config").path)) EDITOR=true "
        for (k, v) in env { envText += "\(k)=\(Self.shellQuote(v)) " }
        let script = "env \(envText)\(Self.shellQuote(Self.binary)) \(args); echo \"EXIT=$?\"; exec sleep 100000"
        _ = try tmux(["-f", "/dev/null", "new-session", "-d", "-s", name, "-x", String(width), "-y", String(height), "sh", "-c", script])
    }

    /// Sends tmux key names (`Enter`, `C-s`, `Escape`, `j`).
    func keys(_ names: String...) throws {
        _ = try tmux(["send-keys", "-t", name] + names)
    }

    /// Types text literally.
    func type(_ text: String) throws {
        _ = try tmux(["send-keys", "-t", name, "-l", text])
    }

    /// Pastes text as a bracketed paste (tmux wraps it in ESC[200~ … ESC[201~ when the app asked for it).
    func paste(_ text: String) throws {
        let file = dir.appendingPathComponent("paste.txt")
        try text.write(to: file, atomically: true, encoding: .utf8)
        _ = try tmux(["load-buffer", "-b", "p", file.path])
        _ = try tmux(["paste-buffer", "-p", "-b", "p", "-t", name])
    }

    /// Resizes the window.
    func resize(width: Int, height: Int) throws {
        _ = try tmux(["resize-window", "-t", name, "-x", String(width), "-y", String(height)])
    }

    /// The screen as text.
    func screen() throws -> String {
        try tmux(["capture-pane", "-p", "-t", name])
    }

    /// Waits until the screen satisfies a condition; fails with the last screen when the deadline passes.
    @discardableResult
    func waitFor(_ what: String, timeout: TimeInterval = 15, file: StaticString = #filePath, line: UInt = #line,
                 _ ok: (String) -> Bool) throws -> String {
        let deadline = TUISession.now() + (timeout)
        var last = ""
        repeat {
            last = try screen()
            if ok(last) { return last }
            Thread.sleep(forTimeInterval: 0.05)  // polling interval of a deadline-bounded wait, not a fixed delay
        } while TUISession.now() < deadline
        XCTFail("timed out waiting for \(what); screen was:\n\(last)", file: file, line: line)
        throw TUITimeout()
    }

    /// Waits until the screen shows a text.
    @discardableResult
    func waitFor(text: String, timeout: TimeInterval = 15, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try waitFor("“\(text)”", timeout: timeout, file: file, line: line) { $0.contains(text) }
    }

    /// The pid of the running recall process (the child of the pane's shell).
    func appPID() throws -> Int32? {
        let shell = try tmux(["display-message", "-p", "-t", name, "#{pane_pid}"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let out = try Self.run("/usr/bin/env", ["pgrep", "-P", shell]).stdout
        return out.split(separator: "\n").compactMap { Int32($0) }.first
    }

    /// Runs a tmux command on this session's private server; returns its stdout.
    ///
    /// Spawned with posix_spawn and output to a file, not a pipe: the first client forks the tmux server,
    /// which would otherwise hold the pipe open (and Foundation's Process waits on it) until the server exits.
    @discardableResult
    func tmux(_ args: [String]) throws -> String {
        let out = dir.appendingPathComponent("tmux-out-\(UUID().uuidString.prefix(6)).txt").path
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ["tmux", "-L", socket] + args
        var cargs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for a in cargs { free(a) } }
        // Start tmux as a shell would: no blocked signals and default dispositions (the test runner's
        // threads block and ignore some, and a child inherits both).
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attr, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for sig in [SIGTSTP, SIGTTIN, SIGTTOU, SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGPIPE, SIGCHLD, SIGWINCH, SIGCONT] { sigaddset(&defaults, sig) }
        posix_spawnattr_setsigdefault(&attr, &defaults)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, "tmux", &actions, &attr, &cargs, environ)
        guard rc == 0 else { throw TUITimeout() }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        defer { unlink(out) }
        return (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
    }

    /// Runs the recall CLI against this session's database.
    func cli(_ args: [String], stdin: String? = nil) throws -> (stdout: String, stderr: String, status: Int32) {
        try Self.run(Self.binary, args + ["--db", dbPath], stdin: stdin, env: ["XDG_CONFIG_HOME": dir.appendingPathComponent("config").path])
    }

    /// Waits until a CLI command's output satisfies a condition (for autosave).
    func waitForCLI(_ args: [String], timeout: TimeInterval = 15, file: StaticString = #filePath, line: UInt = #line,
                    _ ok: (String) -> Bool) throws -> String {
        let deadline = TUISession.now() + (timeout)
        var last = ""
        while TUISession.now() < deadline {
            last = try cli(args).stdout
            if ok(last) { return last }
            Thread.sleep(forTimeInterval: 0.1)
        }
        XCTFail("timed out waiting on `recall \(args.joined(separator: " "))`; last output:\n\(last)", file: file, line: line)
        throw TUITimeout()
    }

    /// The short id the `list` command prints for a title.
    func id(ofTitle title: String) throws -> String? {
        let out = try cli(["list"]).stdout
        for line in out.split(separator: "\n") where line.contains(title) {
            return line.split(separator: " ").first.map(String.init)
        }
        return nil
    }

    @discardableResult
    static func run(_ exe: String, _ args: [String], stdin: String? = nil, env: [String: String] = [:]) throws -> (stdout: String, stderr: String, status: Int32) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        var e = ProcessInfo.processInfo.environment
        for (k, v) in env { e[k] = v }
        p.environment = e
        let out = Pipe(), err = Pipe(), inp = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = inp
        try p.run()
        if let stdin { inp.fileHandleForWriting.write(Data(stdin.utf8)) }
        try? inp.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let r = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (String(decoding: o, as: UTF8.self), String(decoding: r, as: UTF8.self), p.terminationStatus)
    }

    /// Seconds on a monotonic clock (deadlines must not follow wall-clock jumps).
    static func now() -> TimeInterval { ProcessInfo.processInfo.systemUptime }

    static func shellQuote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}

struct TUITimeout: Error {}
