import ArgumentParser
import Foundation
import RecallKit
import Store

/// `recall backup`: a consistent online snapshot (`VACUUM INTO`) with rotation; `--list` and `--restore FILE`.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "backup", abstract: "Write, list or restore snapshots of the database.",
        discussion: """
        PATH is a folder (default: backups/ next to the database) where recall-YYYYMMDD-HHMMSS.db is written and only the newest --keep are kept, or a file ending in .db. \
        The app also takes a snapshot on the first start of each day into backups/daily/ (keeps 7; [backup] daily/keep in config.toml, RECALL_DAILY_BACKUP=off). \
        --list shows every snapshot; --restore FILE checks it (integrity, schema), refuses while another process has the database open, \
        snapshots the current database into backups/pre-restore/, then swaps the file in atomically.
        """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Folder or .db file.") var path: String?
    @Option(parsing: .unconditional, help: "How many snapshots to keep in the folder (0: keep all).") var keep = 10
    @Flag(help: "List the snapshots (manual, daily and pre-restore), newest first.") var list = false
    @Option(help: "Replace the database with this snapshot (the current one is snapshotted first).") var restore: String?

    func validate() throws {
        if list && restore != nil { throw ValidationError("--list and --restore do not go together") }
        if (list || restore != nil) && path != nil { throw ValidationError("PATH is for writing a snapshot; --list and --restore take none") }
    }

    func run() throws {
        if list { return try listSnapshots() }
        if let restore { return try restoreSnapshot(restore) }
        guard keep >= 0 else { throw ValidationError("--keep must be 0 or more (got \(keep))") }
        let db = try global.openForReading()  // a snapshot only reads: no lock taken, nothing created
        let result = try BackupRotation.backup(db, to: path, keep: keep)
        if global.json { try Output.json(["path": result.path, "removed": result.removed.joined(separator: ",")]) } else {
            print("backup written to \(result.path)" + (result.removed.isEmpty ? "" : " (removed \(result.removed.count) old)"))
        }
    }

    func listSnapshots() throws {
        let files = Backups.list(for: global.databasePath)
        if global.json { return try Output.json(files) }
        if files.isEmpty { return print("no snapshots in \(Backups.folder(for: global.databasePath)) — `recall backup` writes one") }
        for f in files {
            print("\(Output.iso(f.modified))  \(f.kind.padding(toLength: 11, withPad: " ", startingAt: 0)) \(String(format: "%9.1f KB", Double(f.bytes) / 1024))  \(f.path)")
        }
    }

    func restoreSnapshot(_ file: String) throws {
        let report: Backups.RestoreReport
        do { report = try Backups.restore(snapshot: file, dbPath: global.databasePath) } catch let e as BackupError { throw CLIError(e.description) }
        if global.json { return try Output.json(report) }
        print("restored \(report.restored) into \(global.databasePath)" + (report.previous.map { "; the database as it was is in \($0)" } ?? "")
              + (report.upgraded.isEmpty ? "" : "; upgraded its schema (\(report.upgraded.joined(separator: ", ")))"))
    }
}
