import ArgumentParser
import Foundation
import RecallKit
import Store

/// `recall stats`: due forecast, reviews per day, true retention and per-deck counts.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Review statistics: forecast, history, retention, decks.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "The time to report at (ISO 8601), default now.") var at: String?
    @Flag(help: "Count days from UTC midnight instead of local midnight.") var utc = false
    @Flag(help: "Summarise the query log per chat model instead: latency and tokens/s.") var models = false
    @Option(parsing: .unconditional, help: "With --models: only queries since then (30m, 12h, 7d, a date or an RFC 3339 time).") var since: String?

    func run() throws {
        if models { return try printModels() }
        let db = try global.openForReading()
        let report = try CardsStatsReport.make(db, at: try reviewTime(at), timeZone: utc ? TimeZone.utc : .current)
        if global.json { try Output.json(report) } else { print(Output.safe(report.text)) }
    }

    private func printModels() throws {
        var start: Date?
        if let since {
            guard let d = SinceParser.parse(since) else {
                throw ValidationError("--since \(since) is not a time — use e.g. 30m, 12h, 7d, 2026-12-01")
            }
            start = d
        }
        let log = try global.queryLog()
        let summaries = ModelUsageSummary.summarise(try log.entries(since: start).entries)
        if global.json { return try Output.json(ModelsDocument(models: summaries)) }
        if summaries.isEmpty { Output.note("no logged model requests yet — ask or chat first (see `recall log`)"); return }
        func ms(_ v: Double?) -> String { v.map { "\(Int($0.rounded())) ms" } ?? "—" }
        print("model".padding(toLength: 28, withPad: " ", startingAt: 0) + "  requests  failed  first token (p50 / p90)   total p50   tok/s p50   tokens in/out")
        for s in summaries {
            let name = Output.field(s.model)
            let rate = s.tokensPerSecondMedian.map { String(format: "%.1f", $0) } ?? "—"
            print(name.padding(toLength: max(28, name.count), withPad: " ", startingAt: 0)
                  + "  " + String(s.requests).leftPad(8) + "  " + String(s.failed).leftPad(6)
                  + "  " + "\(ms(s.firstTokenMSMedian)) / \(ms(s.firstTokenMSP90))".leftPad(23)
                  + "  " + ms(s.totalMSMedian).leftPad(10) + "  " + rate.leftPad(10) + "  \(s.tokensIn)/\(s.tokensOut)")
        }
    }

    /// `recall stats --models --json`.
    struct ModelsDocument: Encodable {
        var models: [ModelUsageSummary]
    }
}

extension String {
    /// The string right-aligned in `width` columns (never cut).
    func leftPad(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
