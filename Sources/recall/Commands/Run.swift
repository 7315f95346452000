import ArgumentParser
import Execution
import Foundation
import Notebook
import RecallKit
import Store
import TUI

/// `recall run SNIPPET`: runs a code snippet under limits, streaming its output; exits with the snippet's code.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run a code snippet (python, bash, sh; node, swift… when on PATH) under limits.",
        discussion: """
            Python runs in the notebook's own virtual environment (created on first use); a code snippet titled \
            `requirements` is pip-installed into it first whenever it changed. The snippet sees only an allowlisted \
            environment (no credentials) and a scratch HOME; it runs in its own process group, killed as a whole at \
            the time limit. Exit status: the snippet's (124 when stopped by the time limit, 130 when interrupted).
            """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Snippet id (a unique prefix is enough).") var snippet: String
    @Option(parsing: .unconditional, help: "Wall-clock limit in seconds (default 30).") var timeout: Double?
    @Option(parsing: .unconditional, help: "Address-space limit in MB (default 1024).") var memory: UInt64?
    @Option(parsing: .unconditional, help: "CPU-time limit in seconds (default 30).") var cpu: UInt64?
    @Option(name: .customLong("max-output"), parsing: .unconditional, help: "Output kept in KB; past it the rest is dropped and the program stopped (default 1024).")
    var maxOutput: Int?
    @Flag(help: "Print the saved last run instead of running (output, exit code, duration, limit hit).") var last = false

    func validate() throws {
        if let t = timeout, !(t > 0) { throw ValidationError("--timeout must be more than 0 seconds") }
        if let t = timeout, t > RunLimits.maximumSeconds { throw ValidationError("--timeout must be at most \(Int(RunLimits.maximumSeconds)) seconds (a day)") }
        if let m = memory, m < 16 { throw ValidationError("--memory must be at least 16 MB") }
        if let m = memory, m > RunLimits.maximumMemoryMB { throw ValidationError("--memory must be at most \(RunLimits.maximumMemoryMB) MB (1 TiB)") }
        if let c = cpu, Double(c) > RunLimits.maximumSeconds { throw ValidationError("--cpu must be at most \(Int(RunLimits.maximumSeconds)) seconds (a day)") }
        if let o = maxOutput, o < 1 { throw ValidationError("--max-output must be at least 1 KB") }
        if let o = maxOutput, o > RunLimits.maximumOutputKB { throw ValidationError("--max-output must be at most \(RunLimits.maximumOutputKB) KB (1 GiB)") }
    }

    /// The limits: defaults, then `[run]` in config.toml, then the flags.
    func resolvedLimits() throws -> RunLimits {
        var l = try RunSettings.load()
        if let timeout { l.timeoutSeconds = timeout }
        if let memory { l.memoryBytes = memory * 1_048_576 }
        if let cpu { l.cpuSeconds = cpu }
        if let maxOutput { l.outputBytes = maxOutput * 1024 }
        return l
    }

    func run() throws {
        let db = try global.openDatabase()
        let snippet = try resolveSnippet(db, snippet)
        if last { return try printLast(db, snippet) }
        let request = RunRequest(snippet: snippet, notebookSnippets: try db.snippets(inNotebook: snippet.notebookID))
        let runner: SnippetRunner
        do {
            runner = try SnippetRunner.forDatabase(db.path, configDirectory: RecallPaths.configDirectory())
        } catch let e as RunError { throw CLIError(e.description) }
        let handle = RunHandle()
        // Ctrl-C, a closed terminal or a kill stops the snippet's whole process group before we exit.
        let sources = [SIGINT, SIGTERM, SIGHUP].map { sig -> DispatchSourceSignal in
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { handle.cancel() }
            source.resume()
            return source
        }
        defer { sources.forEach { $0.cancel() } }
        let limits: RunLimits
        do { limits = try resolvedLimits() } catch let e as RecallKit.ConfigError { throw CLIError(e.description) }
        let printer = RunPrinter(json: global.json)
        let started = Date()
        let outcome: RunOutcome
        do { outcome = try runner.run(request, limits: limits, handle: handle, progress: printer.handle) } catch let e as RunError {
            throw CLIError(e.description)
        }
        if !request.isRequirements {
            try db.saveRun(SavedRun(snippetID: snippet.id, contentHash: snippet.contentHash, language: snippet.language ?? "",
                                    startedAt: started, outcome: outcome))
        }
        if global.json {
            try Output.json(RunDocument(outcome, snippetID: snippet.id, language: snippet.language))
        } else if outcome.killed != nil || outcome.truncated {
            Output.note("recall: \(outcome.summary)")
        }
        if outcome.exitCode != 0 {
            throw ExitCode(outcome.killed == .timeout && outcome.signal != RunOutcome.cpuLimitSignal ? 124
                           : outcome.killed == .cancelled ? 130 : outcome.exitCode)
        }
    }
}

