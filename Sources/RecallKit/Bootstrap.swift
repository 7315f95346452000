import Foundation
import Store

/// First-run setup: a new, empty database gets the bundled sample notebooks so a new user sees real content.
public enum Bootstrap {
    /// Imports the sample notebooks compiled into the binary when the database has never held a project. Returns
    /// the report, or nil when nothing was done (the database is not empty).
    @discardableResult
    public static func importSamplesIfEmpty(_ db: AppDatabase) throws -> ImportReport? {
        guard try db.isEmpty() else { return nil }
        return try importSamples(db)
    }

    /// Imports the sample notebooks compiled into the binary (the same notebooks as `sample-notebooks/`).
    public static func importSamples(_ db: AppDatabase) throws -> ImportReport {
        let report = try db.importNotebooks(MarkdownImporter.sampleNotebooks())
        try db.setSetting("samples-imported", "1")
        return report
    }
}

/// Backup files with rotation: `recall-YYYYMMDD-HHMMSS.db` in a folder, keeping the newest N.
public enum BackupRotation {
    /// Writes a snapshot into `dir` (or to `path` when it ends in `.db`) and deletes the oldest beyond `keep`.
    public static func backup(_ db: AppDatabase, to target: String?, keep: Int, now: Date = Date()) throws -> (path: String, removed: [String]) {
        let defaultDir = ((db.path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("backups")
        let target = target.map { ($0 as NSString).expandingTildeInPath } ?? defaultDir
        if target.hasSuffix(".db") || target.hasSuffix(".sqlite") {
            try db.backup(to: target)
            return (target, [])
        }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX"); f.timeZone = TimeZone(identifier: "UTC"); f.dateFormat = "yyyyMMdd-HHmmss"
        // Same-second backups get a counter above any existing one, so rotation (oldest first) never picks the new file.
        let stamp = f.string(from: now)
        let sameSecond = ((try? FileManager.default.contentsOfDirectory(atPath: target)) ?? [])
            .filter { $0.hasPrefix("recall-\(stamp)") && $0.hasSuffix(".db") }.map { Self.order($0).1 }
        let counter = sameSecond.isEmpty ? 0 : (sameSecond.max() ?? 0) + 1
        let path = (target as NSString).appendingPathComponent(counter == 0 ? "recall-\(stamp).db" : "recall-\(stamp)-\(counter).db")
        try db.backup(to: path)
        let existing = ((try? FileManager.default.contentsOfDirectory(atPath: target)) ?? [])
            .filter { $0.hasPrefix("recall-") && $0.hasSuffix(".db") }
            .sorted { Self.order($0) < Self.order($1) }
        var removed: [String] = []
        if keep > 0 && existing.count > keep {
            for name in existing.prefix(existing.count - keep) {
                let p = (target as NSString).appendingPathComponent(name)
                if (try? FileManager.default.removeItem(atPath: p)) != nil { removed.append(p) }
            }
        }
        return (path, removed)
    }

    /// Sort key: the time stamp, then the same-second counter (`recall-STAMP.db` < `recall-STAMP-1.db` < `-2` …).
    static func order(_ name: String) -> (String, Int) {
        let core = name.dropFirst("recall-".count).dropLast(".db".count)
        let stamp = String(core.prefix(15))
        return (stamp, Int(core.dropFirst(16)) ?? 0)
    }
}
