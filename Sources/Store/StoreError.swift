import Foundation

/// Errors a person can act on: each says what happened and what to do next.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    case notFound(String)
    case ambiguousID(String, matches: [String])
    case busy(path: String, holders: [String], waitedSeconds: Int)
    case newerSchema(path: String, unknown: [String])
    case notADatabase(path: String)
    case readOnly(path: String)
    case cannotCreate(path: String, reason: String)
    case diskFull(path: String)
    case invalid(String)
    /// A read found no database file at the path (it is never created by a read).
    case noDatabase(path: String, folderMissing: Bool)
    /// The path cannot hold a database (a folder, a fifo, a device, a symbolic link loop…); `reason` says which.
    case badPath(path: String, reason: String)

    public var description: String {
        switch self {
        case .notFound(let id):
            return "nothing matches id '\(id)' — run `recall list` to see ids"
        case .ambiguousID(let id, let matches):
            return "id '\(id)' is ambiguous (\(matches.prefix(5).joined(separator: ", "))) — type more characters"
        case .busy(let path, let holders, let waited):
            let who = holders.isEmpty ? "another process" : holders.joined(separator: ", ")
            return "database \(path) is locked by \(who); waited \(waited) s — try again when it finishes"
        case .newerSchema(let path, let unknown):
            return "database \(path) was written by a newer Recall (schema \(unknown.sorted().joined(separator: ", "))) — upgrade recall, or use another --db"
        case .notADatabase(let path):
            return "\(path) is not a Recall/SQLite database — point --db at another file"
        case .readOnly(let path):
            return "cannot write to \(path): the location is read-only — choose a writable place with --db or RECALL_DB"
        case .cannotCreate(let path, let reason):
            return "cannot create the database at \(path): \(reason) — choose another place with --db or RECALL_DB"
        case .diskFull(let path):
            return "the disk holding \(path) is full; nothing was changed — free some space and try again"
        case .invalid(let message):
            return message
        case .noDatabase(let path, let folderMissing):
            let place = folderMissing ? "no database at \(path) (its folder \((path as NSString).deletingLastPathComponent) does not exist either)"
                                      : "no database at \(path)"
            return "\(place) — check --db / RECALL_DB, or create one with `recall new` or `recall import`"
        case .badPath(_, let reason):
            return reason
        }
    }
}
