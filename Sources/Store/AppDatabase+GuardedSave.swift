import Foundation
import GRDB
import Notebook

/// What a save that names the text it started from did.
public enum GuardedSave: Sendable {
    /// The text was stored (as a new revision when it changed).
    case saved(SaveResult)
    /// The stored text had changed since: nothing was overwritten; the given text was kept as a revision marked
    /// `conflict` (unless it equals the stored text), and `current` is the snippet as stored.
    case conflict(current: Snippet)
}

extension AppDatabase {
    /// Saves a snippet's body only if its stored content hash is still `basedOn` (the text the editor loaded or
    /// last saved). Otherwise another process changed it: the stored text stays, and this text is appended to the
    /// history as a conflict revision, so both versions are kept and neither is overwritten silently.
    public func saveSnippet(id: String, body: String, basedOn: String, origin: RevisionOrigin = .editor) throws -> GuardedSave {
        let body = Self.storable(body)
        return try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM snippet WHERE id = ?", arguments: [id]) else { throw StoreError.notFound(id) }
            let current = Snippet(row: row)
            guard current.contentHash == basedOn else {
                if current.body != body {
                    var mine = current
                    mine.body = body
                    mine.contentHash = ContentHash.of(body)
                    try appendRevision(db, snippet: mine, origin: .conflict)
                }
                return .conflict(current: current)
            }
            return .saved(try updateSnippet(db, id: id, changes: SnippetChanges(body: body), origin: origin))
        }
    }
}
