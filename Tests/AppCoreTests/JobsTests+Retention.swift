import Foundation
import TUI
import XCTest
@testable import AppCore

/// README: "ended jobs keep their last message (a failed one says why) for 10 minutes".
extension JobsTests {
    func testGivenAnEndedJob_whenAlmostTenMinutesPass_thenItsMessageIsStillListed_andJustAfterTenMinutesItIsGone() {
        var s = Fixture.state()
        func at(_ seconds: TimeInterval, _ e: JobEvent) { _ = App.update(&s, .job(e), now: Fixture.now.addingTimeInterval(seconds)) }
        at(0, .started(JobID(1), kind: .snippetRun, title: "slow.py", cancellable: true))
        at(5, .ended(JobID(1), .failed(reason: "the runner for python is missing — install python3")))
        at(5 + 9 * 60 + 50, .started(JobID(2), kind: .embedding, title: "first", cancellable: true))
        XCTAssertEqual(s.jobs.jobs.map(\.id), [JobID(1), JobID(2)], "kept for 9 min 50 s")
        Fixture.press(&s, "f7")
        XCTAssertTrue(Fixture.screen(s).joined(separator: "\n").contains("the runner for python is missing — install python3"))
        Fixture.press(&s, "esc")
        at(5 + 10 * 60 + 10, .started(JobID(3), kind: .embedding, title: "second", cancellable: true))
        XCTAssertEqual(s.jobs.jobs.map(\.id), [JobID(2), JobID(3)], "gone after 10 min 10 s")
    }
}
