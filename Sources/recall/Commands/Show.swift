import ArgumentParser
import Foundation
import Notebook
import Store

/// `recall show`: a snippet's text (stdout), or all fields with --json; a notebook or project shows its contents.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one snippet (its body on stdout).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Snippet, notebook or project id (a unique prefix is enough).") var id: String
    @Option(help: "Show this revision of the snippet instead of the current text.") var revision: Int64?

    func run() throws {
        let db = try global.openForReading()
        switch try db.resolve(id) {
        case .snippet(var s):
            if let r = revision {
                guard let rev = try db.revisions(snippetID: s.id).first(where: { $0.id == r }) else {
                    throw CLIError("snippet \(Output.short(s.id)) has no revision \(r) — run `recall history \(Output.short(s.id))`")
                }
                s.body = rev.body; s.title = rev.title; s.contentHash = rev.contentHash
            }
            if global.json { try Output.json(s); return }
            Output.out(s.body.hasSuffix("\n") ? s.body : s.body + "\n")
        case .notebook(let n):
            let snippets = try db.snippets(inNotebook: n.id)
            if global.json { try Output.json(ExportedNotebook(notebook: n, snippets: snippets)); return }
            print(Output.safe(MarkdownFormat.render(ParsedNotebook(title: n.title, tags: n.tags, snippets: snippets.map {
                ParsedSnippet(title: $0.title, kind: $0.kind, language: $0.language, tags: StatusTags.joined($0.tags, status: $0.status), body: $0.body)
            }))), terminator: "")
        case .project(let p):
            let node = try db.tree().first { $0.project.id == p.id }
            if global.json { try Output.json(node); return }
            print(Output.field(p.title))
            for n in node?.notebooks ?? [] { print("  \(Output.short(n.notebook.id))  \(Output.field(n.notebook.title))  (\(n.snippets.count) snippets)") }
        }
    }

    struct ExportedNotebook: Encodable { var notebook: NotebookItem; var snippets: [Snippet] }
}
