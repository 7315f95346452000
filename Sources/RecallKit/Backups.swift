import Foundation
import Store
import TOMLKit

/// The daily snapshot's switch and how many to keep: `[backup]` in config.toml, `RECALL_DAILY_BACKUP=off`.
///
/// ```toml
/// [backup]
/// daily = true   # false: no automatic snapshot
/// keep = 7       # daily snapshots kept (the newest)
/// ```
public struct BackupSettings: Sendable, Equatable {
    /// Take a snapshot on the first start of each day.
    public var daily: Bool
    /// How many daily snapshots to keep.
    public var keep: Int

    /// Settings (defaults: on, 7 kept).
    public init(daily: Bool = true, keep: Int = 7) { self.daily = daily; self.keep = keep }

    /// Reads `[backup]` from the config file (if any), then `RECALL_DAILY_BACKUP` (`off`/`on`).
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> BackupSettings {
        var settings = BackupSettings()
        let path = LLMConfigLoader.configPath(environment: environment)
        if let data = FileManager.default.contents(atPath: path) { settings = try parse(String(decoding: data, as: UTF8.self), path: path) }
        if let raw = environment["RECALL_DAILY_BACKUP"], !raw.isEmpty {
            switch raw.lowercased() {
            case "off", "0", "false", "no": settings.daily = false
            case "on", "1", "true", "yes": settings.daily = true
            default: throw ConfigError("RECALL_DAILY_BACKUP=\(raw) is not on or off — use RECALL_DAILY_BACKUP=off to stop daily snapshots")
            }
        }
        return settings
    }

    /// Parses the `[backup]` table of a config file (other tables are other parsers' business).
    public static func parse(_ text: String, path: String) throws -> BackupSettings {
        var settings = BackupSettings()
        guard let table = try? TOMLTable(string: text), let value = table["backup"] else { return settings }
        guard let backup = value.table else { throw ConfigError("\(path): [backup] must be a table") }
        for key in backup.keys where !["daily", "keep"].contains(key) {
            throw ConfigError("\(path) [backup]: unknown key '\(key)' (known: daily, keep)")
        }
        if let v = backup["daily"] {
            guard let b = v.bool else { throw ConfigError("\(path) [backup]: daily must be true or false") }
            settings.daily = b
        }
        if let v = backup["keep"] {
            guard let n = v.int, n > 0 else { throw ConfigError("\(path) [backup]: keep must be a positive whole number") }
            settings.keep = n
        }
        return settings
    }
}

/// One snapshot file on disk.
public struct BackupFile: Codable, Sendable, Equatable {
    /// Full path.
    public var path: String
    /// `manual` (`recall backup`), `daily` (automatic) or `pre-restore` (taken before a restore).
    public var kind: String
    /// Size in bytes.
    public var bytes: Int64
    /// When the file was written.
    public var modified: Date
}

/// Where snapshots live: `backups/` next to the database (manual), `backups/daily/` and `backups/pre-restore/`.
public enum Backups {
    /// The folder for `recall backup` without a path.
    public static func folder(for dbPath: String) -> String {
        ((dbPath as NSString).deletingLastPathComponent as NSString).appendingPathComponent("backups")
    }

    /// The daily snapshot folder.
    public static func dailyFolder(for dbPath: String) -> String { (folder(for: dbPath) as NSString).appendingPathComponent("daily") }

    /// The folder of snapshots taken just before a restore.
    public static func preRestoreFolder(for dbPath: String) -> String { (folder(for: dbPath) as NSString).appendingPathComponent("pre-restore") }

