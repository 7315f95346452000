import ArgumentParser
import Foundation
import Notebook
import RecallKit
import Store

/// `recall edit`: opens a snippet in `$VISUAL`/`$EDITOR`; the saved text becomes a new revision.
struct EditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "edit", abstract: "Edit a snippet in $EDITOR; the save becomes a revision.",
        discussion: "With --body or --stdin the text is replaced without an editor (for scripts). --title, --tags and --status change metadata.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Snippet id (a unique prefix is enough).") var id: String
    @Option(help: "New text (no editor).") var body: String?
    @Flag(help: "Read the new text from standard input (no editor).") var stdin = false
    @Option(help: "New title.") var title: String?
    @Option(help: "New comma-separated tags.") var tags: String?
    @Option(help: "Study status: todo, partial, done, or none for a plain note.") var status: StatusOption?

    func run() throws {
        let db = try global.openDatabase()
        let s = try resolveSnippet(db, id)
        var changes = SnippetChanges(title: title, tags: tags.map { Tags.parse($0) })
        if let status { changes.status = .some(status.status) }
        var origin = RevisionOrigin.edit
        if let b = body { changes.body = b } else if stdin { changes.body = try readStandardInput() } else if title == nil && tags == nil && status == nil {
            changes.body = try ExternalEditor.edit(s.body, fileExtension: s.kind == .code ? (s.language ?? "txt") : "md")
            origin = .editor
        }
        let result = try db.saveSnippet(id: s.id, changes: changes, origin: origin)
        if global.json { try Output.json(["id": s.id, "changed": result.changed ? "true" : "false", "content_hash": result.snippet.contentHash]) }
        else { print(result.changed ? "saved \(Output.short(s.id)) (new revision)" : "no change to \(Output.short(s.id))") }
    }
}
