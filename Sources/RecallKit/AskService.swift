import Foundation
import Grounding
import LLM
import Retrieval
import Store

/// Answers questions from the notes, for the CLI (`recall ask`) and the app's Ask pane.
///
/// Steps: rewrite a follow-up into a standalone query (by the model; offline by combining with the previous
/// question) → plan retrieval (`RetrievalPlanner`) → relevance gate (nothing relevant: no model call unless
/// `anyway`) → fit whole chunks into the context (`SourceBudget`) → stream the answer from the chat model →
/// check the citations → save. Without a usable model (server down, model not pulled, `generate: false`) the
/// answer is extractive: the best-matching sentences of the sources, each cited. Progress arrives as `AskEvent`s;
/// cancelling the task keeps the partial answer, marked stopped.
public final class AskService: Sendable {
    /// The database asked (and where answers are saved).
    public let db: AppDatabase
    /// The model-server clients (chat model, provider).
    public let services: LLMServices
    /// The retrieval planner (shared with search so the vector index is loaded once).
    public let planner: RetrievalPlanner
    /// The prompt template.
    public let template: PromptTemplate
    /// Where every ask is recorded (nil: not logged).
    public let queryLog: QueryLog?
    private let contextCache = ContextCache()

    /// Creates a service.
    public init(db: AppDatabase, services: LLMServices, planner: RetrievalPlanner, template: PromptTemplate = .builtIn,
                queryLog: QueryLog? = nil) {
        self.db = db
        self.services = services
        self.planner = planner
        self.template = template
        self.queryLog = queryLog
    }

    /// Starts an ask on a background task (for an event loop that sleeps in `poll()`); `handle.cancel()` stops it.
    @discardableResult
    public func start(_ request: AskRequest, onEvent: @escaping @Sendable (AskEvent) -> Void) -> AskHandle {
        let task = Task.detached { [self] in _ = try? await ask(request, onEvent: onEvent) }
        return AskHandle(task: task)
    }

    /// Answers one question. Emits events as it goes and returns the result (also sent as `.finished`). Throws
    /// `AskFailure` (also sent as `.failed`); cancellation after answer text exists returns a stopped result.
    /// With `plan`, retrieval is not run again: the arena asks two models with one retrieval's hits.
    @discardableResult
    public func ask(_ request: AskRequest, plan preset: RetrievalPlan? = nil,
                    onEvent: @escaping @Sendable (AskEvent) -> Void = { _ in }) async throws -> AskResult {
        let started = ContinuousClock.now
        let failure: AskFailure
        do {
            let result = try await run(request, preset: preset, onEvent: onEvent)
            logResult(request, result)
            onEvent(.finished(result))
            return result
        } catch let f as AskFailure {
            failure = f
        } catch is CancellationError {
            failure = .cancelled
        } catch let e as RetrievalUnavailable {
            failure = .retrievalUnavailable(e)
        } catch {
            failure = .other("\(error)")
        }
        logFailure(request, failure, totalMS: (ContinuousClock.now - started).ms)
        onEvent(.failed(failure))
        throw failure
    }

    private func logResult(_ request: AskRequest, _ r: AskResult) {
        guard let queryLog else { return }
        let outcome: QueryOutcome
        switch r.mode {
        case .generated: outcome = r.stopped ? .stopped : .answered
        case .extractive: outcome = .extractive
        case .nothingFound: outcome = .nothingFound
        }
        let t = r.timings
        queryLog.record(QueryLogEntry(kind: request.logKind, question: request.question, retrieval: r.retrieved.retrieval.rawValue,
                                      latency: QueryLatency(retrievalMS: t.retrievalMS, promptMS: t.promptMS,
                                                            firstTokenMS: t.firstTokenMS, totalMS: t.totalMS),
                                      tokensIn: r.promptTokens, tokensOut: r.outputTokens, tokensPerSecond: t.tokensPerSecond,
                                      model: r.model, profile: services.profile.name, outcome: outcome, hits: r.sources.count))
    }

