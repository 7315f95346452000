import ArgumentParser
import Foundation
import RecallKit
import SRS
import Store

/// `recall due`: the cards to study now, in study order.
struct DueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "due", abstract: "List the cards due for review, in study order.",
        discussion: "Learning and relearning cards first, then review cards, then new cards up to each deck's new-cards-per-day (days start at local midnight; --utc for UTC).")
    @OptionGroup var global: GlobalOptions
    @Option(help: "The time to ask about (ISO 8601), default now.") var at: String?
    @Option(help: "Only this deck.") var deck: String?
    @Option(parsing: .unconditional, help: "At most this many cards.") var limit: Int?
    @Flag(help: "Count days from UTC midnight instead of local midnight.") var utc = false

    func run() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more (got \(limit))") }
        let db = try global.openForReading()
        let now = try reviewTime(at)
        let zone = utc ? TimeZone.utc : TimeZone.current
        var due = try db.dueCards(at: now, dayStart: ReviewQueue.dayStart(of: now, in: zone))
        if let deck {
            guard let d = try db.deck(named: deck) else { throw CLIError("no deck named '\(deck)' — run `recall deck list`") }
            due = due.filter { $0.deckID == d.id }
        }
        if let limit { due = Array(due.prefix(max(0, limit))) }
        let rows = due.map(CardListView.init)
        if global.json { try Output.json(rows); return }
        for r in rows { print(Output.safe(r.line)) }
        if rows.isEmpty { Output.note("nothing due at \(CardsTime.format(now))") }
    }
}
