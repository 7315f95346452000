import ArgumentParser
import Foundation
import RecallKit
import Store

/// `recall import`: markdown files and folders into the database, updating in place on re-import.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import markdown files and folders.",
        discussion: """
        A folder that holds .md files becomes a project named after the folder; each file becomes a notebook; each
        `## Heading` section becomes a snippet (a section that is one fenced code block becomes a code snippet).
        YAML front matter sets the notebook's `title` and `tags`. Re-importing updates in place and keeps revisions.
        Every file is checked first: if any cannot be imported, nothing is written (unless --skip-invalid).
        """
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Markdown files or folders.") var paths: [String] = []
    @Option(help: "Merge a single file's snippets into this existing notebook (id or title).") var notebook: String?
    @Flag(help: "Import the files that are valid and report the others.") var skipInvalid = false
    @Flag(help: "Import the sample notebooks built into recall (the repository's sample-notebooks/).") var samples = false

    func validate() throws {
        if paths.isEmpty && !samples { throw ValidationError("give at least one file or folder, or --samples") }
    }

    func run() throws {
        let collected: (notebooks: [ImportedNotebook], problems: [ImportProblem]) = paths.isEmpty ? ([], []) : MarkdownImporter().collect(paths)
        var notebooks = collected.notebooks
        let problems = collected.problems
        if samples { notebooks += MarkdownImporter.sampleNotebooks() }
        for p in problems { Output.note("recall: \(p)") }
        if !problems.isEmpty && !skipInvalid {
            throw CLIError("nothing was imported (\(problems.count) file\(problems.count == 1 ? "" : "s") could not be read) — fix them or pass --skip-invalid")
        }
        if notebooks.isEmpty { throw CLIError("nothing to import") }
        let db = try global.openDatabase()
        var target: String?
        if let nb = notebook {
            guard notebooks.count == 1 else { throw CLIError("--notebook takes exactly one markdown file") }
            target = try resolveNotebook(db, nb).id
        }
        let report = try db.importNotebooks(notebooks, intoNotebook: target)
        if global.json { try Output.json(report) } else {
            print("imported \(notebooks.count) file\(notebooks.count == 1 ? "" : "s"): \(report.projectsCreated) project(s) and \(report.notebooksCreated) notebook(s) created, \(report.notebooksUpdated) notebook(s) updated; snippets: \(report.snippetsCreated) new, \(report.snippetsUpdated) changed, \(report.snippetsUnchanged) unchanged, \(report.snippetsTrashed) moved to trash")
        }
        if !problems.isEmpty { throw ExitCode(2) }
    }
}