    private func logFailure(_ request: AskRequest, _ failure: AskFailure, totalMS: Double) {
        guard let queryLog else { return }
        let outcome: QueryOutcome
        switch failure {
        case .cancelled: outcome = .stopped
        case .retrievalUnavailable, .modelFailed, .other: outcome = .failed
        }
        queryLog.record(QueryLogEntry(kind: request.logKind, question: request.question, latency: QueryLatency(totalMS: totalMS),
                                      model: services.profile.chatModel, profile: services.profile.name, outcome: outcome,
                                      error: outcome == .failed ? failure.description : nil))
    }

    // MARK: steps

    private func run(_ request: AskRequest, preset: RetrievalPlan?, onEvent: @escaping @Sendable (AskEvent) -> Void) async throws -> AskResult {
        let clock = ContinuousClock()
        let start = clock.now
        let threadID = request.threadID ?? UUID().uuidString.lowercased()
        let model = services.profile.chatModel
        var timings = AskTimings()

        // 1. Follow-up → standalone query.
        var query = request.question
        if !request.thread.isEmpty {
            var byModel = false
            if request.generate, let rewritten = await modelRewrite(request) {
                query = rewritten
                byModel = true
            } else {
                query = FollowUp.combine(question: request.question, thread: request.thread)
            }
            try Task.checkCancellation()
            onEvent(.rewritten(query: query, byModel: byModel))
        }

        // 2. Retrieval and the relevance gate.
        let retrievalStart = clock.now
        let plan: RetrievalPlan
        if let preset { plan = preset } else {
            plan = try await planner.plan(query, mode: request.retrieval, explicit: request.retrieval != nil,
                                          limit: max(request.limit, 1), filter: request.scope.filter)
        }
        timings.retrievalMS = (clock.now - retrievalStart).ms
        try Task.checkCancellation()
        let relevant = plan.relevance.isRelevant

        // 3. Context: num_ctx from the config, lowered to what the server runs with when it says.
        var unavailable: String?
        var numCtx = services.profile.numCtx
        if request.generate && (relevant || request.anyway) {
            switch await contextCache.context(model: model, provider: services.chat) {
            case .success(let serverCtx): if let serverCtx { numCtx = min(numCtx, serverCtx) }
            case .failure(let message): unavailable = message
            }
        }
        let promptBuildStart = clock.now
        let useSources = relevant || request.anyway
        let (budget, messages) = try buildPrompt(query: query, hits: useSources ? plan.hits : [], numCtx: numCtx)
        let retrieved = AskRetrieved(standaloneQuery: query, retrieval: plan.used, fallback: plan.fallback,
                                     sources: budget.passages, dropped: budget.dropped.count, cut: budget.cutChunkID != nil,
                                     relevant: relevant, closestTitles: plan.relevance.closestTitles, numCtx: numCtx)
        // prompt_ms: budgeting and building the prompt (the model-details lookup before it is a network call, not counted).
        timings.promptMS = (clock.now - promptBuildStart).ms
        onEvent(.retrieved(retrieved))

        func result(_ answer: String, mode: AskMode, model: String?, reason: ExtractiveReason? = nil,
                    warnings: [LLMWarning] = [], stopped: Bool = false, tokens: (in: Int?, out: Int?) = (nil, nil)) throws -> AskResult {
            timings.totalMS = (clock.now - start).ms
            let sources = mode == .nothingFound ? [] : budget.passages
            var r = AskResult(question: request.question, standaloneQuery: query, answer: answer, mode: mode,
                              citations: CitationChecker.check(answer, passages: sources), sources: sources, model: model,
                              retrieved: retrieved, extractiveReason: reason, warnings: warnings, stopped: stopped,
                              timings: timings, scope: request.scope, threadID: threadID)
            r.promptTokens = tokens.in
            r.outputTokens = tokens.out
            if request.save { r.id = try db.saveAsk(Self.record(r)) }
            return r
        }

        // 4. Nothing relevant: say so, no model call.
        if !useSources || budget.passages.isEmpty {
            return try result("", mode: .nothingFound, model: nil)
        }

        // 5. Extractive when asked, or when the model cannot be used.
        func extractive(_ reason: ExtractiveReason) throws -> AskResult {
            let text = Extractor.answer(question: query, passages: budget.passages).text
            if !text.isEmpty { onEvent(.delta(text)) }
            return try result(text, mode: .extractive, model: nil, reason: reason)
        }
        if !request.generate { return try extractive(.requested) }
        if let unavailable { return try extractive(.modelUnavailable(unavailable)) }

        // 6. Generate, streaming.
        var chatRequest = services.chatRequest(messages, maxTokens: min(budget.answerReserve, request.maxAnswerTokens ?? .max))
        chatRequest.numCtx = services.profile.provider == .ollama ? services.profile.numCtx : nil
        var answer = ""
        var warnings: [LLMWarning] = []
        var firstToken: ContinuousClock.Instant?
        var summary: ChatSummary?
        var pieces = 0
        do {
            for try await event in services.chat.chatStream(chatRequest) {
                switch event {
                case .loading: onEvent(.loading)
                case .thinking: break
                case .token(let text):
                    if firstToken == nil {
                        firstToken = clock.now
                        timings.firstTokenMS = (clock.now - start).ms
                    }
                    answer += text
                    pieces += 1
                    onEvent(.delta(text))
                case .warning(let w): warnings.append(w)
                case .done(let s): summary = s
                }
            }
            try Task.checkCancellation()
        } catch {
            let cancelled = error is CancellationError || Task.isCancelled
            if cancelled {
                if answer.isEmpty { throw CancellationError() }
                timings.tokensPerSecond = Self.rate(tokens: pieces, from: firstToken, clock: clock)
                return try result(answer, mode: .generated, model: model, warnings: warnings, stopped: true, tokens: (nil, pieces))
            }
            if answer.isEmpty, let llm = error as? LLMError, Self.meansNoModel(llm) {
                return try extractive(.modelUnavailable(llm.description))
            }
            throw AskFailure.modelFailed(message: "\(error)", partial: answer)
        }
        timings.tokensPerSecond = Self.rate(tokens: summary?.outputTokens ?? pieces, from: firstToken, clock: clock)
        return try result(answer, mode: .generated, model: summary?.model ?? model, warnings: warnings,
                          tokens: (summary?.promptTokens, summary?.outputTokens ?? pieces))
    }

