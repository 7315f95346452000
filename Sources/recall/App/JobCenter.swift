import AppCore
import Foundation
import Terminal

/// The one place background work becomes a job the user can see and cancel: whoever starts work (embedding,
/// a snippet run, an install, card generation, an assistant action) calls `start` with a cancel closure and
/// reports through the returned handle; the handle posts `AppMessage.job` events to the loop. The jobs view's
/// cancel key arrives here as `JobEffect.cancel` and calls the job's closure; the job still says when it has
/// really stopped (`JobHandle.cancelled()`), so nothing is reported as stopped while it is still writing.
final class JobCenter: @unchecked Sendable {
    private let mailbox: Mailbox<AppMessage>
    private let lock = NSLock()
    private var lastId = 0
    private var cancels: [JobID: @Sendable () -> Void] = [:]

    init(mailbox: Mailbox<AppMessage>) {
        self.mailbox = mailbox
    }

    /// Registers a job and tells the app it started; `cancel` (nil: cannot be cancelled) stops the work.
    func start(_ kind: JobKind, title: String, cancel: (@Sendable () -> Void)?) -> JobHandle {
        let id = lock.withLock { () -> JobID in
            lastId += 1
            let id = JobID(lastId)
            if let cancel { cancels[id] = cancel }
            return id
        }
        mailbox.post(.job(.started(id, kind: kind, title: title, cancellable: cancel != nil)))
        return JobHandle(id: id, center: self)
    }

    /// Performs a jobs effect from the app.
    func perform(_ effect: JobEffect) {
        switch effect {
        case .cancel(let id): lock.withLock { cancels[id] }?()
        case .cancelAll: cancelAll()
        }
    }

    /// Asks every running job to stop (quitting).
    func cancelAll() {
        for cancel in lock.withLock({ Array(cancels.values) }) { cancel() }
    }

    fileprivate func post(_ event: JobEvent) {
        if case .ended(let id, _) = event { _ = lock.withLock { cancels.removeValue(forKey: id) } }
        mailbox.post(.job(event))
    }
}

/// What a running job reports through: progress, then exactly one of finish, fail or cancelled.
struct JobHandle: Sendable {
    /// The job's id.
    let id: JobID
    fileprivate let center: JobCenter

    /// Progress and/or a message (nil keeps what was there).
    func progress(_ progress: JobProgress?, _ message: String? = nil) {
        center.post(.progress(id, progress, message: message))
    }

    /// The work is done (with a closing message).
    func finish(_ message: String? = nil) { center.post(.ended(id, .finished(message: message))) }

    /// The work stopped on an error (one line: what happened, what to do).
    func fail(_ reason: String) { center.post(.ended(id, .failed(reason: reason))) }

    /// The work stopped because it was cancelled (after it has really stopped).
    func cancelled() { center.post(.ended(id, .cancelled)) }
}
