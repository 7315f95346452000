import ArgumentParser
import Foundation
import Notebook
import Store

/// `recall search`: BM25 search over chunks and titles with highlighted excerpts.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "search", abstract: "Search your notes.",
        discussion: "Any text is a valid query. \"exact phrase\", -exclude and prefix* are understood; everything else is plain words.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "What to look for.") var query: [String]
    @Option(help: "Maximum number of hits.") var limit = 10
    @Option(help: "Only this notebook (id or title).") var notebook: String?
    @Option(help: "Only this project (id or title).") var project: String?
    @Option(help: "Only snippets (or notebooks) with this tag.") var tag: String?

    /// One hit as printed with --json.
    struct Hit: Encodable {
        var snippetId: String
        var chunkId: Int64
        var notebookId: String
        var notebook: String
        var project: String
        var title: String
        var score: Double
        var excerpt: String
        var byteStart: Int
    }

    func run() throws {
        let text = query.joined(separator: " ")
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
        let db = try global.openDatabase()
        let filter = SearchFilter(projectID: try project.map { try resolveProject(db, $0).id },
                                  notebookID: try notebook.map { try resolveNotebook(db, $0).id }, tag: tag)
        let hits = try db.search(text, limit: limit, filter: filter)
        if global.json {
            try Output.json(hits.map { Hit(snippetId: $0.snippetID, chunkId: $0.chunkID, notebookId: $0.notebookID, notebook: $0.notebookTitle,
                                           project: $0.projectTitle, title: $0.snippetTitle, score: -$0.bm25,
                                           excerpt: Excerpt.render($0.excerpt, open: "**", close: "**"), byteStart: $0.byteStart) })
            return
        }
        if hits.isEmpty { Output.note("no matches for \"\(text)\""); return }
        let tty = Output.stdoutIsTTY
        for h in hits {
            let excerpt = Excerpt.render(Output.safe(h.excerpt), open: tty ? "\u{1B}[1;33m" : "**", close: tty ? "\u{1B}[0m" : "**")
                .replacingOccurrences(of: "\n", with: " ")
            print("\(Output.short(h.snippetID))  \(Output.safe(h.snippetTitle))  — \(Output.safe(h.notebookTitle))  (\(String(format: "%.2f", -h.bm25)))")
            print("          \(excerpt)")
        }
    }
}