    /// Retrieval and prompt building exactly as `ask` runs them before the request leaves for the model (no
    /// rewrite, no model call, nothing saved): for benchmarks and previews.
    public func prepare(query: String, scope: AskScope = .all, retrieval: SearchMode? = nil, limit: Int = 8,
                        numCtx: Int? = nil) async throws -> AskPrepared {
        let clock = ContinuousClock()
        let t0 = clock.now
        let plan = try await planner.plan(query, mode: retrieval, explicit: retrieval != nil, limit: max(limit, 1), filter: scope.filter)
        let t1 = clock.now
        let (sources, messages) = try buildPrompt(query: query, hits: plan.relevance.isRelevant ? plan.hits : [],
                                                  numCtx: numCtx ?? services.profile.numCtx)
        return AskPrepared(plan: plan, sources: sources, messages: messages, retrievalMS: (t1 - t0).ms, promptMS: (clock.now - t1).ms)
    }

    /// Reads the hits' full text and neighbours, fits them into `numCtx` and builds the messages (none when no
    /// source fits or there are no hits).
    func buildPrompt(query: String, hits: [RankedHit], numCtx: Int) throws -> (SourcePlan, [ChatMessage]) {
        let passages = try db.chunkPassages(ids: hits.map(\.hit.chunkID))
        let scores = Dictionary(hits.map { ($0.hit.chunkID, $0.score) }, uniquingKeysWith: { a, _ in a })
        let candidates = passages.map {
            PassageCandidate(chunkID: $0.chunkID, snippetID: $0.snippetID, title: $0.title, notebook: $0.notebook,
                             text: $0.text, score: scores[$0.chunkID] ?? 0, previous: $0.previous, next: $0.next)
        }
        let budget = SourceBudget(numCtx: numCtx).plan(question: query, candidates: candidates, template: template)
        guard !budget.passages.isEmpty else { return (budget, []) }
        return (budget, AskPrompt.messages(question: query, passages: budget.passages, template: template).map(Self.chatMessage))
    }

