import ArgumentParser
import Foundation
import Notebook
import Store

/// `recall new`: create a project, notebook or snippet; prints the new id.
struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "new", abstract: "Create a project, notebook or snippet; prints its id.",
        discussion: """
        recall new project "Rust study"
        recall new notebook --project "Rust study" "Ownership"
        recall new snippet --notebook Ownership "Borrowing rules" --body "..."   (or --stdin, or --code python)
        """)
    enum What: String, ExpressibleByArgument { case project, notebook, snippet }
    @OptionGroup var global: GlobalOptions
    @Argument(help: "project, notebook or snippet.") var what: What
    @Argument(help: "Title.") var title: String
    @Option(help: "Project (id or title) for a new notebook.") var project: String?
    @Option(help: "Notebook (id or title) for a new snippet.") var notebook: String?
    @Option(help: "Make a code snippet in this language (python, bash, swift…).") var code: String?
    @Option(help: "Comma-separated tags.") var tags: String?
    @Option(help: "Snippet text.") var body: String?
    @Option(help: "Study status of a new snippet: todo, partial, done (default: none, a plain note).") var status: StatusOption?
    @Flag(help: "Read the snippet text from standard input.") var stdin = false

    func run() throws {
        let db = try global.openDatabase()
        let id: String
        if status != nil && what != .snippet { throw ValidationError("--status applies to a snippet (a study item), not a \(what.rawValue)") }
        switch what {
        case .project:
            id = try db.createProject(title: title).id
        case .notebook:
            guard let p = project else { throw ValidationError("a notebook needs --project ID_OR_TITLE") }
            id = try db.createNotebook(projectID: try resolveProject(db, p).id, title: title, tags: Tags.parse(tags ?? "")).id
        case .snippet:
            guard let n = notebook else { throw ValidationError("a snippet needs --notebook ID_OR_TITLE") }
            var text = body ?? ""
            if stdin { text = try readStandardInput() }
            id = try db.createSnippet(notebookID: try resolveNotebook(db, n).id, title: title, kind: code == nil ? .markdown : .code,
                                      language: code, tags: Tags.parse(tags ?? ""), body: text, status: status?.status).id
        }
        if global.json { try Output.json(["id": id]) } else { print(id) }
    }
}

/// Reads all of stdin as strict UTF-8.
func readStandardInput() throws -> String {
    let data = FileHandle.standardInput.readDataToEndOfFile()
    guard let s = String(data: data, encoding: .utf8) else { throw CLIError("standard input is not valid UTF-8 — nothing was saved") }
    guard !data.contains(0) else { throw CLIError("standard input holds a NUL byte (binary data?) — nothing was saved; Recall keeps text only") }
    return s
}
