import Foundation
import Store

/// First-run setup: a new, empty database gets the bundled sample notebooks so a new user sees real content.
public enum Bootstrap {
    /// Imports `sample-notebooks/` when the database has never held a project. Returns the report, or nil when
    /// nothing was done (not empty, or the samples folder was not found).
    @discardableResult
    public static func importSamplesIfEmpty(_ db: AppDatabase) throws -> ImportReport? {
        guard try db.isEmpty(), let dir = RecallPaths.resource("sample-notebooks") else { return nil }
        return try importSamples(db, from: dir)
    }

    /// Imports the sample notebooks (every project folder under `dir`).
    public static func importSamples(_ db: AppDatabase, from dir: String) throws -> ImportReport {
        let (notebooks, problems) = MarkdownImporter().collect([dir])
        if let first = problems.first { throw first }
        let report = try db.importNotebooks(notebooks)
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
        var path = (target as NSString).appendingPathComponent("recall-\(f.string(from: now)).db")
        var n = 1
        while FileManager.default.fileExists(atPath: path) {
            path = (target as NSString).appendingPathComponent("recall-\(f.string(from: now))-\(n).db"); n += 1
        }
        try db.backup(to: path)
        let existing = ((try? FileManager.default.contentsOfDirectory(atPath: target)) ?? [])
            .filter { $0.hasPrefix("recall-") && $0.hasSuffix(".db") }.sorted()
        var removed: [String] = []
        if keep > 0 && existing.count > keep {
            for name in existing.prefix(existing.count - keep) {
                let p = (target as NSString).appendingPathComponent(name)
                if (try? FileManager.default.removeItem(atPath: p)) != nil { removed.append(p) }
            }
        }
        return (path, removed)
    }
}