    /// The model's standalone rewrite of a follow-up; nil when the model cannot be used or says nothing usable.
    private func modelRewrite(_ request: AskRequest) async -> String? {
        let messages = AskPrompt.rewriteMessages(question: request.question, thread: request.thread, template: template)
        var chat = services.chatRequest(messages.map(Self.chatMessage), maxTokens: 64)
        chat.temperature = 0
        chat.numCtx = services.profile.provider == .ollama ? services.profile.numCtx : nil
        guard let answer = try? await services.chat.chat(chat) else { return nil }
        return FollowUp.clean(modelOutput: answer.content)
    }

    // MARK: helpers

    /// Errors before any answer text that mean "no usable model here": answer extractively instead.
    static func meansNoModel(_ error: LLMError) -> Bool {
        switch error {
        case .serverUnreachable, .modelNotFound, .notAChatModel, .unauthorized, .timeout, .busy: return true
        default: return false
        }
    }

    static func chatMessage(_ m: PromptMessage) -> ChatMessage {
        switch m.role {
        case .system: return .system(m.content)
        case .user: return .user(m.content)
        case .assistant: return .assistant(m.content)
        }
    }

    static func rate(tokens: Int, from first: ContinuousClock.Instant?, clock: ContinuousClock) -> Double? {
        guard let first, tokens > 1 else { return nil }
        let seconds = (clock.now - first).ms / 1000
        return seconds > 0 ? Double(tokens - 1) / seconds : nil
    }

    /// The history record of a result.
    static func record(_ r: AskResult) -> AskRecord {
        AskRecord(threadID: r.threadID, question: r.question, standaloneQuery: r.standaloneQuery, answer: r.answer, mode: r.mode,
                  grounded: r.grounded, model: r.model, retrieval: r.retrieved.retrieval.rawValue, scope: r.scope.kind,
                  scopeID: r.scope.id, stopped: r.stopped, trimmed: r.retrieved.trimmed, timings: r.timings,
                  sources: r.sources.map { AskSourceRecord(n: $0.n, snippetID: $0.snippetID, chunkID: $0.chunkID, title: $0.title,
                                                           notebook: $0.notebook, excerpt: $0.excerpt(limit: 300), score: $0.score) },
                  citations: r.citations.citations.map { AskCitationRecord(n: $0.n, range: $0.range, support: $0.support) })
    }
}

/// Stops a running ask started with `AskService.start`; safe from any thread, any number of times.
public final class AskHandle: Sendable {
    private let task: Task<Void, Never>

    init(task: Task<Void, Never>) { self.task = task }

    /// Stops the answer: the transfer ends, the partial answer is kept and marked stopped (`.finished`), or
    /// `.failed(.cancelled)` when no text had arrived.
    public func cancel() { task.cancel() }
}

/// The context window each chat model runs with, asked once per model (`/api/show`, or `/props` for llama-server).
final class ContextCache: @unchecked Sendable {
    enum Answer { case success(Int?), failure(String) }
    private let lock = NSLock()
    private var known: [String: Int?] = [:]

    /// The server's context for `model` (nil when it does not say), or why the model cannot be used.
    func context(model: String, provider: any LLMProvider) async -> Answer {
        if let hit = lock.withLock({ known[model] }) { return .success(hit) }
        do {
            let info = try await provider.modelInfo(model)
            if !info.capabilities.isEmpty, !info.capabilities.contains(.completion) {
                return .failure(LLMError.notAChatModel(model: model, provider: provider.kind, message: "the server lists no chat capability").description)
            }
            let ctx = info.runtimeContextLength ?? info.contextLength
            lock.withLock { known[model] = ctx }
            return .success(ctx)
        } catch let e as LLMError where AskService.meansNoModel(e) {
            return .failure(e.description)
        } catch {
            return .success(nil)  // details unknown: budget with the configured num_ctx
        }
    }
}

extension Duration {
    /// Milliseconds as a Double.
    var ms: Double { Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15 }
}
