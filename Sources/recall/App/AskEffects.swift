import AppCore
import Dispatch
import Foundation
import Grounding
import LLM
import RecallKit
import Store
import Terminal

/// Performs the Ask pane's effects off the main thread with the shared `AskService` (the same service as
/// `recall ask`): retrieval through the one planner, the relevance gate, the streamed answer, the citation check
/// and the saved history. Updates go to the mailbox tagged with the request id; a newer request or Esc cancels
/// the running one (its partial answer is kept).
final class AskEffects: @unchecked Sendable {
    private let db: AppDatabase
    private let mailbox: Mailbox<AppMessage>
    private let environment: [String: String]
    private let planner: RetrievalPlanner
    private let lock = NSLock()
    private var running: [Int: AskHandle] = [:]
    private var threadID: String?

    init(db: AppDatabase, mailbox: Mailbox<AppMessage>, environment: [String: String], planner: RetrievalPlanner) {
        self.db = db
        self.mailbox = mailbox
        self.environment = environment
        self.planner = planner
    }

    /// Performs one Ask effect.
    func perform(_ effect: AskEffect) {
        switch effect {
        case .ask(let q): ask(q)
        case .cancel(let id):
            lock.lock()
            let handle = running.removeValue(forKey: id)
            let arenaTask = arenaRounds.removeValue(forKey: id)
            lock.unlock()
            handle?.cancel()
            arenaTask?.cancel()
        case .arena(let q): arena(q)
        case .listArenaProfiles(let setup):
            DispatchQueue.global(qos: .userInitiated).async { [self] in
                let listed = Result { try arenaProfileList() }.mapError { ArenaProfilesError("\($0)") }
                mailbox.post(.arenaProfiles(setup, listed))
            }
        case .arenaVote(let round, let choice):
            DispatchQueue.global(qos: .userInitiated).async { [db, mailbox] in
                do { try db.voteArenaRound(id: round, vote: ArenaVote(rawValue: choice.rawValue) ?? .tie) } catch {
                    mailbox.post(.failure("Could not save the vote: \(error)"))
                }
            }
        case .loadHistory:
            DispatchQueue.global(qos: .userInitiated).async { [db, mailbox] in
                do {
                    let entries = try db.askHistory(limit: 200).compactMap(AskEffects.entry)
                    mailbox.post(.askHistory(entries))
                } catch {
                    mailbox.post(.failure("Cannot read the saved answers: \(error)"))
                }
            }
        case .saveAnswer(let a): save(a)
        }
    }

    /// Stops every running request (on quit).
    func cancelAll() {
        lock.lock()
        let handles = Array(running.values)
        let rounds = Array(arenaRounds.values)
        running = [:]
        arenaRounds = [:]
        lock.unlock()
        handles.forEach { $0.cancel() }
        rounds.forEach { $0.cancel() }
    }

    /// Running arena rounds by request id.
    private var arenaRounds: [Int: Task<Void, Never>] = [:]

    /// The profile in use (with the chat model picked in the app).
    private func profileInUse() throws -> LLMProfile {
        let picked = try? db.setting(ModelEffects.chatModelKey)
        return try LLMConfigLoader.load(environment: environment, overrides: LLMOverrides(chatModel: picked ?? nil))
    }

    /// The profiles the arena can ask: the one in use, then config.toml's `[profiles.NAME]` tables by name; the
    /// suggested second one is `RECALL_ARENA_PROFILE`, else the first whose chat model differs from the one in use.
    private func arenaProfileList() throws -> ArenaProfileList {
        let first = try profileInUse()
        var options = [ArenaProfileOption(name: first.name, model: first.chatModel, inUse: true)]
        let file = try LLMConfigLoader.readFile(environment: environment)
        for name in (file?.profiles.keys.sorted() ?? []) where name != first.name {
            let p = try LLMConfigLoader.load(environment: environment, overrides: LLMOverrides(profile: name))
            options.append(ArenaProfileOption(name: name, model: p.chatModel))
        }
        let env = environment["RECALL_ARENA_PROFILE"].flatMap { $0.isEmpty ? nil : $0 }
        let suggested = env ?? options.first { !$0.inUse && $0.model != first.chatModel }?.name
        return ArenaProfileList(options: options, suggestedB: suggested, configPath: LLMConfigLoader.configPath(environment: environment))
    }

    /// The chosen profile: the one in use keeps the chat model picked in the app.
    private func arenaProfile(_ name: String) throws -> LLMProfile {
        let first = try profileInUse()
        if name == first.name { return first }
        return try LLMConfigLoader.load(environment: environment, overrides: LLMOverrides(profile: name))
    }

