import Foundation
import TestSupport
import XCTest

/// `recall run`: code snippets run as a script would run them — output streamed, the snippet's exit code, every
/// limit (time for the whole process group, memory, output), the environment allowlist, the last run saved, and
/// escape sequences in the output shown, never obeyed.
final class RunCLITests: XCTestCase {
    var cli: RecallCLI!

    override func setUpWithError() throws { cli = try RecallCLI(label: "run") }
    override func tearDown() { cli?.cleanUp() }

    /// Imports one notebook of code snippets and returns their ids by title.
    func importSnippets(_ sections: [(title: String, language: String, body: String)]) throws -> [String: String] {
        let text = "---\ntitle: Runs\n---\n\n" + sections.map { "## \($0.title)\n\n```\($0.language)\n\($0.body)\n```\n" }.joined(separator: "\n")
        try cli.writeNotebook(name: "runs", text)
        try cli.ok(["import", cli.notes.path])
        let tree = try cli.ok(["list", "--json"]).array()
        var ids: [String: String] = [:]
        for project in tree {
            for nb in project["notebooks"] as? [[String: Any]] ?? [] {
                for s in nb["snippets"] as? [[String: Any]] ?? [] { ids[s["title"] as? String ?? ""] = s["id"] as? String }
            }
        }
        return ids
    }

    func testPythonAndShellOutputAndExitCodesWithoutTheParentsCredentials() throws {
        let ids = try importSnippets([
            ("py", "python", "import os, sys\nprint('sum', sum(range(10)))\nprint('oops', file=sys.stderr)\nprint(sorted(os.environ.items()))\nsys.exit(3)"),
            ("sh", "bash", "echo \"hello $((6*7))\"\necho err >&2\nenv\nexit 5"),
        ])
        let secrets = ["OPENAI_API_KEY": "sk-parent-secret-1", "GITHUB_TOKEN": "ghp-parent-secret-2", "DB_PASSWORD": "parent-secret-3"]
        let py = try cli.run(["run", try XCTUnwrap(ids["py"])], env: secrets)
        XCTAssertEqual(py.status, 3, "\(py)")
        XCTAssertTrue(py.stdout.hasPrefix("sum 45\n"), py.stdout)
        XCTAssertTrue(py.stderr.contains("oops"), py.stderr)
        let sh = try cli.run(["run", try XCTUnwrap(ids["sh"]), "--json"], env: secrets)
        XCTAssertEqual(sh.status, 5, "\(sh)")
        let doc = try sh.object()
        XCTAssertEqual(doc["exit_code"] as? Int, 5)
        XCTAssertTrue((doc["stdout"] as? String ?? "").hasPrefix("hello 42\n"))
        XCTAssertEqual(doc["stderr"] as? String, "err\n")
        XCTAssertTrue(doc["killed"] is NSNull, "killed must be null: \(doc)")
        XCTAssertEqual(doc["truncated"] as? Bool, false)
        XCTAssertNotNil(doc["duration_ms"] as? Int)
        for (name, value) in secrets {
            XCTAssertFalse(py.stdout.contains(value) || py.stdout.contains(name), "\(name) reached the python snippet")
            XCTAssertFalse(sh.stdout.contains(value) || sh.stdout.contains(name), "\(name) reached the shell snippet")
        }
        XCTAssertTrue(py.stdout.contains("'HOME', '\(cli.root.path)/data/recall/runs/"), "HOME is the notebook's scratch home: \(py.stdout)")

        // The last run is saved with the snippet.
        let last = try cli.run(["run", try XCTUnwrap(ids["sh"]), "--last", "--json"])
        XCTAssertEqual(try last.object()["exit_code"] as? Int, 5)
        XCTAssertTrue((try last.object()["stdout"] as? String ?? "").hasPrefix("hello 42\n"))
        let neverRan = try cli.run(["run", try XCTUnwrap(ids["py"]), "--last"])
        XCTAssertEqual(neverRan.status, 0, "\(neverRan)")
        XCTAssertTrue(neverRan.stderr.contains("exit 3"), neverRan.stderr)
    }

