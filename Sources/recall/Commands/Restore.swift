import ArgumentParser
import Foundation
import Store

/// `recall restore`: out of the trash, or a snippet back to an earlier revision (as a new revision).
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "restore", abstract: "Restore from the trash, or a snippet to an earlier revision.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Id (a unique prefix is enough).") var id: String
    @Option(help: "Restore the snippet's text to this revision (see `recall history`).") var revision: Int64?

    func run() throws {
        let db = try global.openDatabase()
        let target = try db.resolve(id)
        if let rev = revision {
            guard case .snippet(let s) = target else { throw CLIError("--revision applies to snippets only") }
            let r = try db.restoreRevision(snippetID: s.id, revisionID: rev)
            if global.json { try Output.json(["id": s.id, "content_hash": r.snippet.contentHash]) } else {
                print(r.changed ? "restored \(Output.short(s.id)) to revision \(rev) (as a new revision)" : "\(Output.short(s.id)) already has that text")
            }
            return
        }
        try db.restoreFromTrash(target)
        if global.json { try Output.json(["restored": target.id]) } else { print("restored \(Output.short(target.id)) from the trash") }
    }
}
