// Test-only code: XCTest exists for test builds; the static release build that the man-page plugin makes
// (scripts/install) has no XCTest, and compiles this file to nothing.
#if canImport(XCTest)
import Foundation
import XCTest

/// Drives the real `recall` binary inside a private tmux server: send keys, read the screen, and wait for
/// text with a deadline (polling capture-pane), never a bare sleep.
/// The CLI (`cli`) runs against the same database and config folder, to seed data and check what the app stored.
public final class TUISession {
    /// The private tmux server's socket name.
    public let socket: String
    /// The tmux session's name.
    public let name = "recall"
    /// This test's private folder (config home, database, scratch files).
    public let dir: URL
    /// The database the app and `cli` use.
    public var dbPath: String { dir.appendingPathComponent("test.db").path }
    /// The CLI runner sharing this folder.
    public let recall: RecallCLI

    /// The built `recall` executable.
    public static var binary: String { RecallCLI.locateBinary()?.path ?? "recall" }

    /// Fails when the binary is missing; without tmux skips, or fails under RECALL_REQUIRE_ALL/CI (scripts/setup installs it).
    public static func requirePrerequisites(file: StaticString = #filePath, line: UInt = #line) throws {
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

    /// A fresh folder and a private tmux server name (the server starts with `start`).
    public init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("recall-tui-\(UUID().uuidString.prefix(8))")
        recall = try RecallCLI(root: dir)
        socket = "recall-test-\(UUID().uuidString.prefix(8))"
    }

    deinit {
        _ = try? tmux(["kill-server"])
        let tmp = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
        unlink("\(tmp)/tmux-\(getuid())/\(socket)")
        try? FileManager.default.removeItem(at: dir)
    }

    /// Starts the app (or another command line) in a detached tmux session of the given size.
    public func start(width: Int = 120, height: Int = 40, arguments: [String]? = nil, env: [String: String] = [:]) throws {
        _ = try tmux(["-f", "/dev/null", "new-session", "-d", "-s", name, "-x", String(width), "-y", String(height),
                      "sh", "-c", launchScript(arguments: arguments, env: env)])
    }

    /// Starts the app again in the same tmux pane and database (respawning the pane keeps the tmux server up, where
    /// killing its only session would stop the server under a following `new-session`).
    public func restart(arguments: [String]? = nil, env: [String: String] = [:]) throws {
        _ = try tmux(["respawn-pane", "-k", "-t", name, "sh", "-c", launchScript(arguments: arguments, env: env)])
    }

    /// The pane's shell line: the app with this session's config home, then its exit status, then an idle shell.
    private func launchScript(arguments: [String]?, env: [String: String]) -> String {
        let args = (arguments ?? ["--db", dbPath]).map(Self.shellQuote).joined(separator: " ")
        var envText = "XDG_CONFIG_HOME=\(Self.shellQuote(dir.appendingPathComponent("config").path)) EDITOR=true "
        for (k, v) in env.sorted(by: { $0.key < $1.key }) { envText += "\(k)=\(Self.shellQuote(v)) " }
        return "env \(envText)\(Self.shellQuote(Self.binary)) \(args); echo \"EXIT=$?\"; exec sleep 100000"
    }

    /// A session whose database holds project "Rust study", notebook "Ownership" and snippet "Borrowing rules"
    /// with `body`, made with the CLI (the app is not started yet).
    public static func seeded(body: String = "# Borrowing\n\nOne mutable or many shared references.",
                              file: StaticString = #filePath, line: UInt = #line) throws -> TUISession {
        let t = try TUISession()
        for args in [["new", "project", "Rust study"], ["new", "notebook", "--project", "Rust study", "Ownership"]] {
            let r = try t.cli(args)
            XCTAssertEqual(r.status, 0, r.description, file: file, line: line)
        }
        let r = try t.cli(["new", "snippet", "--notebook", "Ownership", "Borrowing rules", "--stdin"], stdin: body)
        XCTAssertEqual(r.status, 0, r.description, file: file, line: line)
        return t
    }

    /// Starts the app on a `seeded()` database and opens "Borrowing rules" in the editor.
    public func openFirstSnippet() throws {
        try start()
        try waitFor(text: "▸ Ownership")
        try keys("j", "l", "j", "Enter")
        try waitFor(text: "│ Borrowing rules")
    }