    func testTimeoutKillsTheWholeProcessGroupGrandchildrenToo() throws {
        let pids = cli.path("pids")
        let ids = try importSnippets([("slow", "bash", """
            sleep 300 & echo $! >> \(pids)
            bash -c 'sleep 301 & echo $! >> \(pids); wait' & echo $! >> \(pids)
            sleep 0.2; echo started
            sleep 302
            """)])
        let r = try cli.run(["run", try XCTUnwrap(ids["slow"]), "--timeout", "2", "--json"], deadline: 60)
        XCTAssertEqual(r.status, 124, "\(r)")
        let doc = try r.object()
        XCTAssertEqual(doc["killed"] as? String, "timeout")
        XCTAssertEqual(doc["stdout"] as? String, "started\n")
        XCTAssertTrue((doc["summary"] as? String ?? "").contains("2 s time limit"), "\(doc)")
        let started = try String(contentsOfFile: pids, encoding: .utf8).split(separator: "\n").compactMap { Int32($0) }
        XCTAssertEqual(started.count, 3, "the snippet started its children")
        for pid in started { XCTAssertTrue(waitGone(pid, deadline: 10), "process \(pid) outlived the timeout") }
    }

    func testMemoryAndOutputLimitsSayWhichLimit() throws {
        let ids = try importSnippets([
            ("hog", "python", "x = bytearray(800 * 1024 * 1024)\nprint(len(x))"),
            ("yes", "sh", "yes recall"),
        ])
        let hog = try cli.run(["run", try XCTUnwrap(ids["hog"]), "--memory", "256", "--json"])
        let h = try hog.object()
        XCTAssertEqual(h["killed"] as? String, "memory", "\(hog)")
        XCTAssertNotEqual(h["exit_code"] as? Int, 0)
        XCTAssertEqual(h["stdout"] as? String, "")
        let plain = try cli.run(["run", try XCTUnwrap(ids["hog"]), "--memory", "256"])
        XCTAssertTrue(plain.stderr.contains("ran out of memory under the 256 MiB limit"), plain.stderr)

        let yes = try cli.run(["run", try XCTUnwrap(ids["yes"]), "--max-output", "64", "--json"])
        let y = try yes.object()
        XCTAssertEqual(y["killed"] as? String, "output", "\(yes)")
        XCTAssertEqual(y["truncated"] as? Bool, true)
        XCTAssertEqual((y["stdout"] as? String)?.utf8.count, 64 * 1024)
        let yesPlain = try cli.run(["run", try XCTUnwrap(ids["yes"]), "--max-output", "64"])
        XCTAssertEqual(yesPlain.stdoutData.count, 64 * 1024)
        XCTAssertTrue(yesPlain.stderr.contains("wrote more than 64 KiB of output; the rest was dropped"), yesPlain.stderr)
    }

