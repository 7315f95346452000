import ArgumentParser
import Foundation
import Notebook
import RecallKit
import SRS
import Store

/// `recall card`: add, list, import and export flashcards.
struct CardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "card", abstract: "Add and manage flashcards.",
        subcommands: [CardAdd.self, CardList.self, CardImport.self, CardExport.self, CardAck.self])
}

/// Parses `--at` (ISO 8601) or takes the wall clock, in whole seconds.
func reviewTime(_ at: String?) throws -> Date {
    guard let at else { return CardsTime.now() }
    guard let d = CardsTime.parse(at) else {
        throw ValidationError("--at '\(at)' is not an ISO 8601 time — use e.g. 2026-01-01T09:00:00Z")
    }
    guard StorableDate.contains(d) else {
        throw ValidationError("--at '\(at)' is outside the years 1970–9000 that Recall stores — give a time in that range")
    }
    return d
}

/// `recall card add`: a basic, reversed or cloze note; prints the new card id(s).
struct CardAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a card; prints the new card's id (one per line for reversed/cloze).",
        discussion: """
        recall card add --front "Capital of France?" --back Paris
        recall card add --front hund --back dog --reversed --deck German
        recall card add --cloze "{{c1::Paris}} is the capital of {{c2::France::country}}"
        recall card add --from-snippet 3f2a --front "What does FSRS stand for?" --back "Free Spaced Repetition Scheduler"
        recall card add --from-snippet 3f2a          (one cloze card per {{cN::…}} found in the snippet)
        """)
    @OptionGroup var global: GlobalOptions
    @Option(help: "The question side.") var front: String?
    @Option(help: "The answer side.") var back: String?
    @Option(help: "A cloze text with {{c1::answer}} or {{c1::answer::hint}} deletions: one card per number.") var cloze: String?
    @Flag(help: "Also make the back → front card.") var reversed = false
    @Option(help: "Deck name (default: the source notebook's deck, else Default).") var deck: String?
    @Option(help: "Comma-separated tags.") var tags: String?
    @Option(name: .customLong("from-snippet"), help: "Link the card to this snippet (id or prefix); changes to it flag the card.") var fromSnippet: String?
    @Option(help: "Creation time (ISO 8601); new cards are due from then.") var at: String?

    func run() throws {
        let db = try global.openDatabase()
        let now = try reviewTime(at)
        var source: CardSource?
        if let key = fromSnippet { source = CardSource(snippetID: try resolveSnippet(db, key).id) }
        let tagList = Tags.parse(tags ?? "")
        var created: [StoredCard] = []
        if let cloze {
            guard front == nil, back == nil, !reversed else { throw ValidationError("--cloze cannot be combined with --front/--back/--reversed") }
            created = try db.addCards(try clozeDrafts(cloze), deck: deck, tags: tagList, source: source, at: now)
        } else if let front, let back {
            let drafts = reversed ? CardDraft.reversed(front: front, back: back) : CardDraft.basic(front: front, back: back)
            created = try db.addCards(drafts, deck: deck, tags: tagList, source: source, at: now)
        } else if front == nil, back == nil, let source {
            // Cloze cards from each passage of the snippet that holds deletions, linked to that passage.
            let passages = try db.clozePassages(snippetID: source.snippetID)
            guard !passages.isEmpty else {
                throw CLIError("snippet \(Output.short(source.snippetID)) has no {{c1::…}} deletions — give --front and --back, or --cloze")
            }
            for p in passages {
                created += try db.addCards(try clozeDrafts(p.text), deck: deck, tags: tagList,
                                           source: CardSource(snippetID: source.snippetID, chunkID: p.id), at: now)
            }
        } else {
            throw ValidationError("give --front and --back, or --cloze TEXT (or --from-snippet ID with deletions in it)")
        }
        if global.json {
            try Output.json(AddResult(id: created[0].id, ids: created.map(\.id), deck: created[0].deckName))
        } else {
            for c in created { print(c.id) }
        }
    }

    func clozeDrafts(_ text: String) throws -> [CardDraft] {
        do { return try CardDraft.cloze(text) } catch { throw CLIError(error.description) }
    }

    struct AddResult: Encodable { var id: String; var ids: [String]; var deck: String }
}

/// `recall card list`: all cards (or one deck's), with the "source changed" flag.
struct CardList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List cards with their state, due time and source status.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this deck.") var deck: String?
    @Flag(help: "Only cards whose source snippet changed since they were made.") var changed = false

    func run() throws {
        let db = try global.openDatabase()
        let rows = try db.cards(deck: deck).filter { !changed || $0.sourceChanged }.map(CardListView.init)
        if global.json { try Output.json(rows); return }
        for r in rows { print(Output.safe(r.line)) }
        if rows.isEmpty { Output.note(changed ? "no card has a changed source" : "no cards yet — add one with `recall card add --front … --back …`") }
    }
}

/// `recall card ack`: accept a changed source (the card keeps its history and stops being flagged).
struct CardAck: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ack", abstract: "Mark a card's changed source as checked.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Card id (or a unique prefix).") var card: String

    func run() throws {
        let db = try global.openDatabase()
        let c = try db.resolveCard(card)
        try db.acknowledgeSourceChange(cardID: c.id)
        if global.json { try Output.json(["id": c.id]) } else { print(c.id) }
    }
}

/// `recall card import FILE`: Anki plain text (tab-separated with #headers) → new cards.
struct CardImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import cards from Anki's plain-text format (Notes in Plain Text, .txt/.csv).",
        discussion: "Headers #separator, #html, #tags, #columns, #deck, #notetype and the #… column headers are understood. Cards already present are skipped.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The file to read (- for standard input).") var file: String
    @Option(help: "Put every card in this deck (default: the file's #deck, else Default).") var deck: String?
    @Option(help: "Comma-separated tags added to every card.") var tags: String?
    @Option(help: "Creation time (ISO 8601).") var at: String?

    func run() throws {
        let text: String
        if file == "-" { text = try readStandardInput() } else {
            guard let data = FileManager.default.contents(atPath: file) else { throw CLIError("cannot read \(file) — check the path") }
            guard let s = String(data: data, encoding: .utf8) else { throw CLIError("\(file) is not UTF-8 text — export it from Anki as plain text") }
            text = s
        }
        let db = try global.openDatabase()
        let summary = try CardsInterop.importText(text, into: db, deck: deck, tags: Tags.parse(tags ?? ""), at: try reviewTime(at))
        for p in summary.problems { Output.note("skipped: \(p)") }
        if global.json { try Output.json(summary); return }
        print("imported \(summary.cards) cards from \(summary.notes) notes (\(summary.duplicates) already present)")
    }
}

/// `recall card export FILE`: cards → Anki plain text, without scheduling.
struct CardExport: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Export cards as Anki plain text (scheduling is not exported).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The file to write (- for standard output).") var file: String
    @Option(help: "Only this deck.") var deck: String?

    func run() throws {
        let db = try global.openDatabase()
        let (text, count) = try CardsInterop.exportText(db, deck: deck)
        if file == "-" { Output.out(text); return }
        do { try Data(text.utf8).write(to: URL(fileURLWithPath: file), options: .atomic) } catch {
            throw CLIError("cannot write \(file): \(error.localizedDescription) — choose another path")
        }
        if global.json { try Output.json(["file": file, "notes": String(count)]) } else { Output.note("wrote \(count) notes to \(file)") }
    }
}
