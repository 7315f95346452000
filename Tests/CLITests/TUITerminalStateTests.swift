import Foundation
import TestSupport
import XCTest

/// What the app does to the terminal itself: idle waiting, the system clipboard, and restoring the
/// terminal when the process dies of a crash signal.
final class TUITerminalStateTests: XCTestCase {
    override func setUpWithError() throws {
        try TUISession.requirePrerequisites()
    }

    func testIdleAppBlocksInPollWithNoTimeout() throws {
        // Zero CPU when idle: the main thread sleeps in poll() with an infinite timeout (no timer polling).
        let t = try TUISession.seeded(body: "hello world")
        try t.start()
        try t.waitFor(text: "▸ Ownership")
        let pid = try XCTUnwrap(try t.appPID())
        // The loop runs on the main actor, whose thread under Swift's async main is a dispatch thread, so look
        // at every thread of the process for the one waiting on our three descriptors.
        func blockedInPoll() -> Bool {
            let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
            for tid in tasks {
                let f = ((try? String(contentsOfFile: "/proc/\(pid)/task/\(tid)/syscall", encoding: .utf8)) ?? "").split(separator: " ")
                // x86_64 poll is syscall 7: (fds, nfds = 3, timeout = -1).
                if f.count > 3, f[0] == "7", f[2] == "0x3", f[3] == "0xffffffff" || f[3] == "0xffffffffffffffff" { return true }
            }
            return false
        }
        let deadline = TUISession.now() + (10)
        var ok = false
        while TUISession.now() < deadline && !ok {
            ok = blockedInPoll()
            if !ok { Thread.sleep(forTimeInterval: 0.05) }
        }
        XCTAssertTrue(ok, "no thread of the app is blocked in poll() without a timeout")
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
    }

    func testCopyReachesTheSystemClipboardThroughOSC52() throws {
        let t = try TUISession.seeded(body: "hello world")
        try t.start()
        try t.tmux(["set-option", "-s", "set-clipboard", "on"])
        try t.waitFor(text: "▸ Ownership")
        try t.keys("j", "l", "j", "Enter")
        try t.waitFor(text: "│ Borrowing rules")
        try t.keys("C-Home", "S-Right", "S-Right", "S-Right", "S-Right", "S-Right", "C-c")
        let deadline = TUISession.now() + (10)
        var buffer = ""
        while TUISession.now() < deadline && buffer != "hello" {
            buffer = try t.tmux(["show-buffer"])
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTAssertEqual(buffer, "hello")
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
    }

    func testCrashSignalRestoresTheTerminal() throws {
        let t = try TUISession.seeded(body: "hello world")
        try t.start()
        try t.waitFor(text: "▸ Ownership")
        XCTAssertEqual(try t.tmux(["display-message", "-p", "-t", t.name, "#{alternate_on}"]).trimmingCharacters(in: .whitespacesAndNewlines), "1")
        let pid = try XCTUnwrap(try t.appPID())
        kill(pid, SIGSEGV)
        try t.waitFor(text: "EXIT=139")
        XCTAssertEqual(try t.tmux(["display-message", "-p", "-t", t.name, "#{alternate_on}"]).trimmingCharacters(in: .whitespacesAndNewlines), "0",
                       "the alternate screen was left")
        XCTAssertEqual(try t.tmux(["display-message", "-p", "-t", t.name, "#{cursor_flag}"]).trimmingCharacters(in: .whitespacesAndNewlines), "1",
                       "the cursor is visible again")
    }
}
