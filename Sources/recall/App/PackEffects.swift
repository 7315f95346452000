import AppCore
import Foundation
import LLM
import Packs
import RecallKit
import Store

/// Pack export and import in the app, on the store's serial queue; the report is the one `recall pack` prints.
final class PackEffects: Sendable {
    private let store: StoreQueue
    private let environment: [String: String]

    init(store: StoreQueue, environment: [String: String]) { self.store = store; self.environment = environment }

    /// The embedding model of the configured profile: a pack's vectors of this model are kept on import.
    private var embedModel: String? { (try? LLMConfigLoader.load(environment: environment))?.embedModel }

    /// Runs one pack effect.
    func perform(_ effect: PackEffect) {
        switch effect {
        case .export(let projectId, let path):
            store.async { db in
                let content = try db.packContent(projectIDs: [projectId], notebookIDs: [], withScheduling: true, withRevisions: false)
                do {
                    let m = try PackArchive.write(content, to: path, recallVersion: RecallVersion.string)
                    let c = m.counts
                    return .packReport(title: "Pack exported", lines: [
                        "wrote \((path as NSString).expandingTildeInPath)",
                        "\(c.projects) project(s), \(c.notebooks) notebook(s), \(c.snippets) snippet(s), \(c.cards) card(s) with \(c.reviews) review(s)",
                    ], imported: false)
                } catch let e as PackError {
                    return .packReport(title: "Pack not exported", lines: [e.description], imported: false)
                }
            }
        case .previewImport(let path):
            store.async { db in
                do {
                    let (manifest, content) = try PackArchive.read(path)
                    let report = try db.importPack(content, dryRun: true, embeddingModel: content.vectors == nil ? nil : self.embedModel)
                    let notebooks = content.metadata.notebooks.map(\.title)
                    let c = manifest.counts
                    return .packPreview(path: path, lines: [
                        "pack: \((path as NSString).expandingTildeInPath)",
                        "holds \(c.projects) project(s), \(c.notebooks) notebook(s), \(c.snippets) snippet(s), \(c.cards) card(s)",
                        "notebooks: " + (notebooks.isEmpty ? "none" : notebooks.joined(separator: ", ")),
                    ] + report.lines)
                } catch let r as PackRefusal {
                    return .packReport(title: "Pack refused", lines: ["pack refused: \(r.description) — nothing was written"], imported: false)
                } catch let e as PackError {
                    return .packReport(title: "Pack not imported", lines: [e.description], imported: false)
                }
            }
        case .importPack(let path):
            store.async { db in
                do {
                    let (_, report) = try PackArchive.importPack(path, into: db, dryRun: false, embeddingModel: self.embedModel)
                    return .packReport(title: "Pack imported", lines: report.lines, imported: true)
                } catch let r as PackRefusal {
                    return .packReport(title: "Pack refused", lines: ["pack refused: \(r.description) — nothing was written"], imported: false)
                } catch let e as PackError {
                    return .packReport(title: "Pack not imported", lines: [e.description], imported: false)
                }
            }
        }
    }
}
