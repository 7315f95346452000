import ArgumentParser
import Foundation
import RecallKit
import Store

/// `recall backup`: a consistent online snapshot (`VACUUM INTO`) with rotation.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "backup", abstract: "Write a consistent snapshot of the database, with rotation.",
        discussion: "PATH is a folder (default: backups/ next to the database) where recall-YYYYMMDD-HHMMSS.db is written and only the newest --keep are kept, or a file ending in .db.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Folder or .db file.") var path: String?
    @Option(parsing: .unconditional, help: "How many snapshots to keep in the folder (0: keep all).") var keep = 10

    func run() throws {
        guard keep >= 0 else { throw ValidationError("--keep must be 0 or more (got \(keep))") }
        let db = try global.openForReading()  // a snapshot only reads: no lock taken, nothing created
        let result = try BackupRotation.backup(db, to: path, keep: keep)
        if global.json { try Output.json(["path": result.path, "removed": result.removed.joined(separator: ",")]) } else {
            print("backup written to \(result.path)" + (result.removed.isEmpty ? "" : " (removed \(result.removed.count) old)"))
        }
    }
}
