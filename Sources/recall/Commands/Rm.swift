import ArgumentParser
import Foundation
import Store

/// `recall rm`: moves a snippet, notebook or project to the trash; nothing is deleted.
struct RmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Move a snippet, notebook or project to the trash (restorable).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Id (a unique prefix is enough).") var id: String

    func run() throws {
        let db = try global.openDatabase()
        let target = try db.resolve(id)
        try db.trash(target)
        if global.json { try Output.json(["trashed": target.id]) } else {
            print("moved \(Output.short(target.id)) to the trash — `recall restore \(Output.short(target.id))` brings it back")
        }
    }
}
