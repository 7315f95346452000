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
        if global.json { try Output.json(try db.tree()); return }
        // Streamed one notebook at a time and written in blocks: the first lines appear at once however large the
        // tree (`recall bench startup` times it).
        var out = OutputBuffer()
        var empty = true
        try db.walkTree { step in
            empty = false
            switch step {
            case .project(let p, let count):
                out.line("\(Output.short(p.id))  ▸ \(Output.field(p.title))  (\(count) notebook\(count == 1 ? "" : "s"))")
            case .notebook(let n, let snippets):
                out.line("\(Output.short(n.id))    ▸ \(Output.field(n.title))  (\(snippets.count) snippet\(snippets.count == 1 ? "" : "s"))")
                if notebooksOnly { break }
                for s in snippets {
                    let kind = s.kind == .code ? (s.language ?? "code") : "md"
                    let tags = s.tags.isEmpty ? "" : "  #" + s.tags.map(Output.field).joined(separator: " #")
                    let status = s.status.map { "  \($0.mark) \($0.rawValue)" } ?? ""
                    out.line("\(Output.short(s.id))      • \(Output.field(s.title))  [\(kind)]\(tags)\(status)")
                }
            }
        }
        out.flush()
        if empty { print("no notes yet — `recall import FOLDER`, `recall import --samples`, or `recall new project TITLE`") }
    }
}
