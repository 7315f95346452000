import ArgumentParser
import Foundation
import Notebook
import Store

/// `recall export`: notebooks back to markdown files, one folder per project.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Export notebooks back to markdown.",
        discussion: "Writes PATH/<project>/<notebook file>.md in the same convention `recall import` reads, so import → export → import is lossless.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this project (id or title).") var project: String?
    @Option(help: "Only this notebook (id or title).") var notebook: String?
    @Argument(help: "Folder to write into (created if needed).") var path: String

    func run() throws {
        let db = try global.openForReading()
        let projectID = try project.map { try resolveProject(db, $0).id }
        let notebookID = try notebook.map { try resolveNotebook(db, $0).id }
        let items = try db.exportNotebooks(projectID: projectID, notebookID: notebookID)
        let root = URL(fileURLWithPath: (path as NSString).expandingTildeInPath)
        var written: [String] = []
        var used = Set<String>()
        for item in items {
            let dir = root.appendingPathComponent(FileNames.component(item.projectTitle), isDirectory: true)
            var name = FileNames.component(item.sourceName)
            if !name.lowercased().hasSuffix(".md") { name += ".md" }
            var file = dir.appendingPathComponent(name)
            var n = 2
            while used.contains(file.path) { file = dir.appendingPathComponent((name as NSString).deletingPathExtension + "-\(n).md"); n += 1 }
            used.insert(file.path)
            // Never write outside the chosen folder.
            guard file.standardizedFileURL.path.hasPrefix(root.standardizedFileURL.path + "/") else { continue }
            do {
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                try Data(MarkdownFormat.render(item.notebook).utf8).write(to: file, options: .atomic)
            } catch {
                throw CLIError("cannot write \(file.path): \((error as NSError).localizedDescription) — choose a writable folder")
            }
            written.append(file.path)
        }
        if global.json { try Output.json(["files": written]) } else {
            print("exported \(written.count) notebook\(written.count == 1 ? "" : "s") to \(root.path)")
        }
    }
}