    func testEscapeSequencesInOutputAreShownNotObeyed() throws {
        let ids = try importSnippets([("esc", "sh", #"printf 'a\033[31mred\033[0m \033]0;pwned\007 \033[2J b\n'"#)])
        let r = try cli.ok(["run", try XCTUnwrap(ids["esc"])])
        XCTAssertFalse(r.stdoutData.contains(0x1B), "a raw ESC reached the terminal: \(r.stdout)")
        XCTAssertFalse(r.stdoutData.contains(0x07), "a raw BEL reached the terminal")
        XCTAssertEqual(r.stdout, "ared ^[]0;pwned^G ^[[2J b\n")
        let json = try cli.ok(["run", try XCTUnwrap(ids["esc"]), "--json"])
        XCTAssertEqual(try json.object()["stdout"] as? String, "a\u{1B}[31mred\u{1B}[0m \u{1B}]0;pwned\u{07} \u{1B}[2J b\n")
    }

    func testInterruptCancelsTheRunAndSaysSo() throws {
        let ids = try importSnippets([("wait", "bash", "echo started\nsleep 300")])
        let started = try cli.start(["run", try XCTUnwrap(ids["wait"])], deadline: 60)
        XCTAssertTrue(started.waitForOutput(containing: "started", deadline: 30))
        started.signal(SIGINT)
        let r = started.wait()
        XCTAssertEqual(r.status, 130, "\(r)")
        XCTAssertTrue(r.stderr.contains("cancelled"), r.stderr)
        let last = try cli.ok(["run", try XCTUnwrap(ids["wait"]), "--last", "--json"]).object()
        XCTAssertEqual(last["killed"] as? String, "cancelled")

        // SIGTERM (a closing terminal, a kill) also stops the snippet's process group before recall exits.
        let pids = cli.path("term-pid")
        let more = try importSnippets([("term", "bash", "echo $$ > \(pids)\necho started\nsleep 300")])
        let term = try cli.start(["run", try XCTUnwrap(more["term"])], deadline: 60)
        XCTAssertTrue(term.waitForOutput(containing: "started", deadline: 30))
        let pid = try XCTUnwrap(Int32(try String(contentsOfFile: pids, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        term.signal(SIGTERM)
        XCTAssertEqual(term.wait().status, 130)
        XCTAssertTrue(waitGone(pid, deadline: 10), "the snippet outlived recall run")
    }

    func testWhatCannotRunSaysWhatToDo() throws {
        try cli.writeNotebook(name: "mixed", "---\ntitle: Mixed\n---\n\n## prose\n\nJust words.\n\n## cobol\n\n```cobol\nDISPLAY 'HI'.\n```\n")
        try cli.ok(["import", cli.notes.path])
        let tree = try cli.ok(["list", "--json"]).array()
        let snippets = (tree.first?["notebooks"] as? [[String: Any]])?.first?["snippets"] as? [[String: Any]] ?? []
        let byTitle = Dictionary(uniqueKeysWithValues: snippets.map { ($0["title"] as? String ?? "", $0["id"] as? String ?? "") })
        let prose = try cli.run(["run", try XCTUnwrap(byTitle["prose"])])
        XCTAssertEqual(prose.status, 1)
        XCTAssertTrue(prose.stderr.contains("markdown snippet, not code"), prose.stderr)
        let cobol = try cli.run(["run", try XCTUnwrap(byTitle["cobol"])])
        XCTAssertEqual(cobol.status, 1)
        XCTAssertTrue(cobol.stderr.contains("no runner for language 'cobol'") && cobol.stderr.contains("runners.toml"), cobol.stderr)
        // A user's runners file adds the language.
        try "[cobol]\ncommand = [\"sh\", \"-c\", \"echo ran $0\", \"{file}\"]\n".write(toFile: cli.path("config/recall/runners.toml"), atomically: true, encoding: .utf8)
        let added = try cli.ok(["run", try XCTUnwrap(byTitle["cobol"])])
        XCTAssertTrue(added.stdout.hasPrefix("ran /"), added.stdout)
    }

    func testLimitsFromConfigFlagsOverThemAndImportRunsNothing() throws {
        let marker = cli.path("ran-on-import")
        let ids = try importSnippets([("slow", "bash", "touch \(marker)\necho started\nsleep 300")])
        XCTAssertFalse(FileManager.default.fileExists(atPath: marker), "importing ran the snippet")
        XCTAssertFalse(FileManager.default.fileExists(atPath: cli.path("data/recall/runs")), "importing made a scratch folder")
        try cli.writeConfig("[run]\ntimeout_seconds = 1\n")
        let fromConfig = try cli.run(["run", try XCTUnwrap(ids["slow"])], deadline: 60)
        XCTAssertEqual(fromConfig.status, 124, "\(fromConfig)")
        XCTAssertTrue(fromConfig.stderr.contains("ran past the 1 s time limit"), fromConfig.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: marker), "the run command runs it")
        let flag = try cli.run(["run", try XCTUnwrap(ids["slow"]), "--timeout", "2", "--json"], deadline: 60)
        XCTAssertTrue((try flag.object()["summary"] as? String ?? "").contains("2 s time limit"), "the flag wins: \(flag)")
        try cli.writeConfig("[run]\ntimeout = 1\n")
        let bad = try cli.run(["run", try XCTUnwrap(ids["slow"])])
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("[run]: unknown key 'timeout'"), bad.stderr)
    }

    /// Waits until `pid` no longer exists (or is a zombie nobody waits on), up to `deadline` seconds.
    func waitGone(_ pid: Int32, deadline: TimeInterval) -> Bool {
        let end = Date().addingTimeInterval(deadline)
        repeat {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
            if let close = stat.lastIndex(of: ")"), stat[stat.index(close, offsetBy: 2)] == "Z" { return true }
            usleep(20_000)
        } while Date() < end
        return false
    }
}
