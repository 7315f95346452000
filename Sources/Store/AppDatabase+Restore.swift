import Foundation
import GRDB

/// What a snapshot file holds, checked before a restore touches anything.
public struct SnapshotCheck: Sendable, Equatable {
    /// The applied migrations, oldest first.
    public var schema: [String]
    /// Migrations this Recall has that the snapshot lacks (it is upgraded when opened).
    public var missing: [String]
    /// `PRAGMA integrity_check`'s answer (`ok`).
    public var integrity: String
}

extension AppDatabase {
    /// Checks a snapshot without writing to it: a SQLite file, a Recall schema no newer than this Recall's, and an
    /// integrity check that answers `ok`. Throws a `StoreError` that says which check failed.
    public static func checkSnapshot(_ path: String) throws -> SnapshotCheck {
        guard case .file = try DatabasePathKind.check(path) else {
            throw StoreError.badPath(path: path, reason: "\(path) does not exist — run `recall backup --list` to see the snapshots")
        }
        do { try checkHeader(path) } catch StoreError.notADatabase {
            throw StoreError.invalid("\(path) is not a Recall database (not a SQLite file) — choose a snapshot from `recall backup --list`")
        }
        var config = Configuration()
        config.readonly = true
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            defer { try? queue.close() }
            return try queue.read { db in
                guard try db.tableExists("grdb_migrations"), try db.tableExists("snippet") else {
                    throw StoreError.invalid("\(path) is a SQLite file but not a Recall database — choose a file written by `recall backup`")
                }
                let applied = try Schema.migrator.appliedIdentifiers(db)
                let known = Schema.migrator.migrations
                let unknown = applied.subtracting(Set(known))
                if !unknown.isEmpty { throw StoreError.newerSchema(path: path, unknown: Array(unknown)) }
                let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ")
                guard integrity == "ok" else {
                    throw StoreError.invalid("\(path) fails SQLite's integrity check (\(integrity.prefix(200))) — choose another snapshot")
                }
                return SnapshotCheck(schema: known.filter(applied.contains), missing: known.filter { !applied.contains($0) }, integrity: integrity)
            }
        } catch let e as StoreError { throw e } catch let e as DatabaseError where e.resultCode == .SQLITE_CORRUPT || e.resultCode == .SQLITE_NOTADB {
            throw StoreError.invalid("\(path) is damaged (\(e.message ?? "malformed")) — choose another snapshot")
        } catch {
            throw translate(error, path: path, timeout: 1)
        }
    }

    /// Other processes that have the database file (or its WAL) open, as `pid N (command line)`; empty when none.
    public static func processesHolding(_ path: String) -> [String] { LockHolders.describe(path: path) }

    /// Folds the WAL into the main file and closes every connection, so the file alone is the database.
    public func checkpointAndClose() throws {
        do {
            try pool.writeWithoutTransaction { db in _ = try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
            try pool.close()
        } catch { throw Self.translate(error, path: path, timeout: busyTimeout) }
    }
}
