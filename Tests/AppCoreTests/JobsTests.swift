import Foundation
import TUI
import XCTest
@testable import AppCore

/// The jobs model and view, driven as the loop drives them: job centre events in, keys in, effects and screen out.
final class JobsTests: XCTestCase {
    private func post(_ s: inout AppState, _ event: JobEvent, at seconds: TimeInterval = 0) -> [AppEffect] {
        App.update(&s, .job(event), now: Fixture.now.addingTimeInterval(seconds))
    }

    func testGivenARunningJob_whenTheJobsViewOpens_thenItListsKindTitleProgressAndElapsedTime_andTheStatusLineCountsIt() {
        var s = Fixture.state()
        _ = post(&s, .started(JobID(1), kind: .embedding, title: "118 chunks with all-minilm", cancellable: true))
        _ = post(&s, .progress(JobID(1), .counts(done: 40, total: 118), message: nil), at: 12)
        XCTAssertTrue(Fixture.screen(s).last!.contains("jobs 1 running"), Fixture.screen(s).last!)

        let fx = App.update(&s, .key(KeyEvent(name: "f7")!), now: Fixture.now.addingTimeInterval(12))
        XCTAssertEqual(fx, [.ui(.startTimer(.jobsTick, milliseconds: App.jobsTickMs))], "elapsed times tick while a job runs")
        let screen = Fixture.screen(s).joined(separator: "\n")
        XCTAssertTrue(screen.contains("Jobs — 1 running"), screen)
        XCTAssertTrue(screen.contains("Embedding"), screen)
        XCTAssertTrue(screen.contains("118 chunks with all-minilm"), screen)
        XCTAssertTrue(screen.contains("[###-------] 40/118 (33%)  0:12  running"), screen)
        // The status line names only keys that work under the view: none of the pane keys, so no key-less labels.
        let status = Fixture.screen(s).last!
        XCTAssertFalse(status.contains("next pane") || status.contains("commands"), status)
        Fixture.press(&s, "esc")
        XCTAssertTrue(Fixture.screen(s).last!.contains("next pane"), "back in a pane, its keys show again")
    }

    func testGivenTheJobsView_whenCancelIsPressedOnARunningJob_thenTheCancelEffectGoesOut_andTheJobEndsCancelledWhenItStops() {
        var s = Fixture.state()
        _ = post(&s, .started(JobID(3), kind: .snippetRun, title: "slow.py", cancellable: true))
        Fixture.press(&s, "f7")
        let fx = Fixture.press(&s, "c")
        XCTAssertTrue(fx.contains(.jobs(.cancel(JobID(3)))), "\(fx)")
        XCTAssertTrue(Fixture.screen(s).joined().contains("cancelling…"))
        XCTAssertFalse(Fixture.press(&s, "c").contains(.jobs(.cancel(JobID(3)))), "a second press does not cancel twice")

        _ = post(&s, .ended(JobID(3), .cancelled), at: 2)
        XCTAssertEqual(s.jobs.job(JobID(3))?.state, .cancelled)
        XCTAssertEqual(s.jobs.runningCount, 0)
        XCTAssertFalse(Fixture.screen(s).last!.contains("jobs "), "no count once nothing runs")
        XCTAssertTrue(Fixture.press(&s, "c").isEmpty == false, "pressing cancel on an ended job says so")
        XCTAssertEqual(s.status.message?.text, "Run “slow.py” has already ended")
    }

    func testGivenAFailedJob_whenTheViewIsShown_thenItSaysWhy_andEndedJobsStayForAWhileThenGo() {
        var s = Fixture.state()
        _ = post(&s, .started(JobID(1), kind: .assistantAction, title: "Refactor double.py", cancellable: true))
        _ = post(&s, .ended(JobID(1), .failed(reason: "the model server is not reachable at http://127.0.0.1:9 — start it")), at: 3)
        _ = post(&s, .started(JobID(2), kind: .cardGeneration, title: "Ownership", cancellable: false), at: 4)
        _ = post(&s, .ended(JobID(2), .finished(message: "5 cards proposed")), at: 9)
        Fixture.press(&s, "f7")
        let screen = Fixture.screen(s).joined(separator: "\n")
        XCTAssertTrue(screen.contains("failed"), screen)
        XCTAssertTrue(screen.contains("the model server is not reachable at http://127.0.0.1:9 — start it"), screen)
        XCTAssertTrue(screen.contains("5 cards proposed"), screen)
        XCTAssertTrue(screen.contains("0:05  done"), screen)

        _ = post(&s, .started(JobID(9), kind: .embedding, title: "later", cancellable: true), at: JobList.keepEnded + 10)
        XCTAssertEqual(s.jobs.jobs.map(\.id), [JobID(9)], "ended jobs are dropped after \(JobList.keepEnded) s")
    }