    private func arena(_ q: ArenaQuery) {
        let id = q.requestId
        var (first, second): (LLMProfile, LLMProfile)
        let service: ArenaService
        do {
            (first, second) = (try arenaProfile(q.pair.a), try arenaProfile(q.pair.b))
            if q.blind && Bool.random() { swap(&first, &second) }
            let template = try AskPromptFile.load(environment: environment)
            let log = try QueryLog.open(databasePath: db.path, origin: .app, profile: first, environment: environment)
            func ask(_ p: LLMProfile) -> AskService {
                AskService(db: db, services: LLMServices(profile: p, environment: environment), planner: planner, template: template, queryLog: log)
            }
            service = ArenaService(db: db, a: ask(first), b: ask(second))
        } catch {
            mailbox.post(.arena(requestId: id, .failed("\(error)")))
            return
        }
        mailbox.post(.arena(requestId: id, .started(a: ArenaSideInfo(profile: first.name, model: first.chatModel),
                                                   b: ArenaSideInfo(profile: second.name, model: second.chatModel))))
        let scope: RecallKit.AskScope
        switch q.scope {
        case .all: scope = .all
        case .project(let pid, _): scope = .project(id: pid)
        case .notebook(let nid, _): scope = .notebook(id: nid)
        }
        let mailbox = self.mailbox
        let task = Task.detached { [weak self] in
            do {
                let result = try await service.run(question: q.question, scope: scope, blind: q.blind) { side, event in
                    let slot: ArenaSlot = side == .a ? .a : .b
                    switch event {
                    case .rewritten, .loading: break
                    case .retrieved(let r): mailbox.post(.arena(requestId: id, .sources(r.sources.count)))
                    case .delta(let text): mailbox.post(.arena(requestId: id, .text(slot, text)))
                    case .finished(let r):
                        let mode: AskAnswerMode = r.mode == .extractive ? .extractive : r.mode == .nothingFound ? .nothingFound : .generated
                        let figures = ArenaFigures(firstTokenMs: r.timings.firstTokenMS.map { Int($0.rounded()) },
                                                   tokensPerSecond: r.timings.tokensPerSecond, tokensIn: r.promptTokens,
                                                   tokensOut: r.outputTokens, mode: mode)
                        mailbox.post(.arena(requestId: id, .sideFinished(slot, figures, failure: nil)))
                    case .failed(let f):
                        mailbox.post(.arena(requestId: id, .sideFinished(slot, nil, failure: f.description)))
                    }
                }
                mailbox.post(.arena(requestId: id, .finished(roundId: result.roundID, notSaved: result.notSaved)))
            } catch {
                mailbox.post(.arena(requestId: id, .failed("\(error)")))
            }
            self?.lock.withLock { _ = self?.arenaRounds.removeValue(forKey: id) }
        }
        lock.withLock { arenaRounds[id] = task }
    }

    /// The service for the chat model in use, kept while that model stays chosen (it caches the model's context size).
    private var cachedService: (model: String, service: AskService)?

    private func service() throws -> AskService {
        let picked = try? db.setting(ModelEffects.chatModelKey)
        let profile = try LLMConfigLoader.load(environment: environment, overrides: LLMOverrides(chatModel: picked ?? nil))
        return try lock.withLock {
            if let c = cachedService, c.model == profile.chatModel { return c.service }
            let s = AskService(db: db, services: LLMServices(profile: profile, environment: environment), planner: planner,
                               template: try AskPromptFile.load(environment: environment),
                               queryLog: try QueryLog.open(databasePath: db.path, origin: .app, profile: profile, environment: environment))
            cachedService = (profile.chatModel, s)
            return s
        }
    }

    private func ask(_ q: AskQuery) {
        let service: AskService
        do {
            service = try self.service()
        } catch {
            mailbox.post(.ask(requestId: q.requestId, .failed("Cannot ask: \(error)")))
            return
        }
        if q.thread.isEmpty { threadID = nil }
        let scope: RecallKit.AskScope
        switch q.scope {
        case .all: scope = .all
        case .project(let id, _): scope = .project(id: id)
        case .notebook(let id, _): scope = .notebook(id: id)
        }
        let request = AskRequest(question: q.question,
                                 thread: q.thread.map { ThreadTurn(question: $0.question, standaloneQuery: $0.question, answer: $0.answer) },
                                 threadID: q.thread.isEmpty ? nil : threadID, scope: scope, anyway: q.anyway)
        let id = q.requestId
        let handle = service.start(request) { [weak self, mailbox] event in
            switch event {
            case .rewritten, .loading: break
            case .retrieved(let r):
                let mode: AskAnswerMode = !r.relevant && !q.anyway ? .nothingFound : .generated
                mailbox.post(.ask(requestId: id, .sources(r.sources.map(AskEffects.source), mode: mode, closest: r.closestTitles)))
            case .delta(let text):
                mailbox.post(.ask(requestId: id, .text(text)))
            case .finished(let result):
                self?.finished(id, result)
            case .failed(let failure):
                self?.forget(id)
                if case .cancelled = failure { mailbox.post(.ask(requestId: id, .stopped(historyId: nil))); return }
                mailbox.post(.ask(requestId: id, .failed(failure.description)))
            }
        }
        lock.lock()
        running[id] = handle
        lock.unlock()
    }

