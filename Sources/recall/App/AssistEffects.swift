import AppCore
import Execution
import Foundation
import Grounding
import LLM
import Notebook
import RecallKit
import Store
import Terminal

/// Performs the assistant's effects: runs an action with the shared `AssistService` (the same as `recall assist`,
/// with the chat model picked in the app) as a job in the jobs view, streaming the reply to the side view; stops
/// it on Esc or the jobs view's cancel (nothing is written); creates the new snippet of an accepted proposal (its
/// first revision with origin `assistant`) on the store's queue.
final class AssistEffects: @unchecked Sendable {
    private let db: AppDatabase
    private let store: StoreQueue
    private let environment: [String: String]
    private let jobs: JobCenter
    private let lock = NSLock()
    private var running: [Int: Task<Void, Never>] = [:]
    private var testRuns: [Int: RunHandle] = [:]

    init(db: AppDatabase, store: StoreQueue, environment: [String: String], jobs: JobCenter) {
        self.db = db
        self.store = store
        self.environment = environment
        self.jobs = jobs
    }

    /// Performs one assistant effect.
    func perform(_ effect: AssistEffect) {
        switch effect {
        case .run(let request): run(request)
        case .cancel(let id):
            lock.withLock { running[id] }?.cancel()
            lock.withLock { testRuns[id] }?.cancel()
        case .runTests(let id, let snippetId, let code): runTests(id, snippetId: snippetId, code: code)
        case .create(let new):
            store.async { db in
                guard let source = try db.snippet(id: new.sourceSnippetId) else {
                    return .failure("The snippet the proposal was made from is gone — nothing was created")
                }
                let created = try db.createSnippet(notebookID: source.notebookID, title: new.title, kind: new.kind,
                                                   language: new.language, body: new.body, origin: .assistant)
                return .created(.snippet(created.id))
            }
        }
    }

    /// Stops every running action and test run (on quit), waiting up to `deadline` seconds for the test runs'
    /// process groups to end, so no generated test outlives the app.
    func cancelAll(deadline: TimeInterval = 5) {
        for task in lock.withLock({ Array(running.values) }) { task.cancel() }
        for h in lock.withLock({ Array(testRuns.values) }) { h.cancel() }
        let end = Date().addingTimeInterval(deadline)
        while lock.withLock({ !testRuns.isEmpty }) && Date() < end { usleep(10_000) }
    }

    /// Runs the snippet followed by its generated tests with the snippet runner (limits, scratch folder and the
    /// notebook's environment as for any run) as a job; nothing is saved.
    private func runTests(_ id: Int, snippetId: String, code: String) {
        let handle = RunHandle()
        lock.withLock { testRuns[id] = handle }
        let (db, mailbox, jobs, environment) = (self.db, store.mailbox, self.jobs, self.environment)
        DispatchQueue.global(qos: .userInitiated).async { [weak self] in
            defer { _ = self?.lock.withLock { self?.testRuns.removeValue(forKey: id) } }
            func fail(_ why: String) { mailbox.post(.assist(requestId: id, .testsRan(.failed(why)))) }
            guard var snippet = try? db.snippet(id: snippetId) else { return fail("the snippet is gone") }
            snippet.body = code
            snippet.contentHash = ContentHash.of(code)
            let job = jobs.start(.snippetRun, title: "tests of “\(snippet.title)”", cancel: { handle.cancel() })
            do {
                let runner = try SnippetRunner.forDatabase(db.path, configDirectory: RecallPaths.configDirectory(environment: environment),
                                                           environment: environment)
                let request = RunRequest(snippet: snippet, notebookSnippets: (try? db.snippets(inNotebook: snippet.notebookID)) ?? [])
                let outcome = try runner.run(request, limits: try RunSettings.load(environment: environment), handle: handle) { _ in }
                let output = outcome.transcript.map(\.text).joined()
                mailbox.post(.assist(requestId: id, .testsRan(.ran(AssistTestsRun(exitCode: outcome.exitCode, summary: outcome.summary, output: output)))))
                if outcome.killed == .cancelled { job.cancelled() } else { job.finish(outcome.summary) }
            } catch {
                job.fail("\(error)")
                fail("\(error)")
            }
        }
    }

    private func service() throws -> AssistService {
        let picked = try? db.setting(ModelEffects.chatModelKey)
        let profile = try LLMConfigLoader.load(environment: environment, overrides: LLMOverrides(chatModel: picked ?? nil))
        return try AssistService.make(profile: profile, environment: environment,
                                      queryLog: try QueryLog.open(databasePath: db.path, origin: .app, profile: profile, environment: environment))
    }

    private func run(_ request: AssistRunRequest) {
        let mailbox = store.mailbox
        let id = request.requestId
        let service: AssistService
        do { service = try self.service() } catch {
            mailbox.post(.assist(requestId: id, .failed("cannot start: \(error)")))
            return
        }
        let gate = TaskGate()
        let job = jobs.start(.assistantAction, title: "\(request.action.title) “\(request.subject.title)”") { gate.cancel() }
        let task = Task.detached(priority: .userInitiated) { [weak self] in
            defer { self?.forget(id) }
            let written = Counter()
            do {
                let result = try await service.run(request.action, on: request.subject) { text in
                    mailbox.post(.assist(requestId: id, .delta(text)))
                    let n = written.add(text.count)
                    job.progress(nil, "\(n) characters from \(service.services.profile.chatModel)")
                }
                mailbox.post(.assist(requestId: id, .finished(result.proposal, model: result.model)))
                job.finish("proposal ready (\(result.proposal.text.count) characters) — accept or reject it in the side view")
            } catch AssistFailure.cancelled {
                mailbox.post(.assist(requestId: id, .cancelled))
                job.cancelled()
            } catch {
                mailbox.post(.assist(requestId: id, .failed("\(error)")))
                job.fail("\(error)")
            }
        }
        gate.set(task)
        lock.withLock { running[id] = task }
    }

    private func forget(_ id: Int) {
        _ = lock.withLock { running.removeValue(forKey: id) }
    }
}

/// Lets a cancel that arrives before the task is stored still cancel it.
private final class TaskGate: @unchecked Sendable {
    private let lock = NSLock()
    private var task: Task<Void, Never>?
    private var cancelled = false

    func set(_ t: Task<Void, Never>) {
        let cancel = lock.withLock { () -> Bool in task = t; return cancelled }
        if cancel { t.cancel() }
    }

    func cancel() {
        let t = lock.withLock { () -> Task<Void, Never>? in cancelled = true; return task }
        t?.cancel()
    }
}

/// A running count shared with a callback.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func add(_ n: Int) -> Int { lock.withLock { value += n; return value } }
}
