import Foundation
import GRDB
import Notebook
import SRS

/// What making a card from a selection stored.
public struct SelectionCardResult: Sendable, Equatable {
    /// The cards added (one, a reversed pair, or the new gap's card).
    public var added: [StoredCard]
    /// For a cloze: the new gap's number (1 for a new note, then 2, 3…).
    public var clozeNumber: Int?
    /// How many cards the note has now.
    public var noteCards: Int
}

extension AppDatabase {
    /// Makes a card from a selection in a snippet, linked to the passage (chunk) that holds it.
    ///
    /// `contentHash` is the hash of the text the selection was made in: if the stored snippet differs (not saved yet,
    /// or changed elsewhere) nothing is added. `byteRange` is a UTF-8 range in the snippet body. A cloze selection
    /// must lie inside one passage: the passage's text is the note, and a further selection in the same passage adds
    /// the next gap to the same note (the existing cards keep their schedules; their text gains the new gap).
    @discardableResult
    public func addCardFromSelection(snippetID: String, contentHash: String, byteRange: Range<Int>,
                                     kind: SelectionCardKind, at: Date? = nil) throws -> SelectionCardResult {
        let now = at ?? clock()
        return try write { db in
            guard let snippet = try Row.fetchOne(db, sql: "SELECT body, content_hash FROM snippet WHERE id = ? AND trashed_at IS NULL",
                                                 arguments: [snippetID]) else { throw StoreError.notFound(snippetID) }
            guard (snippet["content_hash"] as String) == contentHash else {
                throw StoreError.invalid("the snippet's stored text differs from the editor's — save (Ctrl-S) and select again")
            }
            let body = Array((snippet["body"] as String).utf8)
            guard byteRange.lowerBound >= 0, byteRange.upperBound <= body.count, !byteRange.isEmpty else {
                throw StoreError.invalid(ClozeSelectionError.empty.description)
            }
            let chunk = try Row.fetchOne(db, sql: """
                SELECT id, text, byte_start FROM chunk WHERE snippet_id = ? AND byte_start <= ? AND byte_end >= ?
                ORDER BY ordinal LIMIT 1
                """, arguments: [snippetID, byteRange.lowerBound, byteRange.upperBound])
            switch kind {
            case .basic(let prompt), .reversed(let prompt):
                let answer = String(decoding: body[byteRange], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                guard !answer.isEmpty else { throw StoreError.invalid(ClozeSelectionError.empty.description) }
                let start = try chunk.map { $0["id"] as Int64 } ?? Int64.fetchOne(db, sql: """
                    SELECT id FROM chunk WHERE snippet_id = ? AND byte_start <= ? AND byte_end > ? ORDER BY ordinal LIMIT 1
                    """, arguments: [snippetID, byteRange.lowerBound, byteRange.lowerBound])
                let drafts: [CardDraft]
                if case .reversed = kind { drafts = CardDraft.reversed(front: prompt, back: answer) } else { drafts = CardDraft.basic(front: prompt, back: answer) }
                for d in drafts { do { try d.validate() } catch { throw StoreError.invalid(String(describing: error)) } }
                let ids = try insertNote(db, NewNote(drafts: drafts, source: CardSource(snippetID: snippetID, chunkID: start)), at: now)
                let added = try ids.map { try Self.fetchCardOrThrow(db, id: $0) }
                return SelectionCardResult(added: added, clozeNumber: nil, noteCards: added.count)
            case .cloze:
                guard let chunk else {
                    throw StoreError.invalid("a cloze gap must lie inside one passage (paragraph block) — select less")
                }
                let chunkID: Int64 = chunk["id"], passage: String = chunk["text"], offset: Int = chunk["byte_start"]
                let local = (byteRange.lowerBound - offset)..<(byteRange.upperBound - offset)
                // The passage's note: a cloze note from this chunk whose plain text is the passage.
                let siblings = try Row.fetchAll(db, sql: Self.cardSelect + """
                     WHERE c.source_snippet_id = ? AND c.source_chunk_id = ? AND c.kind = 'cloze' ORDER BY c.created_at DESC, c.rowid DESC
                    """, arguments: [snippetID, chunkID]).map(Self.card(row:))
                let note = siblings.first { Cloze.plain($0.content.front) == passage }
                let made: (text: String, number: Int)
                do { made = try Cloze.addingGap(local, in: passage, to: note?.content.front) } catch {
                    throw StoreError.invalid(String(describing: error))
                }
                guard let note else {
                    let drafts = [CardDraft(kind: .cloze, front: made.text, back: "", clozeIndex: made.number)]
                    let ids = try insertNote(db, NewNote(drafts: drafts, source: CardSource(snippetID: snippetID, chunkID: chunkID)), at: now)
                    return SelectionCardResult(added: try ids.map { try Self.fetchCardOrThrow(db, id: $0) }, clozeNumber: made.number, noteCards: 1)
                }
                try db.execute(sql: "UPDATE card SET front = ?, updated_at = ? WHERE note_id = ?", arguments: [made.text, now, note.noteID])
                let id = newID()
                let schedule = CardSchedule.new(at: now)
                try db.execute(sql: """
                    INSERT INTO card (id, note_id, deck_id, kind, front, back, cloze_index, tags, source_snippet_id, source_chunk_id,
                    source_hash, source_chunk_hash, state, step, due, created_at, updated_at)
                    SELECT ?, note_id, deck_id, 'cloze', ?, back, ?, tags, source_snippet_id, source_chunk_id, source_hash,
                      source_chunk_hash, ?, ?, ?, ?, ? FROM card WHERE id = ?
                    """, arguments: [id, made.text, made.number, schedule.phase.rawValue, schedule.step, now, now, now, note.id])
                let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM card WHERE note_id = ?", arguments: [note.noteID]) ?? 0
                return SelectionCardResult(added: [try Self.fetchCardOrThrow(db, id: id)], clozeNumber: made.number, noteCards: count)
            }
        }
    }
}
