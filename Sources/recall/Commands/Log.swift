import ArgumentParser
import Foundation
import RecallKit

extension QueryKind: ExpressibleByArgument {}

/// `recall log`: the local query log (asks, chats, searches, assistant actions, arena and eval questions).
struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "Show the local query log: every ask, chat and search, with timings, tokens and model.",
        discussion: """
            The log is a file beside the database (DATABASE.queries.jsonl, readable only by you). It never holds an API key. \
            Turn it off with `[log] queries = false` in config.toml or RECALL_QUERY_LOG=off; it keeps the newest \
            `max_entries` (10000) entries from the last `keep_days` (90) days.
            """)
    @OptionGroup var global: GlobalOptions
    @Option(parsing: .unconditional, help: "Only entries since then: 30m, 12h, 7d, 2w, a date (2026-12-01) or an RFC 3339 time.") var since: String?
    @Option(help: "Only this kind: ask, chat, search, assistant, arena or eval.") var kind: QueryKind?
    @Option(parsing: .unconditional, help: "At most this many entries (the newest).") var limit: Int?

    func validate() throws {
        if let since, SinceParser.parse(since) == nil {
            throw ValidationError("--since \(since) is not a time — use e.g. 30m, 12h, 7d, 2w, 2026-12-01 or 2026-12-01T10:00:00Z")
        }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let log = try global.queryLog()
        var (entries, skipped) = try log.entries(since: since.flatMap { SinceParser.parse($0) })
        if let kind { entries = entries.filter { $0.kind == kind } }
        if let limit { entries = Array(entries.suffix(limit)) }
        if skipped > 0 { Output.note("\(skipped) unreadable line(s) in \(log.path) skipped") }
        if global.json {
            FileHandle.standardOutput.write(Output.jsonSafe(try QueryLog.encoder.encode(entries)) + Data("\n".utf8))
            return
        }
        if !log.settings.enabled { Output.note("query logging is off (config.toml [log] queries, or RECALL_QUERY_LOG)") }
        if entries.isEmpty { Output.note("no logged queries" + (since == nil ? "" : " since \(since ?? "")")); return }
        for e in entries { print(Self.line(e)) }
    }

    /// One entry as a line: time, kind, outcome, model, timings, then the question.
    static func line(_ e: QueryLogEntry) -> String {
        var parts = [Output.iso(e.time), e.kind.rawValue + (e.origin == .app ? "(app)" : ""), e.outcome.rawValue]
        if let r = e.retrieval { parts.append(r) }
        if let m = e.model { parts.append(Output.field(m)) }
        if let t = e.latency.firstTokenMS { parts.append("first token \(Int(t.rounded())) ms") }
        if let t = e.latency.totalMS { parts.append("total \(Int(t.rounded())) ms") }
        if let i = e.tokensIn { parts.append("in \(i)") }
        if let o = e.tokensOut { parts.append("out \(o)") }
        if let r = e.tokensPerSecond { parts.append(String(format: "%.1f tok/s", r)) }
        if let h = e.hits { parts.append("\(h) hit\(h == 1 ? "" : "s")") }
        var line = parts.joined(separator: "  ") + "\n    " + Output.field(String(e.question.prefix(160)))
        if let error = e.error { line += "\n    error: " + Output.field(error) }
        return line
    }
}
