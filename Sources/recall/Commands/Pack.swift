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

/// `recall pack export FILE (--project P | --notebook N)… [--with-scheduling] [--with-revisions] [--with-embeddings]`.
struct PackExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Write projects or notebooks to a pack file (a zip).",
        discussion: "The pack holds manifest.json (format, version, counts, checksums), the notebooks as markdown in the import format, metadata.json with stable ids and tags, and cards.json. Scheduling state, the review log, revisions and the chunks' vectors (of the configured embedding model) only when asked. Settings and credentials are never included.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The pack file to write (must not exist).") var file: String
    @Option(help: "A project to include (id or title); repeatable.") var project: [String] = []
    @Option(help: "A notebook to include (id or title); repeatable.") var notebook: [String] = []
    @Flag(help: "Include the cards' scheduling state and review log.") var withScheduling = false
    @Flag(help: "Include every snippet's revisions.") var withRevisions = false
    @Flag(help: "Include the chunks' vectors made by the configured embedding model (an importer with the same model searches by meaning at once).")
    var withEmbeddings = false
    @OptionGroup var embedding: EmbeddingOptions

    func validate() throws {
        if project.isEmpty && notebook.isEmpty { throw ValidationError("name what to pack with --project P or --notebook N (repeatable)") }
    }

    func run() throws {
        let db = try global.openForReading()
        let projectIDs = try project.map { try resolveProject(db, $0).id }
        let notebookIDs = try notebook.map { try resolveNotebook(db, $0).id }
        let model = withEmbeddings ? try embedding.profile().embedModel : nil
        var content = try db.packContent(projectIDs: projectIDs, notebookIDs: notebookIDs, withScheduling: withScheduling, withRevisions: withRevisions,
                                         vectorsModel: model)
        if content.metadata.notebooks.isEmpty { throw CLIError("nothing to pack: the selection holds no live notebooks") }
        let vectors = content.vectors
        if vectors?.records.isEmpty == true { content.vectors = nil }
        let manifest: PackManifest
        do { manifest = try PackArchive.write(content, to: file, recallVersion: RecallVersion.string) } catch let e as PackError { throw CLIError(e.description) }
        let path = URL(fileURLWithPath: (file as NSString).expandingTildeInPath).path
        if global.json {
            try Output.json(PackExportSummary(path: path, manifest: manifest, vectorsPacked: vectors.map { $0.records.count },
                                              vectorsLeftOut: vectors.map(\.leftOut)))
        } else {
            let c = manifest.counts
            print("packed \(c.projects) project(s), \(c.notebooks) notebook(s), \(c.snippets) snippet(s), \(c.cards) card(s)"
                  + (withScheduling ? " with \(c.reviews) review(s)" : "") + (withRevisions ? ", \(c.revisions) revision(s)" : "") + " into \(path)")
            if let v = vectors, let model {
                print("vectors: packed \(v.records.count) of \(model)" + (v.records.isEmpty ? "" : " (\(v.dimension) dimensions)")
                      + (v.leftOut == 0 ? "" : "; left out \(v.leftOut) chunk(s) not embedded with \(model) (run `recall index` first to pack them)"))
            }
        }
    }
}

/// `recall pack import FILE [--dry-run]`.
struct PackImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "Merge a pack file into the database by stable id.",
        discussion: "New items are added, unchanged ones skipped; packed vectors are stored when the pack's embedding model and dimension are this profile's (else skipped, and `recall index` embeds); a local text that changed is never overwritten (the pack's text is kept as a conflict revision and listed). The pack is checked completely before anything is written (paths, sizes, compression ratio, format version, checksums, UTF-8) and merged in one transaction.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The pack file (.zip).") var file: String
    @Flag(help: "Show what would happen and write nothing.") var dryRun = false
    @OptionGroup var embedding: EmbeddingOptions

    func run() throws {
        let content: PackContent
        let manifest: PackManifest
        do { (manifest, content) = try PackArchive.read(file) } catch let r as PackRefusal {
            throw CLIError("pack refused: \(r.description) — nothing was written")
        } catch let e as PackError { throw CLIError(e.description) }
        // Packed vectors are kept only when they were made by the model this profile embeds with.
        let model = content.vectors == nil ? nil : try embedding.profile().embedModel
        let report: PackImportReport
        if dryRun && !FileManager.default.fileExists(atPath: global.databasePath) {
            // Nothing to merge into yet: plan against a scratch database so no file appears at the target path.
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("recall-dry-run-\(ProcessInfo.processInfo.processIdentifier)")
            defer { try? FileManager.default.removeItem(at: dir) }
            report = try AppDatabase(path: dir.appendingPathComponent("plan.db").path).importPack(content, dryRun: true, embeddingModel: model)
        } else {
            report = try global.openDatabase().importPack(content, dryRun: dryRun, embeddingModel: model)
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
    /// With `--with-embeddings`: vectors packed, and chunks left out for want of a current vector of the model.
    var vectorsPacked: Int?
    var vectorsLeftOut: Int?
}

/// `recall pack import --json`.
struct PackImportSummary: Encodable {
    var file: String
    var manifest: PackManifest
    var report: PackImportReport
}
