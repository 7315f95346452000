import ArgumentParser
import Dispatch
import Foundation
import Grounding
import LLM
import RecallKit
import Store

/// `recall ask`: answers a question from the notes with checked citations, streamed to stdout.
struct AskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask", abstract: "Ask your notes a question: a cited answer, streamed, then the numbered sources.",
        discussion: """
            The answer goes to stdout as it arrives, then the sources it was given; notes about retrieval, trimming and \
            citations go to stderr. Every [n] in the answer is checked against the sources sent. When nothing in the notes \
            is relevant, Recall says so and does not ask the model (--anyway asks it regardless). Without a usable model \
            (server down, model not pulled) or with --no-generate, the answer is extractive: the best-matching sentences \
            of the sources, each cited. Ctrl-C stops a streaming answer and keeps what arrived (marked stopped).
            The prompt can be changed in ~/.config/recall/prompts/ask.toml (see prompts/ask.toml).
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var llm: LLMOptions
    @Argument(help: "The question.") var question: [String] = []
    @Option(help: "Only this project (id or title).") var project: String?
    @Option(help: "Only this notebook (id or title).") var notebook: String?
    @Option(help: "Retrieval: hybrid, bm25 or vector (default: hybrid when the notes are embedded, else bm25).") var mode: SearchMode?
    @Flag(help: "Ask the model even when nothing relevant was found.") var anyway = false
    @Flag(name: .customLong("no-generate"), help: "Do not call the model: answer with the best-matching sentences.") var noGenerate = false
    @Flag(name: .customLong("follow-up"), help: "Continue the thread of the last answer (the question is rewritten into a standalone query).")
    var followUp = false
    @Flag(help: "List saved answers instead of asking.") var history = false
    @Option(help: "With --history: how many answers (newest first).") var limit = 20

    func validate() throws {
        if project != nil && notebook != nil { throw ValidationError("give --project or --notebook, not both") }
        if history && !question.isEmpty { throw ValidationError("--history lists saved answers; it takes no question") }
        if !history && question.joined().trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("no question — write it after `recall ask`, e.g. recall ask \"why does the KV cache grow?\"")
        }
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() async throws {
        let db = try global.openDatabase()
        if history { return try printHistory(db) }
        let text = question.joined(separator: " ")
        let profile = try llm.resolveProfile()
        let service = try AskService.make(db: db, profile: profile, queryLog: try global.queryLog(profile: profile))
        var scope = AskScope.all
        if let project { scope = .project(id: try resolveProject(db, project).id) }
        if let notebook { scope = .notebook(id: try resolveNotebook(db, notebook).id) }
        var thread: [ThreadTurn] = []
        var threadID: String?
        if followUp, let last = try db.askHistory(limit: 1).first, let id = last.threadID {
            threadID = id
            thread = try db.askThread(id: id).map { ThreadTurn(question: $0.question, standaloneQuery: $0.standaloneQuery, answer: $0.answer) }
        }
        let request = AskRequest(question: text, thread: thread, threadID: threadID, scope: scope, retrieval: mode,
                                 generate: !noGenerate, anyway: anyway)
        let printer = AskPrinter(json: global.json, provider: profile.provider, model: profile.chatModel)
        let task = Task { try await service.ask(request, onEvent: printer.handle) }
        // Ctrl-C stops the answer (the partial text is kept and saved as stopped) instead of killing the process.
        signal(SIGINT, SIG_IGN)
        let interrupt = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        interrupt.setEventHandler { task.cancel() }
        interrupt.resume()
        defer { interrupt.cancel() }
        let result: AskResult
        do { result = try await task.value } catch let failure as AskFailure {
            if case .cancelled = failure { throw ExitCode(130) }
            throw CLIError(failure.description)
        }
        if global.json { try Output.json(AskDocument(result)) }
    }

    private func printHistory(_ db: AppDatabase) throws {
        let records = try db.askHistory(limit: limit)
        if global.json { return try Output.json(records.map(AskDocument.init(record:))) }
        if records.isEmpty { Output.note("no saved answers yet — ask with `recall ask \"…\"`"); return }
        for r in records {
            let flags = [r.stopped ? "stopped" : nil, r.grounded ? nil : (r.mode == .generated ? "not grounded" : nil)].compactMap { $0 }
            let when = r.createdAt.map(Output.iso) ?? ""
            Output.out("#\(r.id ?? 0)  \(when)  \(r.mode.rawValue)\(r.model.map { " · \(Output.field($0))" } ?? "") · \(r.retrieval)"
                       + (flags.isEmpty ? "" : "  (\(flags.joined(separator: ", ")))") + "\n")
            Output.out("    Q: \(Output.field(r.question))\n")
            let flat = r.answer.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
            if !flat.isEmpty { Output.out("    A: \(Output.field(String(flat.prefix(160))))\(flat.count > 160 ? "…" : "")\n") }
        }
    }
}

/// Prints ask events as they arrive: answer text to stdout, notes to stderr (nothing to stdout with --json).
final class AskPrinter: @unchecked Sendable {
    let json: Bool
    let provider: ProviderKind
    let model: String
    private let lock = NSLock()
    private var wroteText = false
    private var retrieved: AskRetrieved?

    init(json: Bool, provider: ProviderKind, model: String) {
        self.json = json
        self.provider = provider
        self.model = model
    }

    func handle(_ event: AskEvent) {
        lock.withLock { handleLocked(event) }
    }

    /// Writes to stdout through the terminal sanitizer (note text never sends escape sequences).
    private func out(_ s: String) { Output.out(s) }

    private func handleLocked(_ event: AskEvent) {
        switch event {
        case .rewritten(let query, let byModel):
            Output.note("searching for: \(Output.field(query))" + (byModel ? "" : " (follow-up combined offline)"))
        case .retrieved(let r):
            retrieved = r
            if let fallback = r.fallback { Output.note("\(fallback) — using bm25") }
            if r.trimmed {
                Output.note("sources trimmed to fit the context (num_ctx \(r.numCtx)): \(r.dropped) left out" + (r.cut ? ", one cut short" : ""))
            }
        case .loading:
            Output.note(provider == .ollama ? "loading model \(model)…" : "waiting for the server…")
        case .delta(let text):
            guard !json else { return }
            wroteText = true
            out(text)
        case .finished(let result):
            guard !json else { return notes(result) }
            printTail(result)
            notes(result)
        case .failed:
            if wroteText && !json { out("\n") }
        }
    }

    private func printTail(_ r: AskResult) {
        switch r.mode {
        case .nothingFound:
            out("Nothing in your notes about “\(Output.field(r.question))”.\n")
            if !r.retrieved.closestTitles.isEmpty {
                out("Closest: " + r.retrieved.closestTitles.map(Output.field).joined(separator: "; ") + "\n")
            }
            out("(the model was not asked; add --anyway to ask it regardless)\n")
            return
        case .extractive:
            if r.answer.isEmpty { out("No sentence in the sources matches the question.") }
            out("\n\n(extractive answer — the best-matching sentences from your notes; \(r.extractiveReason?.description ?? "no model"))\n")
        case .generated:
            if r.stopped { out(" [stopped]") }
            out("\n")
        }
        out("\nSources:\n")
        for p in r.sources {
            out("[\(p.n)] \(Output.field(p.notebook)) ▸ \(Output.field(p.title)) — \(Output.field(p.excerpt(limit: 100)))\n")
        }
    }

    private func notes(_ r: AskResult) {
        let report = r.citations
        if !report.unverifiedNumbers.isEmpty {
            Output.note("warning: " + report.unverifiedNumbers.map { "[\($0)]" }.joined(separator: ", ")
                        + " cited but not among the sources sent (unverified)")
        }
        if !report.weakNumbers.isEmpty {
            Output.note("note: " + report.weakNumbers.map { "[\($0)]" }.joined(separator: ", ")
                        + " shares no word with the sentence citing it (weak)")
        }
        if r.mode == .generated && !r.grounded { Output.note("not grounded in your notes: no citation names a source that was sent") }
        for w in r.warnings { Output.note("warning: \(w)") }
        if r.stopped { Output.note("stopped — the partial answer was kept") }
    }
}
