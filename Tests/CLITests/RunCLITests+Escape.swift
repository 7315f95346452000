import Foundation
import TestSupport
import XCTest

/// A snippet's child that leaves the process group (`setsid`, as a daemon does) and ignores SIGTERM used to live on
/// after the run, holding its resources forever; every process a run starts is now killed at its end.
extension RunCLITests {
    func testGivenAChildThatLeavesTheProcessGroup_whenTheRunEndsOrTimesOut_thenTheChildIsKilledToo() throws {
        let pids = cli.path("pids")
        let daemon = """
            import os, signal, sys, time
            def spawn():
                if os.fork() == 0:
                    os.setsid()
                    signal.signal(signal.SIGTERM, signal.SIG_IGN)
                    if os.fork() == 0:
                        with open(%r, "a") as f: f.write(str(os.getpid()) + "\\n")
                        while True: time.sleep(1)
                    os._exit(0)
            spawn()
            time.sleep(0.5)
            print("started", flush=True)
            """.replacingOccurrences(of: "%r", with: "'\(pids)'")
        let ids = try importSnippets([("leaves", "python", daemon), ("hangs", "python", daemon + "\ntime.sleep(300)")])
        let ended = try cli.run(["run", try XCTUnwrap(ids["leaves"])], deadline: 120)
        XCTAssertEqual(ended.status, 0, "\(ended)")
        let timedOut = try cli.run(["run", try XCTUnwrap(ids["hangs"]), "--timeout", "3"], deadline: 120)
        XCTAssertEqual(timedOut.status, 124, "\(timedOut)")
        let started = try String(contentsOfFile: pids, encoding: .utf8).split(separator: "\n").compactMap { Int32($0) }
        XCTAssertEqual(started.count, 2, "each snippet started its daemon")
        for pid in started {
            let gone = waitGone(pid, deadline: 10)
            if !gone { kill(pid, SIGKILL) }
            XCTAssertTrue(gone, "process \(pid) left the process group and outlived the run")
        }
    }
}
