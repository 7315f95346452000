import AppCore
import Dispatch
import Foundation
import Notebook
import Store
import Terminal

/// Performs the app's store effects off the main thread and posts the results to the mailbox.
///
/// Writes and loads run in order on one serial queue; searches run on their own queue and carry the
/// request id, so the app drops stale results.
final class StoreEffects: @unchecked Sendable {
    let db: AppDatabase
    let mailbox: Mailbox<AppMessage>
    let queue = DispatchQueue(label: "recall.store")
    private let searcher: SearchEffects

    init(db: AppDatabase, mailbox: Mailbox<AppMessage>, environment: [String: String] = ProcessInfo.processInfo.environment) {
        searcher = SearchEffects(db: db, mailbox: mailbox, environment: environment)
        self.db = db
        self.mailbox = mailbox
    }

    /// Waits until every queued store operation has finished (before exit).
    func finish() { queue.sync {} }

    /// Runs one store effect; returns false when the effect is not a store effect.
    func perform(_ effect: AppEffect) -> Bool {
        switch effect {
        case .loadOutline: async { [db] in .outlineLoaded(try StoreEffects.outline(db)) }
        case .openSnippet(let id, let terms):
            async { [db] in
                guard let s = try db.snippet(id: id), s.trashedAt == nil else { return .failure("That snippet is gone (deleted elsewhere?) — press / to search") }
                return .snippetLoaded(SnippetDoc(id: s.id, title: s.title, kind: s.kind, language: s.language, body: s.body), focusTerms: terms)
            }
        case .saveSnippet(let id, let body, let gen):
            queue.async { [db, mailbox] in
                do {
                    _ = try db.saveSnippet(id: id, changes: SnippetChanges(body: body))
                    mailbox.post(.saved(snippetId: id, generation: gen))
                } catch {
                    mailbox.post(.saveFailed(snippetId: id, message: "\(error)"))
                }
            }
        case .createProject(let title): async { [db] in .created(.project(try db.createProject(title: title).id)) }
        case .createNotebook(let pid, let title): async { [db] in .created(.notebook(try db.createNotebook(projectID: pid, title: title).id)) }
        case .createSnippet(let nid, let title, let kind):
            async { [db] in
                let lang = kind == .code ? title.split(separator: ".").last.map { String($0).lowercased() } : nil
                return .created(.snippet(try db.createSnippet(notebookID: nid, title: title, kind: kind, language: lang).id))
            }
        case .rename(let ref, let title):
            async { [db, mailbox] in
                try db.rename(try db.resolve(ref.id), to: title)
                mailbox.post(.outlineLoaded(try StoreEffects.outline(db)))
                return .info("Renamed to “\(title)”")
            }
        case .moveSnippet(let id, let nid):
            async { [db, mailbox] in
                try db.moveSnippet(id: id, toNotebook: nid)
                mailbox.post(.outlineLoaded(try StoreEffects.outline(db)))
                let title = try db.notebook(id: nid)?.title ?? "notebook"
                return .info("Moved to “\(title)”")
            }
        case .trash(let ref):
            async { [db] in
                let r = try db.resolve(ref.id)
                let title: String
                switch r {
                case .project(let p): title = p.title
                case .notebook(let n): title = n.title
                case .snippet(let s): title = s.title
                }
                try db.trash(r)
                return .trashed(ref, title: title)
            }
        case .restore(let ref):
            async { [db] in
                try db.restoreFromTrash(try db.resolve(ref.id))
                return .restored(ref)
            }
        case .search(let query, let requestId, let ranking):
            searcher.search(query, requestId: requestId, ranking: ranking)
        default:
            return performReview(effect)
        }
        return true
    }

    /// Runs a store operation on the serial queue and posts its message (or a failure).
    func async(_ work: @escaping @Sendable () throws -> AppMessage) {
        queue.async { [mailbox] in
            do { mailbox.post(try work()) } catch { mailbox.post(.failure("\(error)")) }
        }
    }

    /// The store's tree as the navigator's outline.
    static func outline(_ db: AppDatabase) throws -> Outline {
        Outline(projects: try db.tree().map { p in
            OutlineProject(id: p.project.id, title: p.project.title, notebooks: p.notebooks.map { n in
                OutlineNotebook(id: n.notebook.id, title: n.notebook.title, snippets: n.snippets.map {
                    OutlineSnippet(id: $0.id, title: $0.title, kind: $0.kind, language: $0.language)
                })
            })
        })
    }
}