    private func finished(_ id: Int, _ r: AskResult) {
        forget(id)
        threadID = r.threadID
        if r.stopped {
            mailbox.post(.ask(requestId: id, .stopped(historyId: r.id)))
            return
        }
        // The mode is known for sure only now (an unreachable model turns a generated answer extractive).
        let mode: AskAnswerMode = r.mode == .extractive ? .extractive : r.mode == .nothingFound ? .nothingFound : .generated
        if mode != .generated {
            mailbox.post(.ask(requestId: id, .sources(r.sources.map(AskEffects.source), mode: mode, closest: r.retrieved.closestTitles)))
        }
        let citations = r.citations.citations.map { AppCore.AskCitation(n: $0.n, verified: $0.verified, weak: $0.support == .weak) }
        var retrieval = r.retrieved.retrieval.rawValue
        if let f = r.retrieved.fallback { retrieval += " (\(f))" }
        if let why = r.extractiveReason, mode == .extractive { retrieval += " · extractive: \(why)" }
        let footer = AskFooter(retrieval: retrieval, model: r.model, firstTokenMs: r.timings.firstTokenMS.map { Int($0.rounded()) },
                               tokensPerSecond: r.timings.tokensPerSecond, trimmed: r.retrieved.trimmed)
        mailbox.post(.ask(requestId: id, .finished(citations: citations, grounded: r.grounded, footer: footer, historyId: r.id)))
    }

    private func forget(_ id: Int) {
        lock.lock()
        running[id] = nil
        lock.unlock()
    }

    /// A passage as the pane shows it (with an anchor to place the cursor when it is opened).
    static func source(_ p: Passage) -> AskSource {
        let firstLine = p.text.split(whereSeparator: \.isNewline).first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
        let anchor = String(firstLine.prefix(60))
        return AskSource(n: p.n, snippetId: p.snippetID, chunkId: p.chunkID, title: p.title, notebook: p.notebook,
                         excerpt: p.excerpt(limit: 200), anchor: anchor)
    }

    /// "2026-12-05 21:40" in the local time zone.
    static func whenText(_ d: Date) -> String {
        let c = Calendar.current.dateComponents([.year, .month, .day, .hour, .minute], from: d)
        return String(format: "%04d-%02d-%02d %02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
    }

    /// A saved answer as a history entry.
    static func entry(_ r: AskRecord) -> AskHistoryEntry? {
        guard let id = r.id else { return nil }
        var turn = AskTurn(question: r.question)
        turn.answer = r.answer
        turn.mode = AskAnswerMode(rawValue: r.mode.rawValue)
        turn.sources = r.sources.compactMap { s in
            guard let sid = s.snippetID else { return nil }
            return AskSource(n: s.n, snippetId: sid, chunkId: s.chunkID ?? 0, title: s.title, notebook: s.notebook,
                             excerpt: s.excerpt, anchor: String(s.excerpt.prefix(60)))
        }
        let sent = Set(turn.sources.map(\.n))
        turn.citations = r.citations.map { AppCore.AskCitation(n: $0.n, verified: sent.contains($0.n), weak: $0.support == .weak) }
        turn.grounded = r.grounded
        turn.phase = r.stopped ? .stopped : .done
        turn.historyId = id
        turn.footer = AskFooter(retrieval: r.retrieval, model: r.model, firstTokenMs: r.timings.firstTokenMS.map { Int($0.rounded()) },
                                tokensPerSecond: r.timings.tokensPerSecond, trimmed: r.trimmed)
        return AskHistoryEntry(id: id, when: r.createdAt.map(whenText) ?? "", turn: turn)
    }

    /// Saves an answer as a new markdown snippet; its citations become references to their sources.
    private func save(_ a: AnswerToSave) {
        DispatchQueue.global(qos: .userInitiated).async { [db, mailbox] in
            do {
                let body = AnswerSnippet.markdown(of: a.turn)
                let title = "Q: " + String(a.turn.question.replacingOccurrences(of: "\n", with: " ").prefix(80))
                let s = try db.createSnippet(notebookID: a.notebookId, title: title, kind: .markdown, language: nil, body: body)
                mailbox.post(.created(.snippet(s.id)))
                mailbox.post(.info("Saved the answer as “\(title)”"))
            } catch {
                mailbox.post(.failure("Could not save the answer: \(error)"))
            }
        }
    }
}
