import Foundation
import TestSupport
import XCTest

/// Running code snippets in the app, driven in tmux: F5 runs the open snippet and its output appears under it
/// (escape sequences shown as text, never obeyed); F5 in the navigator runs the selected one; Ctrl-C in the output
/// view stops a long run (its process is gone, the run saved as cancelled); the last run shows when the snippet is
/// opened again. Results are checked through `recall run --last --json` as well as on screen.
final class TUIRunTests: XCTestCase {
    override func setUpWithError() throws {
        try TUISession.requirePrerequisites()
    }

    func testRunSeeOutputCancelALongOneAndSeeTheLastRunAgain() throws {
        let t = try TUISession()
        let pidFile = t.dir.appendingPathComponent("pid").path
        for args in [["new", "project", "Rust study"], ["new", "notebook", "--project", "Rust study", "Ownership"]] {
            XCTAssertEqual(try t.cli(args).status, 0)
        }
        let quick = "echo \"hello from run\"\nprintf 'a\\033]0;pwned\\007 b\\033[2J c\\n'\necho oops >&2\nexit 4\n"
        XCTAssertEqual(try t.cli(["new", "snippet", "--notebook", "Ownership", "Quick", "--code", "bash", "--stdin"], stdin: quick).status, 0)
        let slow = "echo $$ > \(pidFile)\necho started\nsleep 300\n"
        XCTAssertEqual(try t.cli(["new", "snippet", "--notebook", "Ownership", "Slow", "--code", "bash", "--stdin"], stdin: slow).status, 0)
        let quickID = try XCTUnwrap(try t.id(ofTitle: "Quick"))
        let slowID = try XCTUnwrap(try t.id(ofTitle: "Slow"))

        try t.start()
        try t.waitFor(text: "▸ Ownership")
        try t.keys("j", "l", "j", "Enter")
        try t.waitFor(text: "│ Quick")
        XCTAssertNil(try t.cli(["run", quickID, "--last", "--json"]).jsonValue as? [String: Any], "nothing runs before F5")

        // F5 in the editor: output under the snippet, stderr too, the escapes as text, the exit code in the title.
        try t.keys("F5")
        let screen = try t.waitFor(text: "exit 4 in")
        XCTAssertTrue(screen.contains("─ Output"), screen)
        XCTAssertTrue(screen.contains("hello from run"), screen)
        XCTAssertTrue(screen.contains("oops"), screen)
        XCTAssertTrue(screen.contains("a^[]0;pwned^G b^[[2J c"), "escape sequences are shown, not obeyed:\n\(screen)")
        let saved = try t.waitForCLI(["run", quickID, "--last", "--json"]) { $0.hasPrefix("{") }
        let doc = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(saved.utf8)) as? [String: Any])
        XCTAssertEqual(doc["exit_code"] as? Int, 4)
        XCTAssertEqual(doc["stderr"] as? String, "oops\n")

        // Esc closes the finished output; Esc again goes to the navigator; F5 there runs the selected snippet.
        try t.keys("Escape")
        try t.waitFor("the output view closed") { !$0.contains("─ Output") }
        try t.keys("Escape")
        try waitForNavigator(t)
        try t.keys("j")
        try t.keys("F5")
        try t.waitFor(text: "│ Slow")
        let running = try t.waitFor("the slow run to print") { $0.contains("started") && $0.contains("running 0:") }
        XCTAssertTrue(running.contains("jobs 1 running"), "the run is a job:\n\(running)")
        let pid = try waitForPID(pidFile)
        XCTAssertEqual(kill(pid, 0), 0, "the snippet's shell runs")

        // Ctrl-C in the output view stops it: the process is gone and the run is saved as cancelled.
        try t.keys("C-c")
        try t.waitFor(text: "cancelled after")
        XCTAssertTrue(waitGone(pid, deadline: 10), "the snippet's process outlived the cancel")
        let cancelled = try t.waitForCLI(["run", slowID, "--last", "--json"]) { $0.hasPrefix("{") }
        XCTAssertEqual((try JSONSerialization.jsonObject(with: Data(cancelled.utf8)) as? [String: Any])?["killed"] as? String, "cancelled")

        // Opening the quick snippet again shows its last run.
        try t.keys("Escape")
        try t.waitFor("the output view closed") { !$0.contains("─ Output") }
        try t.keys("Escape")
        try waitForNavigator(t)
        try t.keys("k")
        try t.keys("Enter")
        let reopened = try t.waitFor(text: "last run ")
        XCTAssertTrue(reopened.contains("exit 4 in") && reopened.contains("hello from run"), reopened)
    }

    func testPythonRunInstallsTheRequirementsAsAJobThenRuns() throws {
        let t = try TUISession()
        let wheels = t.dir.appendingPathComponent("wheels").path
        try FileManager.default.createDirectory(atPath: wheels, withIntermediateDirectories: true)
        try RunVenvCLITests.buildWheel(in: wheels, version: "1.0", value: "value-from-the-wheel")
        for args in [["new", "project", "Rust study"], ["new", "notebook", "--project", "Rust study", "Ownership"]] {
            XCTAssertEqual(try t.cli(args).status, 0)
        }
        XCTAssertEqual(try t.cli(["new", "snippet", "--notebook", "Ownership", "Use it", "--code", "python", "--stdin"],
                                 stdin: "import recalltestpkg\nprint('got', recalltestpkg.VALUE)\n").status, 0)
        XCTAssertEqual(try t.cli(["new", "snippet", "--notebook", "Ownership", "requirements", "--code", "text", "--stdin"],
                                 stdin: "--no-index\n--find-links \(wheels)\nrecalltestpkg==1.0\n").status, 0)
        try t.start()
        try t.waitFor(text: "▸ Ownership")
        try t.keys("j", "l", "j", "Enter")
        try t.waitFor(text: "│ Use it")
        try t.keys("F5")
        let done = try t.waitFor("the run after the install", timeout: 300) { $0.contains("exit 0 in") }
        XCTAssertTrue(done.contains("got value-from-the-wheel"), done)
        XCTAssertTrue(done.contains("installing the notebook's requirements"), "the install step is shown:\n\(done)")
        try t.keys("Tab")
        try t.keys("F7")
        let jobs = try t.waitFor("the jobs view") { $0.contains("Install") && $0.contains("requirements of “Use it”") }
        XCTAssertTrue(jobs.contains("Run"), jobs)
    }

    func testQuittingDuringARunAsksThenStopsItsProcess() throws {
        let t = try TUISession()
        let pidFile = t.dir.appendingPathComponent("pid").path
        for args in [["new", "project", "Rust study"], ["new", "notebook", "--project", "Rust study", "Ownership"]] {
            XCTAssertEqual(try t.cli(args).status, 0)
        }
        let slow = "echo $$ > \(pidFile)\necho started\nsleep 300\n"
        XCTAssertEqual(try t.cli(["new", "snippet", "--notebook", "Ownership", "Slow", "--code", "bash", "--stdin"], stdin: slow).status, 0)
        try t.start()
        try t.waitFor(text: "▸ Ownership")
        try t.keys("j", "l", "j", "F5")
        try t.waitFor("the run to print") { $0.contains("started") && $0.contains("running 0:") }
        let pid = try waitForPID(pidFile)
        try t.keys("C-q")
        try t.waitFor(text: "still running — cancel and quit?")
        try t.keys("y")
        try t.waitFor(text: "EXIT=0")
        XCTAssertTrue(waitGone(pid, deadline: 5), "the snippet outlived the app")
    }

    /// Waits until the navigator has the keys: the status line no longer shows the editor's cursor position (so the
    /// next key is not read together with the Escape as an Alt chord).
    func waitForNavigator(_ t: TUISession) throws {
        try t.waitFor("the navigator to have the keys") { screen in
            let status = screen.split(separator: "\n").last.map(String.init) ?? ""
            return !status.contains(" 1:1 ")
        }
    }

    /// The pid a snippet wrote to `path`, waited for with a deadline.
    func waitForPID(_ path: String) throws -> Int32 {
        let end = Date().addingTimeInterval(15)
        repeat {
            if let text = try? String(contentsOfFile: path, encoding: .utf8), let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return pid
            }
            usleep(20_000)
        } while Date() < end
        XCTFail("the snippet never wrote its pid")
        throw TUITimeout()
    }

    /// Waits until `pid` no longer exists (or is a zombie nobody waits on).
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
