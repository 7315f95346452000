import AppCore
import Execution
import Foundation
import Notebook
import RecallKit
import Store
import Terminal

/// Runs code snippets for the app: each run is a job (and a requirements install a second one), its output is
/// posted to the loop in small batches, and its outcome is saved as the snippet's last run.
final class RunEffects: @unchecked Sendable {
    private let db: AppDatabase
    private let mailbox: Mailbox<AppMessage>
    private let jobs: JobCenter
    private let runner: Result<SnippetRunner, RunError>
    private let environment: [String: String]
    private let lock = NSLock()
    private var handles: [Int: RunHandle] = [:]

    init(db: AppDatabase, mailbox: Mailbox<AppMessage>, jobs: JobCenter, environment: [String: String]) {
        self.db = db
        self.mailbox = mailbox
        self.jobs = jobs
        self.environment = environment
        do {
            runner = .success(try SnippetRunner.forDatabase(db.path, configDirectory: RecallPaths.configDirectory(environment: environment),
                                                            environment: environment))
        } catch let e as RunError { runner = .failure(e) } catch { runner = .failure(.runnersFile(path: "runners.toml", reason: "\(error)")) }
    }

    /// Performs a run effect.
    func perform(_ effect: RunEffect) {
        switch effect {
        case .start(let id, let snippetId, let body): start(id, snippetId: snippetId, body: body)
        case .cancel(let id): lock.withLock { handles[id] }?.cancel()
        case .loadLast(let snippetId):
            let (db, mailbox) = (self.db, self.mailbox)
            DispatchQueue.global(qos: .userInitiated).async {
                guard let saved = try? db.lastRun(snippetID: snippetId) else { return mailbox.post(.lastRun(snippetId: snippetId, nil)) }
                let current = try? db.snippet(id: snippetId)?.contentHash
                mailbox.post(.lastRun(snippetId: snippetId, LastRun(outcome: saved.outcome, startedAt: saved.startedAt,
                                                                    stale: current != nil && current != saved.contentHash)))
            }
        }
    }

    /// Stops every run (quitting) and waits, up to `deadline` seconds, until each has killed its process group and
    /// ended, so no snippet outlives the app.
    func cancelAll(deadline: TimeInterval = 5) {
        for h in lock.withLock({ Array(handles.values) }) { h.cancel() }
        let end = Date().addingTimeInterval(deadline)
        while lock.withLock({ !handles.isEmpty }) && Date() < end { usleep(10_000) }  // bounded wait for the runners' exit
    }

    private func start(_ id: Int, snippetId: String, body: String?) {
        let handle = RunHandle()
        lock.withLock { handles[id] = handle }
        let (db, mailbox, jobs, runner, environment) = (self.db, self.mailbox, self.jobs, self.runner, self.environment)
        Thread.detachNewThread { [weak self] in
            defer { _ = self?.lock.withLock { self?.handles.removeValue(forKey: id) } }
            func fail(_ message: String) { mailbox.post(.run(requestId: id, .failed(message))) }
            let service: SnippetRunner
            switch runner {
            case .success(let r): service = r
            case .failure(let e): return fail(e.description)
            }
            guard var snippet = try? db.snippet(id: snippetId) else { return fail("the snippet is gone — pick another one in the navigator") }
            if let body { snippet.body = body; snippet.contentHash = ContentHash.of(body) }
            let siblings = (try? db.snippets(inNotebook: snippet.notebookID)) ?? []
            let request = RunRequest(snippet: snippet, notebookSnippets: siblings)
            let job = jobs.start(.snippetRun, title: snippet.title, cancel: { handle.cancel() })
            var install: JobHandle?
            let batch = OutputBatcher { chunks in mailbox.post(.run(requestId: id, .output(chunks))) }
            let started = Date()
            do {
                let limits: RunLimits
                do { limits = try RunSettings.load(environment: environment) } catch {
                    job.fail("\(error)")
                    return fail("\(error)")
                }
                let outcome = try service.run(request, limits: limits, handle: handle) { p in
                    switch p {
                    case .step(let text):
                        mailbox.post(.run(requestId: id, .step(text)))
                        job.progress(nil, text)
                    case .installing:
                        mailbox.post(.run(requestId: id, .step(RunProgress.installingText)))
                        job.progress(nil, RunProgress.installingText)
                        install = jobs.start(.packageInstall, title: "requirements of “\(snippet.title)”", cancel: { handle.cancel() })
                    case .installLine(let line): install?.progress(nil, String(line.prefix(120)))
                    case .installed:
                        install?.finish("requirements installed")
                        install = nil
                    case .output(let chunk): batch.add(chunk)
                    }
                }
                batch.flush()
                if !request.isRequirements {
                    try? db.saveRun(SavedRun(snippetID: snippet.id, contentHash: snippet.contentHash, language: snippet.language ?? "",
                                             startedAt: started, outcome: outcome))
                }
                mailbox.post(.run(requestId: id, .finished(outcome)))
                if outcome.killed == .cancelled { job.cancelled() } else { job.finish(outcome.summary) }
            } catch let e as RunError {
                batch.flush()
                if case .installCancelled = e { install?.cancelled(); job.cancelled() } else { install?.fail(e.description); job.fail(e.description) }
                fail(e.description)
            } catch {
                job.fail("\(error)")
                fail("\(error)")
            }
        }
    }
}

/// Collects output pieces and posts them at most every 30 ms, so a program printing thousands of short lines
/// does not wake the loop for each one.
final class OutputBatcher: @unchecked Sendable {
    private let lock = NSLock()
    private var pending: [OutputChunk] = []
    private var scheduled = false
    private let post: @Sendable ([OutputChunk]) -> Void

    init(post: @escaping @Sendable ([OutputChunk]) -> Void) { self.post = post }

    /// Adds a piece; a flush is scheduled if none is.
    func add(_ chunk: OutputChunk) {
        let schedule = lock.withLock { () -> Bool in
            pending.append(chunk)
            defer { scheduled = true }
            return !scheduled
        }
        if schedule { DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(30)) { [weak self] in self?.flush() } }
    }

    /// Posts what is pending now.
    func flush() {
        let chunks = lock.withLock { () -> [OutputChunk] in
            defer { pending = []; scheduled = false }
            return pending
        }
        if !chunks.isEmpty { post(chunks) }
    }
}
