import ArgumentParser
import Foundation
import Store

/// `recall history`: a snippet's revisions, newest first.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "List a snippet's revisions (newest first).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Snippet id (a unique prefix is enough).") var id: String

    func run() throws {
        let db = try global.openForReading()
        let s = try resolveSnippet(db, id)
        let revs = try db.revisions(snippetID: s.id)
        if global.json { try Output.json(revs); return }
        for r in revs {
            let first = r.body.split(separator: "\n").first.map(String.init) ?? ""
            print("\(String(r.id).padding(toLength: 6, withPad: " ", startingAt: 0)) \(Output.iso(r.createdAt))  \(r.origin.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(r.contentHash.prefix(8))  \(r.body.utf8.count) B  \(Output.field(String(first.prefix(50))))")
        }
    }
}