extension RunCommand {
    /// `--last`: the saved last run, as the run printed it (or its JSON document).
    func printLast(_ db: AppDatabase, _ snippet: Snippet) throws {
        guard let saved = try db.lastRun(snippetID: snippet.id) else {
            throw CLIError("'\(Output.field(snippet.title))' has not been run yet — run it with `recall run \(Output.short(snippet.id))`")
        }
        if global.json { return try Output.json(RunDocument(saved.outcome, snippetID: snippet.id, language: snippet.language)) }
        let printer = RunPrinter(json: false)
        for chunk in saved.outcome.transcript { printer.handle(.output(chunk)) }
        let stale = saved.contentHash == snippet.contentHash ? "" : " (the snippet changed since)"
        Output.note("recall: last run \(Output.iso(saved.startedAt)): \(saved.outcome.summary)\(stale)")
    }
}

/// The `recall run --json` document.
struct RunDocument: Encodable {
    var snippetId: String
    @NullEncodable var language: String?
    var exitCode: Int32
    var stdout: String
    var stderr: String
    var durationMs: Int
    @NullEncodable var killed: String?   // null when it ended by itself
    var truncated: Bool
    var summary: String

    init(_ o: RunOutcome, snippetID: String, language: String?) {
        snippetId = snippetID; self.language = language; exitCode = o.exitCode
        stdout = o.text(of: .stdout); stderr = o.text(of: .stderr); durationMs = o.durationMs
        killed = o.killed?.rawValue; truncated = o.truncated; summary = o.summary
    }
}

/// Streams a run to the terminal: the program's stdout to stdout and stderr to stderr (with --json, output is
/// only in the document); install progress on stderr. Program colours (SGR, rebuilt from the parameters Recall
/// knows, so no concealed or blinking text) pass to a terminal; every other escape sequence is shown as text.
struct RunPrinter: Sendable {
    var json: Bool

    func handle(_ p: RunProgress) {
        switch p {
        case .step(let s): Output.note("recall: \(s)")
        case .installLine(let l): Output.note("  pip: \(l)")
        case .installing: Output.note("recall: \(RunProgress.installingText)")
        case .installed: break
        case .output(let chunk):
            guard !json else { return }
            let toStderr = chunk.stream == .stderr
            let colour = isatty(toStderr ? 2 : 1) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            Output.styled(Self.safe(chunk.text, keepColours: colour), toStderr: toStderr)
        }
    }

    /// Program output made safe for a terminal: SGR colour sequences kept (when `keepColours`) or dropped, every
    /// other control character shown by the sanitizer.
    static func safe(_ text: String, keepColours: Bool) -> String {
        var out = ""
        for seg in SGRText.segments(text) {
            switch seg {
            case .text(let t): out += TerminalText.sanitize(t)
            case .sgr(_, let params): if keepColours, let sgr = SGRText.safeSequence(params) { out += sgr }
            }
        }
        return out
    }
}
