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

    func run() throws {
        let db = try global.openForReading()
        let report = try CardsStatsReport.make(db, at: try reviewTime(at), timeZone: utc ? TimeZone.utc : .current)
        if global.json { try Output.json(report) } else { print(Output.safe(report.text)) }
    }
}
