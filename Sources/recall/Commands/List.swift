import ArgumentParser
import Foundation
import Store

/// `recall list`: the tree of projects ▸ notebooks ▸ snippets with short ids, or the trash.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List projects, notebooks and snippets as a tree.")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "List what is in the trash instead.") var trash = false
    @Flag(help: "Projects and notebooks only.") var notebooksOnly = false

    func run() throws {
        let db = try global.openForReading()
        if trash {
            let items = try db.trashed()
            if global.json {
                struct Item: Encodable { var kind, id, title: String; var trashedAt: Date }
                try Output.json(items.map { Item(kind: $0.kind, id: $0.id, title: $0.title, trashedAt: $0.trashedAt) })
            } else if items.isEmpty {
                print("the trash is empty")
            } else {
                for i in items { print("\(Output.short(i.id))  \(i.kind.padding(toLength: 8, withPad: " ", startingAt: 0))  \(Output.field(i.title))  (trashed \(Output.iso(i.trashedAt)))") }
            }
            return
        }
        let tree = try db.tree()
        if global.json { try Output.json(tree); return }
        if tree.isEmpty { print("no notes yet — `recall import FOLDER`, `recall import --samples`, or `recall new project TITLE`"); return }
        for p in tree {
            print("\(Output.short(p.project.id))  ▸ \(Output.field(p.project.title))  (\(p.notebooks.count) notebook\(p.notebooks.count == 1 ? "" : "s"))")
            for n in p.notebooks {
                print("\(Output.short(n.notebook.id))    ▸ \(Output.field(n.notebook.title))  (\(n.snippets.count) snippet\(n.snippets.count == 1 ? "" : "s"))")
                if notebooksOnly { continue }
                for s in n.snippets {
                    let kind = s.kind == .code ? (s.language ?? "code") : "md"
                    let tags = s.tags.isEmpty ? "" : "  #" + s.tags.map(Output.field).joined(separator: " #")
                    let status = s.status.map { "  \($0.mark) \($0.rawValue)" } ?? ""
                    print("\(Output.short(s.id))      • \(Output.field(s.title))  [\(kind)]\(tags)\(status)")
                }
            }
        }
    }
}
