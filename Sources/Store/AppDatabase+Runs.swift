import Execution
import Foundation
import GRDB

/// The last run of a snippet as saved: how it ended and which text it ran.
public struct SavedRun: Sendable, Equatable {
    /// The snippet it belongs to.
    public var snippetID: String
    /// The content hash of the body that ran (differs from the snippet's when it was edited since).
    public var contentHash: String
    /// The runner's language.
    public var language: String
    /// When it started.
    public var startedAt: Date
    /// How it ended.
    public var outcome: RunOutcome

    /// Creates a saved run.
    public init(snippetID: String, contentHash: String, language: String, startedAt: Date, outcome: RunOutcome) {
        self.snippetID = snippetID; self.contentHash = contentHash; self.language = language
        self.startedAt = startedAt; self.outcome = outcome
    }
}

extension AppDatabase {
    /// Saves a snippet's last run, replacing the one before.
    public func saveRun(_ run: SavedRun) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let limits = String(decoding: try encoder.encode(run.outcome.limits), as: UTF8.self)
        let transcript = String(decoding: try encoder.encode(run.outcome.transcript), as: UTF8.self)
        try write { db in
            try db.execute(sql: """
                INSERT OR REPLACE INTO snippet_run (snippet_id, content_hash, language, exit_code, signal, killed, truncated,
                    duration_ms, limits, transcript, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [run.snippetID, run.contentHash, run.language, Int(run.outcome.exitCode),
                                 run.outcome.signal.map { Int($0) }, run.outcome.killed?.rawValue, run.outcome.truncated,
                                 run.outcome.durationMs, limits, transcript, run.startedAt])
        }
    }

    /// The last saved run of a snippet, or nil when it never ran.
    public func lastRun(snippetID: String) throws -> SavedRun? {
        let row = try read { db in try Row.fetchOne(db, sql: "SELECT * FROM snippet_run WHERE snippet_id = ?", arguments: [snippetID]) }
        guard let row else { return nil }
        let decoder = JSONDecoder()
        let limitsText: String = row["limits"]
        let transcriptText: String = row["transcript"]
        let limits = (try? decoder.decode(RunLimits.self, from: Data(limitsText.utf8))) ?? .defaults
        let transcript = (try? decoder.decode([OutputChunk].self, from: Data(transcriptText.utf8))) ?? []
        let killedText: String? = row["killed"]
        let exitCode: Int = row["exit_code"]
        let signal: Int? = row["signal"]
        let outcome = RunOutcome(exitCode: Int32(clamping: exitCode), transcript: transcript, durationMs: row["duration_ms"],
                                 killed: killedText.flatMap(KillReason.init(rawValue:)), truncated: row["truncated"],
                                 limits: limits, signal: signal.map { Int32(clamping: $0) })
        return SavedRun(snippetID: row["snippet_id"], contentHash: row["content_hash"], language: row["language"],
                        startedAt: row["started_at"], outcome: outcome)
    }
}
