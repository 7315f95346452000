import Foundation
import GRDB
import Notebook

/// The Recall database: one SQLite file in WAL mode, opened through GRDB, with intention-named operations.
/// Every write runs in one transaction; a failed write changes nothing.
public final class AppDatabase: Sendable {
    /// The database file path.
    public let path: String
    let pool: DatabasePool
    /// Injected clock: the store never reads the time itself, so tests can fix it.
    let clock: @Sendable () -> Date
    /// How long a write waits for another process's lock before failing with a clear message.
    public let busyTimeout: TimeInterval
    /// Row counts of search words, per version of the full-text index (pruned OR searches).
    let termCounts = TermCountCache()

    /// The default location: `$RECALL_DB`, else `$XDG_DATA_HOME/recall/recall.db`, else `~/.local/share/recall/recall.db`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let p = environment["RECALL_DB"], !p.isEmpty { return p }
        let data = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        return data + "/recall/recall.db"
    }

    /// Opens the database at `path`. `.readWrite` creates (with its folder) and migrates it when needed;
    /// `.readOnly` opens an existing file without writing (see `DatabaseAccess`). A path that cannot hold a
    /// database (a folder, fifo, device, link loop, empty path) is refused before anything opens it.
    public init(path: String, access: DatabaseAccess = .readWrite, busyTimeout: TimeInterval = 10,
                clock: @escaping @Sendable () -> Date = { Date() }) throws {
        self.path = path
        self.clock = clock
        self.busyTimeout = busyTimeout
        let dir = (path as NSString).deletingLastPathComponent
        switch try DatabasePathKind.check(path) {
        case .file:
            if access == .readWrite && !FileManager.default.isWritableFile(atPath: path) { throw StoreError.readOnly(path: path) }
            try Self.checkHeader(path)
            if ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0 > 0 {
                try Self.checkNotNewer(path, busyTimeout: busyTimeout)
            }
        case .missing(let folderExists):
            if access == .readOnly { throw StoreError.noDatabase(path: path, folderMissing: !folderExists) }
            if !folderExists {
                do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
                    throw StoreError.cannotCreate(path: path, reason: (error as NSError).localizedDescription)
                }
            } else if !dir.isEmpty && !FileManager.default.isWritableFile(atPath: dir) {
                throw StoreError.readOnly(path: path)
            }
        }
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        config.foreignKeysEnabled = true
        config.label = "recall"
        // A 32 MB page cache per connection: large imports otherwise re-read their own pages back from the WAL.
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA cache_size = -32768")
            FTSExactScore.register(db)  // exact pruning of OR searches (AppDatabase+SearchPruning.swift)
        }
        if access == .readOnly, let opened = try Self.openReadOnly(path: path, config: config, busyTimeout: busyTimeout) {
            pool = opened
            return
        }
        // Opening switches the file to WAL and may migrate; both can meet SQLITE_BUSY at once (without the busy
        // handler) while another process is creating the same file. Retry until the busy timeout has passed.
        let deadline = Date().addingTimeInterval(busyTimeout)
        var delay = 0.005
        var schemaRaces = 0
        while true {
            do {
                let opened = try DatabasePool(path: path, configuration: config)
                try Self.migrate(opened, path: path)
                pool = opened
                break
            } catch let e as DatabaseError where (e.resultCode == .SQLITE_BUSY || e.resultCode == .SQLITE_LOCKED) && Date() < deadline {
                Thread.sleep(forTimeInterval: delay)  // back-off between attempts to take the lock, not a wait for an event
                delay = min(delay * 2, 0.2)
            } catch let e as DatabaseError where (e.resultCode == .SQLITE_ERROR || e.resultCode == .SQLITE_CONSTRAINT) && schemaRaces < 5 {
                // Another process created the schema between our look and our write ("no such table",
                // "already exists", a duplicate migration row): look again.
                schemaRaces += 1
            } catch {
                throw Self.translate(error, path: path, timeout: busyTimeout)
            }
        }
    }

    /// A read-only pool when the file already holds the current schema (nil when it needs migrating, which only a
    /// writable open may do). Nothing is written: no WAL switch, no migration table.
    static func openReadOnly(path: String, config: Configuration, busyTimeout: TimeInterval) throws -> DatabasePool? {
        var readOnly = config
        readOnly.readonly = true
        do {
            let opened = try DatabasePool(path: path, configuration: readOnly)
            let current = try opened.read { db -> Bool in
                let applied = try Schema.migrator.appliedIdentifiers(db)
                let unknown = applied.subtracting(Set(Schema.migrator.migrations))
                if !unknown.isEmpty { throw StoreError.newerSchema(path: path, unknown: Array(unknown)) }
                return try Schema.migrator.hasCompletedMigrations(db)
            }
            if current { return opened }
        } catch let e as StoreError { throw e } catch {
            throw translate(error, path: path, timeout: busyTimeout)
        }
        // An older (or empty) schema: upgrading it is a write, done only when the file is writable.
        if !FileManager.default.isWritableFile(atPath: path) {
            throw StoreError.invalid("database \(path) uses an older schema and the file is read-only — open it once with write access (e.g. `recall doctor` after `chmod u+w`) to upgrade it")
        }
        return nil
    }

    /// Refuses a database migrated by a newer Recall without writing to it (a pool's first open may write).
    static func checkNotNewer(_ path: String, busyTimeout: TimeInterval) throws {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(busyTimeout)
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            defer { try? queue.close() }
            let applied = try queue.read { try Schema.migrator.appliedIdentifiers($0) }
            let unknown = applied.subtracting(Set(Schema.migrator.migrations))
            if !unknown.isEmpty { throw StoreError.newerSchema(path: path, unknown: Array(unknown)) }
        } catch let e as StoreError { throw e } catch let e as DatabaseError where e.resultCode == .SQLITE_CANTOPEN || e.resultCode == .SQLITE_ERROR {
            return  // e.g. a WAL file without its -shm in a read-only open: the normal open below checks again
        } catch { throw translate(error, path: path, timeout: busyTimeout) }
    }

    /// Refuses files that are clearly not SQLite before SQLite or GRDB touch them.
    static func checkHeader(_ path: String) throws {
        guard let h = FileHandle(forReadingAtPath: path) else { throw StoreError.readOnly(path: path) }
        defer { try? h.close() }
        let head: Data
        do { head = try h.read(upToCount: 16) ?? Data() } catch {
            throw StoreError.badPath(path: path, reason: "cannot read \(path): \((error as NSError).localizedDescription) — point --db at a database file")
        }
        if !head.isEmpty && head != Data("SQLite format 3\0".utf8) { throw StoreError.notADatabase(path: path) }
    }

    static func migrate(_ pool: DatabasePool, path: String) throws {
        let migrator = Schema.migrator
        let applied = try pool.read { db in try migrator.appliedIdentifiers(db) }
        let unknown = applied.subtracting(Set(migrator.migrations))
        if !unknown.isEmpty { throw StoreError.newerSchema(path: path, unknown: Array(unknown)) }
        // A current schema is left alone: the migrator would take the write lock just to find nothing to do.
        if try pool.read({ db in try migrator.hasCompletedMigrations(db) }) { return }
        // GRDB reads the applied list outside a transaction, so two processes opening a new file can both run
        // the same migration; the loser's transaction rolls back. Re-reading the list and going on is safe.
        var attempt = 0
        while true {
            do { try migrator.migrate(pool); break } catch let e as DatabaseError
                where attempt < 3 && (e.resultCode == .SQLITE_ERROR || e.resultCode == .SQLITE_CONSTRAINT) { attempt += 1 }
        }
    }

    /// The names of the applied migrations, oldest first.
    public func schemaVersion() throws -> [String] {
        try read { db in try Schema.migrator.appliedMigrations(db) }
    }

    // MARK: - Access with clear errors

    /// Runs a read, translating low-level errors into `StoreError`s.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.read(body) } catch { throw Self.translate(error, path: path, timeout: busyTimeout) }
    }

    /// Runs a write in one immediate transaction, translating low-level errors into `StoreError`s.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.write(body) } catch { throw Self.translate(error, path: path, timeout: busyTimeout) }
    }

    /// Maps SQLite result codes onto messages a person can act on.
    static func translate(_ error: Error, path: String, timeout: TimeInterval) -> Error {
        guard let dbError = error as? DatabaseError else { return error }
        switch dbError.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return StoreError.busy(path: path, holders: LockHolders.describe(path: path), waitedSeconds: Int(timeout))
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return StoreError.notADatabase(path: path)
        case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM:
            return StoreError.readOnly(path: path)
        case .SQLITE_FULL:
            return StoreError.diskFull(path: path)
        default:
            return error
        }
    }
}

/// Finds which other processes have the database open (Linux `/proc/*/fd`), to say what holds a lock.
enum LockHolders {
    /// Descriptions like `pid 4242 (recall import notes/)` for other processes with the file open.
    static func describe(path: String) -> [String] {
        let target = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        let me = ProcessInfo.processInfo.processIdentifier
        guard let pids = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        var out: [String] = []
        for pid in pids.compactMap(Int32.init) where pid != me {
            let fdDir = "/proc/\(pid)/fd"
            guard let fds = try? FileManager.default.contentsOfDirectory(atPath: fdDir) else { continue }
            let holds = fds.contains { fd in
                guard let dest = try? FileManager.default.destinationOfSymbolicLink(atPath: "\(fdDir)/\(fd)") else { return false }
                return dest == target || dest == target + "-wal"
            }
            guard holds else { continue }
            let cmd = (try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8))?
                .split(separator: "\0").map(String.init).map { ($0 as NSString).lastPathComponent == $0 ? $0 : $0 }
                .joined(separator: " ") ?? "?"
            out.append("pid \(pid) (\(cmd.prefix(80)))")
        }
        return out
    }
}
