import Foundation

/// A background job's id, handed out by the one job centre that starts jobs (unique while the app runs).
public struct JobID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The number (increasing in start order).
    public let value: Int

    /// Wraps a job number.
    public init(_ value: Int) { self.value = value }

    /// Orders by start.
    public static func < (a: JobID, b: JobID) -> Bool { a.value < b.value }

    /// `#7`.
    public var description: String { "#\(value)" }
}

/// What kind of background work a job is.
public enum JobKind: String, CaseIterable, Hashable, Sendable {
    /// Embedding new and changed chunks for vector search.
    case embedding
    /// Running a code snippet.
    case snippetRun
    /// Installing a notebook's requirements into its environment.
    case packageInstall
    /// Generating flashcards with the model.
    case cardGeneration
    /// An assistant action (summarize, explain, refactor, tests) on a snippet.
    case assistantAction

    /// The label the jobs view shows.
    public var label: String {
        switch self {
        case .embedding: return "Embedding"
        case .snippetRun: return "Run"
        case .packageInstall: return "Install"
        case .cardGeneration: return "Cards"
        case .assistantAction: return "Assistant"
        }
    }

    /// Whether quitting while a job of this kind runs asks first. Embedding does not: it is cancelled between
    /// batches (each saved in one transaction) and resumes at the next start, so nothing is lost.
    public var asksBeforeQuit: Bool {
        switch self {
        case .embedding: return false
        case .snippetRun, .packageInstall, .cardGeneration, .assistantAction: return true
        }
    }
}

/// How far a job has come, when it knows.
public enum JobProgress: Hashable, Sendable, CustomStringConvertible {
    /// A fraction from 0 to 1.
    case fraction(Double)
    /// Items done out of a total (batches, chunks, packages).
    case counts(done: Int, total: Int)

    /// 0…1.
    public var fraction: Double {
        switch self {
        case .fraction(let f): return min(1, max(0, f.isFinite ? f : 0))
        case .counts(let done, let total): return total > 0 ? min(1, max(0, Double(done) / Double(total))) : 0
        }
    }

    /// `40/118 (33%)` or `33%`.
    public var description: String {
        let percent = Int((fraction * 100).rounded(.down))
        switch self {
        case .fraction: return "\(percent)%"
        case .counts(let done, let total): return "\(done)/\(total) (\(percent)%)"
        }
    }
}

/// Where a job is in its life.
public enum JobState: Hashable, Sendable {
    /// Still working.
    case running
    /// Done; its last message says what came of it.
    case finished
    /// Stopped on an error; the reason says why (one line, what happened and what to do).
    case failed(reason: String)
    /// Stopped because the user (or quitting) cancelled it.
    case cancelled

    /// True while it runs.
    public var isRunning: Bool { self == .running }
}

/// One background job as the jobs view shows it.
public struct Job: Hashable, Sendable {
    /// Its id.
    public var id: JobID
    /// What kind of work.
    public var kind: JobKind
    /// What it works on ("double.py", "3 notebooks").
    public var title: String
    /// Progress, when the work knows it.
    public var progress: JobProgress?
    /// When it started.
    public var started: Date
    /// When it ended (nil while running).
    public var ended: Date?
    /// Running, finished, failed or cancelled.
    public var state: JobState
    /// The last thing it said.
    public var message: String?
    /// Whether it can be cancelled.
    public var cancellable: Bool
    /// True once a cancel was asked for and the job has not stopped yet.
    public var cancelRequested = false

    /// Seconds it has run (until `now` while running).
    public func elapsed(now: Date) -> TimeInterval { max(0, (ended ?? now).timeIntervalSince(started)) }
}

/// How a job ended.
public enum JobEnd: Hashable, Sendable {
    /// It did its work (with a closing message, e.g. "embedded 118 chunks").
    case finished(message: String?)
    /// It failed, and why.
    case failed(reason: String)
    /// It was cancelled.
    case cancelled
}

/// What the job centre reports about a job (posted as `AppMessage.job`).
public enum JobEvent: Hashable, Sendable {
    /// A job started.
    case started(JobID, kind: JobKind, title: String, cancellable: Bool)
    /// A job made progress or has something to say (nil fields keep what was there).
    case progress(JobID, JobProgress?, message: String?)
    /// A job ended.
    case ended(JobID, JobEnd)
}

/// The jobs the app knows about: running ones, and ended ones for a while (their last message stays readable).
public struct JobList: Hashable, Sendable {
    /// Every known job, in start order.
    public private(set) var jobs: [Job] = []

    /// Ended jobs stay this long after they end.
    public static let keepEnded: TimeInterval = 10 * 60
    /// At most this many ended jobs are kept (the oldest go first).
    public static let maxEnded = 30

    /// An empty list.
    public init() {}

    /// The running jobs.
    public var running: [Job] { jobs.filter { $0.state.isRunning } }

    /// How many jobs run.
    public var runningCount: Int { jobs.reduce(0) { $0 + ($1.state.isRunning ? 1 : 0) } }

    /// Jobs as the view lists them: running first, then ended, newest first in each.
    public var listed: [Job] {
        jobs.filter { $0.state.isRunning }.reversed() + jobs.filter { !$0.state.isRunning }.reversed()
    }

    /// The job with this id.
    public func job(_ id: JobID) -> Job? { jobs.first { $0.id == id } }

    /// Applies an event at time `now`; events for unknown jobs (already dropped) are ignored, except `started`.
    public mutating func apply(_ event: JobEvent, now: Date) {
        switch event {
        case .started(let id, let kind, let title, let cancellable):
            guard job(id) == nil else { return }
            jobs.append(Job(id: id, kind: kind, title: title, progress: nil, started: now, ended: nil, state: .running,
                            message: nil, cancellable: cancellable))
        case .progress(let id, let progress, let message):
            update(id) { job in
                guard job.state.isRunning else { return }
                if let progress { job.progress = progress }
                if let message { job.message = message }
            }
        case .ended(let id, let end):
            update(id) { job in
                guard job.state.isRunning else { return }
                job.ended = now
                job.cancelRequested = false
                switch end {
                case .finished(let message):
                    job.state = .finished
                    if let message { job.message = message }
                case .failed(let reason):
                    job.state = .failed(reason: reason)
                    job.message = reason
                case .cancelled:
                    job.state = .cancelled
                    job.message = "cancelled" + (job.message.map { " — \($0)" } ?? "")
                }
            }
        }
        prune(now: now)
    }

    /// Marks a running, cancellable job as being cancelled; false when it cannot be (ended, or not cancellable).
    public mutating func requestCancel(_ id: JobID) -> Bool {
        guard let job = job(id), job.state.isRunning, job.cancellable, !job.cancelRequested else { return false }
        update(id) { $0.cancelRequested = true }
        return true
    }

    /// Drops ended jobs older than `keepEnded`, and the oldest ended ones beyond `maxEnded`.
    public mutating func prune(now: Date) {
        jobs.removeAll { job in
            guard let ended = job.ended else { return false }
            return now.timeIntervalSince(ended) > Self.keepEnded
        }
        var excess = jobs.filter { !$0.state.isRunning }.count - Self.maxEnded
        if excess > 0 {
            jobs.removeAll { job in
                guard excess > 0, !job.state.isRunning else { return false }
                excess -= 1
                return true
            }
        }
    }

    private mutating func update(_ id: JobID, _ change: (inout Job) -> Void) {
        guard let i = jobs.firstIndex(where: { $0.id == id }) else { return }
        change(&jobs[i])
    }
}
