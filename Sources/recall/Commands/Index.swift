import ArgumentParser
import Dispatch
import Foundation
import LLM
import RecallKit
import Retrieval
import Store

/// Embedding-model options shared by `index`, `search` and `eval retrieval`.
struct EmbeddingOptions: ParsableArguments {
    @Option(name: .customLong("embed-model"), help: "Embedding model (default: config, $RECALL_EMBED_MODEL, else nomic-embed-text).")
    var embedModel: String?

    @Option(name: .customLong("embed-base-url"), help: "Embedding server URL (default: config, $RECALL_EMBED_BASE_URL, else the chat server).")
    var embedBaseURL: String?

    /// The resolved profile (defaults ← config file ← environment ← these flags).
    func profile() throws -> LLMProfile {
        try LLMConfigLoader.load(overrides: LLMOverrides(embedBaseURL: embedBaseURL, embedModel: embedModel))
    }
}

/// Wiring between the CLI and the embedding server for retrieval commands.
enum EmbeddingRuntime {
    /// The embedder of a profile (prefixes for the model's documents/queries are the embedder's).
    static func embedder(_ profile: LLMProfile) -> Embedder {
        LLMServices(profile: profile, onWaiting: { WaitingNote.shared.say($0) }).embedder
    }

    /// Errors that mean "retry this input shorter" (see `Indexer.shrinkable`).
    static func shrinkable(_ error: any Error) -> Bool { Indexer.shrinkable(error) }

    /// Longest query sent for embedding.
    static let maxQueryCharacters = HybridSearch.maxQueryCharacters

    /// Embeds one query with the model's query prefix (see `HybridSearch.embedQuery`).
    static func embedQuery(_ text: String, embedder: Embedder) async throws -> [Float] {
        try await HybridSearch.embedQuery(text, embedder: embedder)
    }
}

/// A cancellation that may be asked for before the thing to cancel exists: it runs as soon as both are there.
final class PendingCancel: @unchecked Sendable {
    private let lock = NSLock()
    private var action: (@Sendable () -> Void)?
    private var requested = false

    /// Sets what to run on cancel (at once when cancel was already asked for).
    func set(_ cancel: @escaping @Sendable () -> Void) {
        let now = lock.withLock { () -> Bool in
            action = cancel
            return requested
        }
        if now { cancel() }
    }

    /// Asks for cancellation.
    func cancel() {
        let run = lock.withLock { () -> (@Sendable () -> Void)? in
            requested = true
            return action
        }
        run?()
    }
}

/// Cancels a task on SIGINT (Ctrl-C) so an interrupted run stops between batches with a clear message.
final class InterruptHandler: @unchecked Sendable {
    private let source: DispatchSourceSignal
    /// Set once SIGINT arrived.
    private(set) var interrupted = false

    /// Installs the handler; `onInterrupt` runs on a background queue.
    init(_ onInterrupt: @escaping @Sendable () -> Void) {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [unowned self] in self.interrupted = true; onInterrupt() }
        source.resume()
    }

    /// Restores the default SIGINT behaviour.
    func remove() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}