    /// Sends tmux key names (`Enter`, `C-s`, `Escape`, `j`).
    public func keys(_ names: String...) throws {
        _ = try tmux(["send-keys", "-t", name] + names)
    }

    /// Types text literally.
    public func type(_ text: String) throws {
        _ = try tmux(["send-keys", "-t", name, "-l", text])
    }

    /// Runs a palette command as a user does: Ctrl-P, type part of its title, wait for `entry`, Enter.
    public func palette(_ query: String, entry: String, file: StaticString = #filePath, line: UInt = #line) throws {
        try keys("C-p")
        try type(query)
        try waitFor(text: entry, file: file, line: line)
        try keys("Enter")
    }

    /// The palette's "Import a pack…", answered with a pack's path (the dry run or a refusal follows).
    public func importPack(_ path: String, file: StaticString = #filePath, line: UInt = #line) throws {
        try palette("Import a pack", entry: "Import a pack…", file: file, line: line)
        try waitFor(text: "Import pack file", file: file, line: line)
        try type(path)
        try keys("Enter")
    }

    /// Pastes text as a bracketed paste (tmux wraps it in ESC[200~ … ESC[201~ when the app asked for it).
    public func paste(_ text: String) throws {
        let file = dir.appendingPathComponent("paste.txt")
        try text.write(to: file, atomically: true, encoding: .utf8)
        _ = try tmux(["load-buffer", "-b", "p", file.path])
        _ = try tmux(["paste-buffer", "-p", "-b", "p", "-t", name])
    }

    /// Resizes the window.
    public func resize(width: Int, height: Int) throws {
        _ = try tmux(["resize-window", "-t", name, "-x", String(width), "-y", String(height)])
    }

    /// The screen as text.
    public func screen() throws -> String {
        try tmux(["capture-pane", "-p", "-t", name])
    }

    /// Waits until the screen satisfies a condition; fails with the last screen when the deadline passes.
    @discardableResult
    public func waitFor(_ what: String, timeout: TimeInterval = 15, file: StaticString = #filePath, line: UInt = #line,
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
    public func waitFor(text: String, timeout: TimeInterval = 15, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try waitFor("“\(text)”", timeout: timeout, file: file, line: line) { $0.contains(text) }
    }

    /// The pid of the running recall process (the child of the pane's shell).
    public func appPID() throws -> Int32? {
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
    public func tmux(_ args: [String]) throws -> String {
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
    public func cli(_ args: [String], stdin: String? = nil, env: [String: String] = [:],
                    file: StaticString = #filePath, line: UInt = #line) throws -> RecallCLI.Result {
        try recall.run(args + ["--db", dbPath], env: env, stdin: stdin, file: file, line: line)
    }

    /// Waits until a CLI command's output satisfies a condition (for autosave).
    public func waitForCLI(_ args: [String], timeout: TimeInterval = 15, file: StaticString = #filePath, line: UInt = #line,
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
    public func id(ofTitle title: String) throws -> String? {
        let out = try cli(["list"]).stdout
        for line in out.split(separator: "\n") where line.contains(title) {
            return line.split(separator: " ").first.map(String.init)
        }
        return nil
    }

    /// Runs any program to its end with the test's environment plus `env` (for helpers such as pgrep).
    @discardableResult
    public static func run(_ exe: String, _ args: [String], stdin: String? = nil, env: [String: String] = [:]) throws -> RecallCLI.Result {
        try RecallCLI.Running(URL(fileURLWithPath: exe), args, environment: ProcessInfo.processInfo.environment.merging(env) { $1 },
                              stdin: stdin.map { Data($0.utf8) }, deadline: 60).wait()
    }

    /// Seconds on a monotonic clock (deadlines must not follow wall-clock jumps).
    public static func now() -> TimeInterval { ProcessInfo.processInfo.systemUptime }

    /// `s` quoted for `sh`.
    public static func shellQuote(_ s: String) -> String { TestSupport.shellQuote(s) }
}

/// A wait on the screen (or the CLI) passed its deadline; the test has already been failed with the last screen.
public struct TUITimeout: Error {
    /// A timeout.
    public init() {}
}
#endif
