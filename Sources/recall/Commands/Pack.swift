import ArgumentParser
import Foundation
import Packs
import RecallKit
import Store

/// `recall pack`: shareable packs of notebooks (a zip with a manifest), exported and imported by stable id.
struct PackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pack", abstract: "Export or import a shareable pack of notebooks.",
        subcommands: [PackExportCommand.self, PackImportCommand.self])
}

/// `recall pack export FILE (--project P | --notebook N)… [--with-scheduling] [--with-revisions]`.
struct PackExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Write projects or notebooks to a pack file (a zip).",
        discussion: "The pack holds manifest.json (format, version, counts, checksums), the notebooks as markdown in the import format, metadata.json with stable ids and tags, and cards.json. Scheduling state, the review log and revisions only when asked. Settings, vectors and credentials are never included.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The pack file to write (must not exist).") var file: String
    @Option(help: "A project to include (id or title); repeatable.") var project: [String] = []
    @Option(help: "A notebook to include (id or title); repeatable.") var notebook: [String] = []
    @Flag(help: "Include the cards' scheduling state and review log.") var withScheduling = false
    @Flag(help: "Include every snippet's revisions.") var withRevisions = false

    func validate() throws {
        if project.isEmpty && notebook.isEmpty { throw ValidationError("name what to pack with --project P or --notebook N (repeatable)") }
    }

    func run() throws {
        let db = try global.openForReading()
        let projectIDs = try project.map { try resolveProject(db, $0).id }
        let notebookIDs = try notebook.map { try resolveNotebook(db, $0).id }
        let content = try db.packContent(projectIDs: projectIDs, notebookIDs: notebookIDs, withScheduling: withScheduling, withRevisions: withRevisions)
        if content.metadata.notebooks.isEmpty { throw CLIError("nothing to pack: the selection holds no live notebooks") }
        let manifest: PackManifest
        do { manifest = try PackArchive.write(content, to: file, recallVersion: RecallVersion.string) } catch let e as PackError { throw CLIError(e.description) }
        let path = URL(fileURLWithPath: (file as NSString).expandingTildeInPath).path
        if global.json { try Output.json(PackExportSummary(path: path, manifest: manifest)) } else {
            let c = manifest.counts
            print("packed \(c.projects) project(s), \(c.notebooks) notebook(s), \(c.snippets) snippet(s), \(c.cards) card(s)"
                  + (withScheduling ? " with \(c.reviews) review(s)" : "") + (withRevisions ? ", \(c.revisions) revision(s)" : "") + " into \(path)")
        }
    }
}

/// `recall pack import FILE [--dry-run]`.
struct PackImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "Merge a pack file into the database by stable id.",
        discussion: "New items are added, unchanged ones skipped; a local text that changed is never overwritten (the pack's text is kept as a conflict revision and listed). The pack is checked completely before anything is written (paths, sizes, compression ratio, format version, checksums, UTF-8) and merged in one transaction.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The pack file (.zip).") var file: String
    @Flag(help: "Show what would happen and write nothing.") var dryRun = false

    func run() throws {
        let content: PackContent
        let manifest: PackManifest
        do { (manifest, content) = try PackArchive.read(file) } catch let r as PackRefusal {
            throw CLIError("pack refused: \(r.description) — nothing was written")
        } catch let e as PackError { throw CLIError(e.description) }
        let report: PackImportReport
        if dryRun && !FileManager.default.fileExists(atPath: global.databasePath) {
            // Nothing to merge into yet: plan against a scratch database so no file appears at the target path.
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("recall-dry-run-\(ProcessInfo.processInfo.processIdentifier)")
            defer { try? FileManager.default.removeItem(at: dir) }
            report = try AppDatabase(path: dir.appendingPathComponent("plan.db").path).importPack(content, dryRun: true)
        } else {
            report = try global.openDatabase().importPack(content, dryRun: dryRun)
        }
        if global.json { try Output.json(PackImportSummary(file: file, manifest: manifest, report: report)) } else {
            for line in report.lines { print(line) }
        }
    }
}

/// `recall pack export --json`.
struct PackExportSummary: Encodable {
    var path: String
    var manifest: PackManifest
}

/// `recall pack import --json`.
struct PackImportSummary: Encodable {
    var file: String
    var manifest: PackManifest
    var report: PackImportReport
}
