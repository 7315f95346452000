import ArgumentParser
import Foundation
import RecallKit
import SRS
import Store

/// `recall deck`: list decks and change a deck's scheduler settings.
struct DeckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "deck", abstract: "Configure a deck's scheduler.",
                                                    subcommands: [DeckSet.self, DeckList.self])
}

/// `recall deck set D …`: change settings (the deck is created if missing); prints the settings.
struct DeckSet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set", abstract: "Change a deck's scheduler settings; prints them.",
        discussion: """
        recall deck set German --scheduler sm2
        recall deck set Default --retention 0.85 --learning-steps 1m,10m,1h --relearning-steps none --fuzz off
        Changing settings applies from the next grade on; past reviews are kept.
        """)
    enum Switch: String, ExpressibleByArgument { case on, off }

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Deck name.") var deck: String
    @Option(help: "fsrs (default) or sm2.") var scheduler: SchedulerKind?
    @Option(parsing: .unconditional, help: "FSRS desired retention in (0, 1], default 0.9.") var retention: Double?
    @Option(name: .customLong("learning-steps"), help: "Learning steps like 1m,10m, or none.") var learningSteps: String?
    @Option(name: .customLong("relearning-steps"), help: "Relearning steps like 10m, or none.") var relearningSteps: String?
    @Option(name: .customLong("max-interval"), parsing: .unconditional, help: "Longest interval in days (default 36500).") var maxInterval: Int?
    @Option(help: "Interval fuzz: on (default) or off.") var fuzz: Switch?
    @Option(name: .customLong("new-per-day"), parsing: .unconditional, help: "New cards introduced per day (default 20).") var newPerDay: Int?

    func run() throws {
        let learning = try learningSteps.map(parseSteps)
        let relearning = try relearningSteps.map(parseSteps)
        let db = try global.openDatabase()
        let d = try db.updateDeck(named: deck) { s in
            if let scheduler { s.scheduler = scheduler }
            if let retention { s.desiredRetention = retention }
            if let learning { s.learningSteps = learning }
            if let relearning { s.relearningSteps = relearning }
            if let maxInterval { s.maximumInterval = maxInterval }
            if let fuzz { s.fuzz = fuzz == .on }
            if let newPerDay { s.newCardsPerDay = newPerDay }
        }
        if global.json { try Output.json(DeckView(d)) } else { print(DeckView(d).line) }
    }

    func parseSteps(_ text: String) throws -> [Int] {
        do { return try StepList.parse(text) } catch { throw ValidationError(error.description) }
    }
}

extension SchedulerKind: ExpressibleByArgument {}

/// `recall deck list`: every deck with its settings.
struct DeckList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List decks and their settings.")
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let decks = try global.openForReading().decks().map(DeckView.init)
        if global.json { try Output.json(decks); return }
        for d in decks { print(Output.safe(d.line)) }
        if decks.isEmpty { Output.note("no decks yet — `recall card add` creates Default, `recall deck set NAME` creates NAME") }
    }
}