    /// Every snapshot in the three folders, newest first.
    public static func list(for dbPath: String) -> [BackupFile] {
        var out: [BackupFile] = []
        for (dir, kind) in [(folder(for: dbPath), "manual"), (dailyFolder(for: dbPath), "daily"), (preRestoreFolder(for: dbPath), "pre-restore")] {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] where name.hasPrefix("recall-") && name.hasSuffix(".db") {
                let p = (dir as NSString).appendingPathComponent(name)
                guard let a = try? FileManager.default.attributesOfItem(atPath: p), (a[.type] as? FileAttributeType) == .typeRegular else { continue }
                out.append(BackupFile(path: p, kind: kind, bytes: (a[.size] as? NSNumber)?.int64Value ?? 0, modified: a[.modificationDate] as? Date ?? .distantPast))
            }
        }
        return out.sorted { ($0.modified, $0.path) > ($1.modified, $1.path) }
    }

    /// Takes the day's snapshot into `backups/daily/` when none was taken today (UTC), keeping the newest
    /// `settings.keep`. Returns the new file, or nil when off or already done today.
    @discardableResult
    public static func dailyIfDue(_ db: AppDatabase, settings: BackupSettings, now: Date = Date()) throws -> String? {
        guard settings.daily else { return nil }
        let dir = dailyFolder(for: db.path)
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX"); f.timeZone = TimeZone(identifier: "UTC"); f.dateFormat = "yyyyMMdd"
        let today = "recall-\(f.string(from: now))"
        let existing = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        if existing.contains(where: { $0.hasPrefix(today) && $0.hasSuffix(".db") }) { return nil }
        return try BackupRotation.backup(db, to: dir, keep: settings.keep, now: now).path
    }

    /// What a restore did.
    public struct RestoreReport: Codable, Sendable, Equatable {
        /// The snapshot restored.
        public var restored: String
        /// The snapshot of the database as it was just before (nil when there was no database).
        public var previous: String?
        /// Migrations applied to bring the snapshot up to date.
        public var upgraded: [String]
    }

    /// Replaces the database at `dbPath` with the snapshot at `snapshot`: checks the snapshot first (integrity,
    /// schema), refuses while another process has the database open (naming it), snapshots the current database
    /// into `backups/pre-restore/`, then copies the snapshot beside the database and renames it over (atomic).
    public static func restore(snapshot: String, dbPath: String) throws -> RestoreReport {
        let snapshot = (snapshot as NSString).expandingTildeInPath
        let real = { (p: String) in URL(fileURLWithPath: p).standardizedFileURL.resolvingSymlinksInPath().path }
        if real(snapshot) == real(dbPath) { throw BackupError("\(snapshot) is the database itself — choose a snapshot from `recall backup --list`") }
        let check = try AppDatabase.checkSnapshot(snapshot)
        try refuseIfOpen(dbPath)
        var previous: String?
        if FileManager.default.fileExists(atPath: dbPath) {
            let current = try AppDatabase(path: dbPath)
            previous = try BackupRotation.backup(current, to: preRestoreFolder(for: dbPath), keep: 0).path
            try current.checkpointAndClose()
        }
        let dir = (dbPath as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let temp = (dir as NSString).appendingPathComponent(".recall-restore-\(ProcessInfo.processInfo.processIdentifier).db")
        try? FileManager.default.removeItem(atPath: temp)
        do {
            try FileManager.default.copyItem(atPath: snapshot, toPath: temp)
            let h = try FileHandle(forUpdating: URL(fileURLWithPath: temp))
            try h.synchronize(); try h.close()
            try refuseIfOpen(dbPath)
            // The old file's WAL and shared-memory index must not be applied to the new file.
            for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: dbPath + suffix) }
            guard rename(temp, dbPath) == 0 else { throw BackupError("cannot replace \(dbPath): \(String(cString: strerror(errno)))") }
        } catch {
            try? FileManager.default.removeItem(atPath: temp)
            throw error
        }
        _ = try AppDatabase(path: dbPath)  // opens and upgrades an older snapshot's schema
        return RestoreReport(restored: snapshot, previous: previous, upgraded: check.missing)
    }

    /// Refuses while any other process has the database open.
    static func refuseIfOpen(_ dbPath: String) throws {
        let holders = AppDatabase.processesHolding(dbPath)
        if !holders.isEmpty {
            throw BackupError("database \(dbPath) is open in \(holders.joined(separator: ", ")) — quit it, then restore again (nothing was changed)")
        }
    }
}

/// A restore that cannot go ahead: what is wrong and what to do.
public struct BackupError: Error, Sendable, CustomStringConvertible {
    /// The explanation.
    public var description: String
    /// Creates an error.
    public init(_ description: String) { self.description = description }
}
