import Foundation
import GRDB

/// What `recall doctor` reports about the database.
public struct DatabaseReport: Codable, Sendable {
    public var path: String
    public var schema: [String]
    public var integrity: String
    public var fileBytes: Int64
    public var walBytes: Int64
    public var projects: Int
    public var notebooks: Int
    public var snippets: Int
    public var chunks: Int
    public var revisions: Int
    public var trashed: Int
    public var sqliteVersion: String
    public var journalMode: String
}

extension AppDatabase {
    /// Writes a consistent online snapshot with `VACUUM INTO` (other readers and writers may keep working).
    /// Refuses to overwrite an existing file.
    public func backup(to destination: String) throws {
        if FileManager.default.fileExists(atPath: destination) {
            throw StoreError.invalid("\(destination) already exists — choose a new file name")
        }
        let dir = (destination as NSString).deletingLastPathComponent
        if !dir.isEmpty { try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        do { try pool.vacuum(into: destination) } catch {
            try? FileManager.default.removeItem(atPath: destination)
            throw Self.translate(error, path: destination, timeout: busyTimeout)
        }
    }

    /// Integrity, schema, sizes and counts.
    public func report() throws -> DatabaseReport {
        let c = try counts()
        let (integrity, version, mode) = try read { db in
            (try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; "),
             try String.fetchOne(db, sql: "SELECT sqlite_version()") ?? "?",
             try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "?")
        }
        func size(_ p: String) -> Int64 { ((try? FileManager.default.attributesOfItem(atPath: p))?[.size] as? NSNumber)?.int64Value ?? 0 }
        return DatabaseReport(path: path, schema: try schemaVersion(), integrity: integrity, fileBytes: size(path), walBytes: size(path + "-wal"),
                              projects: c.projects, notebooks: c.notebooks, snippets: c.snippets, chunks: c.chunks,
                              revisions: c.revisions, trashed: c.trashed, sqliteVersion: version, journalMode: mode)
    }

    /// Reads a key from the settings table.
    public func setting(_ key: String) throws -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [key]) }
    }

    /// Writes a key in the settings table.
    public func setSetting(_ key: String, _ value: String) throws {
        try write { db in try db.execute(sql: "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", arguments: [key, value]) }
    }
}