    func testGivenAnAssistantJobRunning_whenQuitting_thenTheAppAsks_andYesCancelsEveryJobAndQuits() {
        var s = Fixture.state()
        _ = post(&s, .started(JobID(1), kind: .assistantAction, title: "Summarize notes", cancellable: true))
        XCTAssertEqual(Fixture.press(&s, "ctrl-q"), [])
        guard case .confirm(let c)? = s.overlay else { return XCTFail("quitting asks while a job runs") }
        XCTAssertTrue(c.question.contains("Assistant “Summarize notes” is still running"), c.question)
        XCTAssertFalse(s.quitting)

        Fixture.press(&s, "n")
        XCTAssertFalse(s.quitting, "no keeps the app and the job")
        Fixture.press(&s, "ctrl-q")
        let fx = Fixture.press(&s, "y")
        XCTAssertTrue(s.quitting)
        XCTAssertEqual(fx.suffix(2), [.jobs(.cancelAll), .ui(.quit)])
    }

    func testGivenTheQuitQuestionIsOpen_whenTheLastJobEnds_thenTheAppQuitsAsAsked() {
        var s = Fixture.state()
        _ = post(&s, .started(JobID(1), kind: .snippetRun, title: "tests", cancellable: true))
        Fixture.press(&s, "ctrl-q")
        XCTAssertFalse(s.quitting)
        let fx = post(&s, .ended(JobID(1), .finished(message: "exit 0")), at: 1)
        XCTAssertTrue(s.quitting)
        XCTAssertNil(s.overlay)
        XCTAssertEqual(fx.last, .ui(.quit))
    }

    func testGivenOnlyEmbeddingRunning_whenQuitting_thenItQuitsWithoutAsking_andCancelsTheEmbedding() {
        var s = Fixture.state()
        _ = post(&s, .started(JobID(1), kind: .embedding, title: "10 chunks", cancellable: true))
        let fx = Fixture.press(&s, "ctrl-q")
        XCTAssertTrue(s.quitting)
        XCTAssertEqual(fx.suffix(2), [.jobs(.cancelAll), .ui(.quit)])
    }

    func testGivenAJobThatCannotBeCancelled_whenCancelIsPressed_thenNothingIsSentAndTheViewSaysSo() {
        var s = Fixture.state()
        _ = post(&s, .started(JobID(5), kind: .packageInstall, title: "requirements", cancellable: false))
        Fixture.press(&s, "f7")
        let fx = Fixture.press(&s, "c")
        XCTAssertFalse(fx.contains { if case .jobs = $0 { return true } else { return false } })
        XCTAssertEqual(s.status.message?.text, "Install “requirements” cannot be cancelled")
        XCTAssertEqual(Fixture.press(&s, "esc"), [.ui(.cancelTimer(.jobsTick))])
        XCTAssertNil(s.overlay)
    }

    func testGivenSeveralJobs_whenMovingInTheView_thenTheSelectionFollowsAndCancelHitsTheSelectedOne() {
        var s = Fixture.state()
        _ = post(&s, .started(JobID(1), kind: .snippetRun, title: "a.py", cancellable: true))
        _ = post(&s, .started(JobID(2), kind: .snippetRun, title: "b.py", cancellable: true))
        Fixture.press(&s, "f7")
        guard case .jobs(let o)? = s.overlay else { return XCTFail() }
        XCTAssertEqual(o.selected, JobID(2), "the newest running job is first")
        XCTAssertTrue(Fixture.press(&s, "j", "c").contains(.jobs(.cancel(JobID(1)))))
    }

    func testGivenProgressValues_whenDescribed_thenFractionsAreClampedAndCountsShowBoth() {
        XCTAssertEqual(JobProgress.counts(done: 1, total: 3).description, "1/3 (33%)")
        XCTAssertEqual(JobProgress.fraction(1.7).description, "100%")
        XCTAssertEqual(JobProgress.fraction(.nan).fraction, 0)
        XCTAssertEqual(JobProgress.counts(done: 0, total: 0).fraction, 0)
        XCTAssertEqual(App.formatElapsed(7), "0:07")
        XCTAssertEqual(App.formatElapsed(3723), "1:02:03")
    }
}
