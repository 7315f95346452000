import Foundation
import TUI

/// The jobs view's state: which job is selected (by id, so it stays put while the list changes).
public struct JobsOverlay: Equatable, Sendable {
    /// The selected job, if any.
    public var selected: JobID?
}

extension App {
    /// How often the jobs view redraws elapsed times while a job runs.
    public static let jobsTickMs = 1000

    /// Applies a job centre event; keeps the jobs view's selection valid and its clock ticking.
    static func jobEvent(_ s: inout AppState, _ event: JobEvent) -> [AppEffect] {
        s.jobs.apply(event, now: s.now)
        // Quitting was put off only because such a job ran: once none runs, quit as asked.
        if case .confirm(let c)? = s.overlay, c.action == .quitCancellingJobs, !s.jobs.running.contains(where: { $0.kind.asksBeforeQuit }) {
            s.overlay = nil
            return quitNow(&s)
        }
        guard case .jobs(var o)? = s.overlay else { return [] }
        let listed = s.jobs.listed
        if o.selected.flatMap(s.jobs.job) == nil { o.selected = listed.first?.id }
        s.overlay = .jobs(o)
        if case .started = event { return [.ui(.startTimer(.jobsTick, milliseconds: jobsTickMs))] }
        return []
    }

    /// Opens the jobs view (running jobs first, then the ones that ended in the last minutes).
    static func openJobs(_ s: inout AppState) -> [AppEffect] {
        s.jobs.prune(now: s.now)
        s.assistBehindJobs = nil
        if case .assist(let o)? = s.overlay { s.assistBehindJobs = o }  // F7 from the side view: it waits underneath
        s.overlay = .jobs(JobsOverlay(selected: s.jobs.listed.first?.id))
        return s.jobs.runningCount > 0 ? [.ui(.startTimer(.jobsTick, milliseconds: jobsTickMs))] : []
    }

    /// The jobs view's clock: redraws elapsed times while the view is open and something runs.
    static func jobsTick(_ s: inout AppState) -> [AppEffect] {
        guard case .jobs? = s.overlay, s.jobs.runningCount > 0 else { return [] }
        return [.ui(.startTimer(.jobsTick, milliseconds: jobsTickMs))]
    }

    /// Keys in the jobs view: move, cancel the selected job, close.
    static func jobsOverlayKey(_ s: inout AppState, _ o: JobsOverlay, _ k: KeyEvent) -> [AppEffect] {
        let action = overlayAction(s, .jobs(o), k)
        var o = o
        let ids = s.jobs.listed.map(\.id)
        let index = o.selected.flatMap { ids.firstIndex(of: $0) } ?? 0
        func select(_ i: Int) { if !ids.isEmpty { o.selected = ids[min(max(0, i), ids.count - 1)] } }
        switch action {
        case .list(.up)?: select(index - 1)
        case .list(.down)?: select(index + 1)
        case .list(.pageUp)?: select(index - 10)
        case .list(.pageDown)?: select(index + 10)
        case .list(.close)?, .list(.accept)?:
            s.overlay = s.assistBehindJobs.map { .assist($0) }
            s.assistBehindJobs = nil
            return [.ui(.cancelTimer(.jobsTick))]
        case .run(let handler)?:
            s.overlay = .jobs(o)
            return handler(&s)
        case .list(.cycleRanking)?, .confirm?, nil:
            if k == .ctrl("q") { return quit(&s) }
        }
        s.overlay = .jobs(o)
        return []
    }

    /// Cancels the job selected in the jobs view (it says so when the job has ended or cannot be cancelled).
    static func cancelSelectedJob(_ s: inout AppState) -> [AppEffect] {
        guard case .jobs(let o)? = s.overlay, let id = o.selected, let job = s.jobs.job(id) else {
            return flash(&s, "No job selected — open the jobs view and pick a running job")
        }
        guard job.state.isRunning else { return flash(&s, "\(job.kind.label) “\(job.title)” has already ended") }
        guard job.cancellable else { return flash(&s, "\(job.kind.label) “\(job.title)” cannot be cancelled", error: true) }
        guard s.jobs.requestCancel(id) else { return flash(&s, "Already cancelling \(job.kind.label) “\(job.title)”") }
        return [.jobs(.cancel(id))] + flash(&s, "Cancelling \(job.kind.label) “\(job.title)”…")
    }

    /// `0:07`, `12:03`, `1:02:03`.
    public static func formatElapsed(_ seconds: TimeInterval) -> String {
        let total = Int(max(0, seconds).rounded(.down))
        let h = total / 3600, m = (total % 3600) / 60, sec = total % 60
        let ss = sec < 10 ? "0\(sec)" : "\(sec)"
        if h > 0 { return "\(h):\(m < 10 ? "0\(m)" : "\(m)"):\(ss)" }
        return "\(m):\(ss)"
    }
}
