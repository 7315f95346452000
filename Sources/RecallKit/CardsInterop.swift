import Foundation
import Notebook
import SRS
import Store

/// Anki plain-text import and export for the card store. Export keeps scheduling out; import makes new cards.
public enum CardsInterop {
    /// What an import did.
    public struct ImportSummary: Encodable, Sendable {
        /// Notes read.
        public var notes: Int
        /// Cards created.
        public var cards: Int
        /// Notes skipped because an identical card exists.
        public var duplicates: Int
        /// Notes refused (line numbers or reasons).
        public var problems: [String]
        /// Ids of the new cards.
        public var ids: [String]
    }

    /// Imports an Anki text file's notes as new cards. `deck` overrides the file's deck; duplicates
    /// (same kind, front and back as an existing card) are skipped so a re-import adds nothing.
    public static func importText(_ text: String, into db: AppDatabase, deck: String?, tags: [String], at: Date) throws -> ImportSummary {
        let parsed: AnkiText.ParseResult
        do { parsed = try AnkiText.parse(text) } catch { throw StoreError.invalid(error.description) }
        var seen = Set(try db.cards().map(\.content.duplicateKey))
        var summary = ImportSummary(notes: parsed.notes.count, cards: 0, duplicates: 0,
                                    problems: parsed.skippedLines.map { "line \($0): no first field" }, ids: [])
        var batch: [AppDatabase.NewNote] = []
        for (i, note) in parsed.notes.enumerated() {
            let drafts: [CardDraft]
            do { drafts = try note.drafts(); for d in drafts { try d.validate() } } catch {
                summary.problems.append("note \(i + 1): \(error.description)"); continue
            }
            let fresh = drafts.filter { !seen.contains($0.duplicateKey) }
            guard !fresh.isEmpty else { summary.duplicates += 1; continue }
            for d in fresh { seen.insert(d.duplicateKey) }
            batch.append(AppDatabase.NewNote(drafts: fresh, deck: deck ?? note.deck, tags: tags + note.tags))
        }
        // One transaction: a file imports whole or not at all.
        let ids = try db.addNotes(batch, at: at).flatMap { $0 }
        summary.cards = ids.count
        summary.ids = ids
        return summary
    }

    /// The cards as notes: one per note id (a reversed pair or a cloze's numbers become one note again).
    public static func notes(_ cards: [StoredCard]) -> [AnkiText.Note] {
        var seen = Set<String>()
        var out: [AnkiText.Note] = []
        for c in cards where seen.insert(c.noteID).inserted {
            out.append(AnkiText.Note(kind: c.content.kind, front: c.content.front, back: c.content.back,
                                     deck: c.deckName, tags: c.tags))
        }
        return out
    }

    /// Writes cards (optionally one deck's) as Anki plain text.
    public static func exportText(_ db: AppDatabase, deck: String?) throws -> (text: String, notes: Int) {
        let notes = notes(try db.cards(deck: deck))
        return (AnkiText.write(notes), notes.count)
    }
}