/// `recall index`: embeds new and changed chunks for vector search, resumably.
struct IndexCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index", abstract: "Embed new and changed chunks for vector search.",
        discussion: """
            Only chunks without a vector of the current embedding model (or whose text changed) are embedded, in \
            batches; each batch is saved in one transaction, so Ctrl-C or a dead server loses nothing — run \
            `recall index` again to resume. Changing the embedding model makes the index stale: run \
            `recall index --rebuild` to re-embed everything with the new model. With --json, progress is printed \
            as one JSON object per line.
            """)
    @OptionGroup var global: GlobalOptions
    @OptionGroup var embedding: EmbeddingOptions
    @Flag(help: "Delete every stored vector and embed everything again (after changing the embedding model).")
    var rebuild = false
    @Option(parsing: .unconditional, help: "Chunks per embedding request.") var batch = 16
    @Option(parsing: .unconditional, help: "Longest chunk text sent to the model, in characters (longer text is cut and counted).")
    var maxChars = 6000
    @Flag(help: "Only report the index state; embed nothing.") var status = false

    /// The state printed by --status.
    struct StatusOut: Encodable {
        var model: String
        var chunks: Int
        var embedded: Int
        var pending: Int
        var dimension: Int?
        var stale: Bool
        var otherModels: [String]
    }

    func run() async throws {
        guard batch > 0 else { throw ValidationError("--batch must be at least 1 (got \(batch))") }
        guard maxChars >= 100 else { throw ValidationError("--max-chars must be at least 100 (got \(maxChars))") }
        let db = try status ? global.openForReading() : global.openDatabase()
        let profile = try embedding.profile()
        let model = profile.embedModel
        if status {
            let s = try db.embeddingState(model: model)
            if global.json {
                try Output.json(StatusOut(model: model, chunks: s.chunks, embedded: s.embedded, pending: s.pending,
                                          dimension: s.dimension, stale: s.isStale, otherModels: s.otherModels))
            } else {
                print("\(model): \(s.embedded)/\(s.chunks) chunks embedded, \(s.pending) pending" + (s.dimension.map { ", \($0) dimensions" } ?? ""))
                if s.isStale { print(EmbeddingStoreError.staleModel(stored: s.otherModels, configured: model).description) }
            }
            return
        }
        let embedder = EmbeddingRuntime.embedder(profile)
        let bar = ProgressPrinter(json: global.json)
        // Ctrl-C is caught before the work starts, so one that arrives with the first request still ends it cleanly.
        let pending = PendingCancel()
        let interrupt = InterruptHandler { pending.cancel() }
        defer { interrupt.remove() }
        let work = Task {
            try await Indexer.run(
                db: db, model: model, rebuild: rebuild, pipeline: EmbeddingPipeline(batchSize: batch, maxCharacters: maxChars),
                embed: { texts in try await embedder.embed(texts: texts, kind: .document) },
                shrinkable: EmbeddingRuntime.shrinkable, progress: { bar.show($0) })
        }
        pending.set { work.cancel() }
        do {
            let result = try await work.value
            bar.finish()
            if !global.json {
                let cut = result.truncated > 0 ? " (\(result.truncated) cut to fit the model's context)" : ""
                Output.note(result.done == 0 ? "index up to date for \(model)" : "embedded \(result.done) chunk\(result.done == 1 ? "" : "s") with \(model)\(cut)")
            }
            // The memory-mapped index file searches open (a cache: a failure to write it loses nothing).
            if !PersistedVectorIndex.isCurrent(db: db, model: model) {
                do {
                    let rows = try PersistedVectorIndex.save(db: db, model: model)
                    if !global.json && rows > 0 { Output.note("vector index file written: \(rows) vectors") }
                } catch {
                    if !global.json { Output.note("vector index file not written (\(error)); searches read the vectors from the database") }
                }
            }
        } catch {
            bar.finish()
            let saved = bar.last?.done ?? 0
            let message: String
            if interrupt.interrupted || error is CancellationError {
                message = "interrupted after \(saved) chunks (all saved) — run `recall index` again to resume"
            } else {
                message = "\(error)" + (saved > 0 ? " (\(saved) chunks were saved; run `recall index` again to resume)" : "")
            }
            if global.json { bar.emit(IndexProgress(event: .error, model: model, done: saved, total: bar.last?.total ?? 0, truncated: 0, message: message)) }
            throw CLIError(message)
        }
    }
}

/// Prints index progress: JSON lines with --json, a bar on a terminal, occasional lines otherwise (all on stderr
/// except JSON, which is data).
final class ProgressPrinter: @unchecked Sendable {
    let json: Bool
    let tty = isatty(2) == 1
    private(set) var last: IndexProgress?
    private var lastPercent = -1

    init(json: Bool) { self.json = json }

    /// Shows one progress report.
    func show(_ p: IndexProgress) {
        last = p
        if json { emit(p); return }
        guard p.event != .done else { return }
        let percent = p.total > 0 ? p.done * 100 / p.total : 100
        if tty {
            let width = 30
            let filled = p.total > 0 ? width * p.done / p.total : width
            let rate = p.rate.map { String(format: " %.1f chunks/s", $0) } ?? ""
            Output.styled("\r[\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] \(p.done)/\(p.total) \(percent)%\(rate)  ", toStderr: true)
        } else if p.event == .start || percent / 10 != lastPercent / 10 {
            Output.note(p.statusLine)
        }
        lastPercent = percent
    }

    /// Writes one JSON progress object on stdout.
    func emit(_ p: IndexProgress) {
        let e = JSONEncoder()
        e.keyEncodingStrategy = .convertToSnakeCase
        e.outputFormatting = [.sortedKeys]
        if let data = try? e.encode(p) {
            FileHandle.standardOutput.write(Output.jsonSafe(data) + Data("\n".utf8))
        }
    }

    /// Ends the bar line.
    func finish() {
        if !json && tty && last != nil { Output.err("\n") }
    }
}
