import Foundation
import TestSupport
import XCTest

/// Packaging: `recall --version` names the commit it was built from, the shell completion scripts come from the
/// command definitions, and `scripts/install` on a fresh clone gives a `recall` that works from any directory.
final class PackagingCLITests: XCTestCase {
    var cli: RecallCLI!

    override func setUpWithError() throws { cli = try RecallCLI(label: "pkg") }
    override func tearDown() { cli?.cleanUp() }

    /// Runs a program (not recall) to its end with a deadline.
    func run(_ exe: String, _ args: [String], cwd: URL? = nil, env: [String: String]? = nil, deadline: TimeInterval = 60) throws -> RecallCLI.Result {
        try RecallCLI.Running(URL(fileURLWithPath: exe), args, environment: env ?? cli.environment, cwd: cwd, deadline: deadline).wait()
    }

    /// The short commit of a checkout (12 hex digits), or nil when git or the checkout is missing.
    func headCommit(of dir: URL) throws -> String? {
        guard let git = TestRequirement.executable("git") else { return nil }
        let r = try run(git, ["-C", dir.path, "rev-parse", "--short=12", "HEAD"])
        return r.status == 0 ? r.stdout.trimmingCharacters(in: .whitespacesAndNewlines) : nil
    }

    func testVersionPrintsTheReleaseAndTheCommitTheBinaryWasBuiltFrom() throws {
        let out = try cli.ok(["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let pattern = #/^\d+\.\d+\.\d+ \(commit ([0-9a-f]{12}(-dirty)?|unknown)\)$/#
        let match = try XCTUnwrap(out.wholeMatch(of: pattern), "unexpected --version output: \(out)")
        if let head = try headCommit(of: RecallCLI.repositoryRoot) {
            // Built from this checkout: the commit is its HEAD (a test run after a new commit rebuilds first).
            XCTAssertEqual(String(match.1.prefix(12)), head, out)
        }
    }

    func testCompletionScriptsForBashZshAndFishNameTheCommands() throws {
        for shell in ["bash", "zsh", "fish"] {
            let script = try cli.ok(["--generate-completion-script", shell]).stdout
            for command in ["import", "search", "ask", "bench"] {
                XCTAssertTrue(script.contains(command), "\(shell) completion lacks \(command)")
            }
        }
        // The bash script is valid bash.
        let file = cli.path("recall.bash")
        try cli.ok(["--generate-completion-script", "bash"]).stdout.write(toFile: file, atomically: true, encoding: .utf8)
        let check = try run("/bin/bash", ["-n", file])
        XCTAssertEqual(check.status, 0, "\(check)")
    }

    /// Fresh clone → `scripts/install PREFIX` → the installed `recall`, run from another directory with no
    /// RECALL_HOME, imports and opens the samples; completions and the man page are in place. One release build
    /// (minutes), so it runs under `scripts/test` (RECALL_REQUIRE_ALL=1, as CI does) or with RECALL_TEST_INSTALL=1.
    func testFreshCloneInstallGivesARecallThatOpensTheSamplesFromAnyDirectory() throws {
        let env = ProcessInfo.processInfo.environment
        guard TestRequirement.strict || env["RECALL_TEST_INSTALL"] == "1" else {
            throw XCTSkip("one release build: runs under scripts/test (RECALL_REQUIRE_ALL=1) or with RECALL_TEST_INSTALL=1")
        }
        guard let git = TestRequirement.executable("git") else {
            try TestRequirement.missing("git", install: "install it with `apt-get install git`")
        }
        try TUISession.requirePrerequisites()
        let clone = cli.root.appendingPathComponent("clone")
        let cloned = try run(git, ["clone", "--quiet", RecallCLI.repositoryRoot.path, clone.path], deadline: 300)
        XCTAssertEqual(cloned.status, 0, "\(cloned)")
        let prefix = cli.root.appendingPathComponent("prefix")
        var installEnv = cli.environment
        installEnv["PATH"] = "/opt/swift/usr/bin:" + (installEnv["PATH"] ?? "/usr/bin:/bin")
        let started = Date()
        let installed = try run("/bin/bash", [clone.appendingPathComponent("scripts/install").path, prefix.path], cwd: cli.root, env: installEnv, deadline: 3600)
        XCTAssertEqual(installed.status, 0, "\(installed)")
        print("scripts/install on a fresh clone took \(Int(Date().timeIntervalSince(started))) s")
        let recall = prefix.appendingPathComponent("bin/recall")
        for file in ["share/bash-completion/completions/recall", "share/zsh/site-functions/_recall",
                     "share/fish/vendor_completions.d/recall.fish", "share/man/man1/recall.1"] {
            let size = (try? FileManager.default.attributesOfItem(atPath: prefix.appendingPathComponent(file).path)[.size] as? Int) ?? 0
            XCTAssertGreaterThan(size, 100, "\(file) missing or empty after install")
        }
        // The binary carries the Swift runtime and Foundation: nothing it loads comes from the toolchain, so it keeps
        // working when the toolchain moves or is upgraded.
        let linked = try run("/usr/bin/ldd", [recall.path], cwd: cli.root, env: cli.environment)
        XCTAssertEqual(linked.status, 0, "\(linked)")
        for toolchainLibrary in ["libswiftCore", "libFoundation", "libdispatch", "/opt/swift", "not found"] {
            XCTAssertFalse(linked.stdout.contains(toolchainLibrary), "the installed recall loads \(toolchainLibrary): \(linked.stdout)")
        }
        let man = try String(contentsOf: prefix.appendingPathComponent("share/man/man1/recall.1"), encoding: .utf8)
        for command in ["import", "search", "ask"] { XCTAssertTrue(man.contains(command), "the man page does not describe \(command)") }

        // README's first command: scripts/run-demo sets up, builds (the install's build, reused) and opens the bundled
        // samples on a demo database; with no model server the status line says the model is offline.
        let demo = try TUISession()
        let demoData = cli.root.appendingPathComponent("demo-data")
        let demoEnv = "env HOME=\(shellQuote(cli.root.path)) XDG_DATA_HOME=\(shellQuote(demoData.path)) "
            + "XDG_CONFIG_HOME=\(shellQuote(cli.root.path + "/config")) PATH=\(shellQuote(installEnv["PATH"] ?? "/usr/bin:/bin")) "
            + "OLLAMA_HOST=http://127.0.0.1:9 TERM=xterm-256color"
        _ = try demo.tmux(["-f", "/dev/null", "new-session", "-d", "-s", demo.name, "-x", "120", "-y", "30", "sh", "-c",
                           "cd / && \(demoEnv) bash \(shellQuote(clone.appendingPathComponent("scripts/run-demo").path)); echo EXIT=$?; exec sleep 100000"])
        try demo.waitFor("scripts/run-demo showing the samples, model offline", timeout: 1800) {
            $0.contains("Dev Assistant Syllabus") && $0.contains("model offline")
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: demoData.appendingPathComponent("recall/demo.db").path), "the demo database")
        try demo.keys("C-q")
        try demo.waitFor(text: "EXIT=0")

        // From an unrelated directory, without RECALL_HOME and without the clone on any path: the samples come
        // from the binary.
        let elsewhere = cli.root.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.removeItem(at: clone)
        var userEnv = cli.environment
        userEnv["RECALL_HOME"] = nil
        let version = try run(recall.path, ["--version"], cwd: elsewhere, env: userEnv)
        XCTAssertTrue(version.stdout.contains("(commit \(try XCTUnwrap(try headCommit(of: RecallCLI.repositoryRoot)))"), "\(version)")
        let db = elsewhere.appendingPathComponent("notes.db").path
        let imported = try run(recall.path, ["import", "--samples", "--db", db], cwd: elsewhere, env: userEnv)
        XCTAssertEqual(imported.status, 0, "\(imported)")
        let listed = try run(recall.path, ["list", "--notebooks-only", "--db", db], cwd: elsewhere, env: userEnv)
        XCTAssertTrue(listed.stdout.contains("Dev Assistant Syllabus"), "\(listed)")

        // The app's first start on an empty database opens the samples (the real binary in tmux).
        let session = try TUISession()
        let appDB = elsewhere.appendingPathComponent("first-run.db").path
        let home = cli.root.path
        _ = try session.tmux(["-f", "/dev/null", "new-session", "-d", "-s", session.name, "-x", "120", "-y", "30", "sh", "-c",
                              "cd \(shellQuote(elsewhere.path)) && env HOME=\(shellQuote(home)) XDG_CONFIG_HOME=\(shellQuote(home + "/config")) "
                              + "TERM=xterm-256color \(shellQuote(recall.path)) --db \(shellQuote(appDB)); echo EXIT=$?; exec sleep 100000"])
        try session.waitFor(text: "Dev Assistant Syllabus", timeout: 60)
    }
}
