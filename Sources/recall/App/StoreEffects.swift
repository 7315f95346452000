import AppCore
import Dispatch
import Foundation
import Notebook
import RecallKit
import Store
import Terminal

/// The serial queue the store's interpreters share, so a write is done before a later read (a grade before the due
/// count that follows it) and everything queued is done before the app exits.
final class StoreQueue: @unchecked Sendable {
    /// The database.
    let db: AppDatabase
    /// Where results go.
    let mailbox: Mailbox<AppMessage>
    /// The queue.
    let queue = DispatchQueue(label: "recall.store")

    init(db: AppDatabase, mailbox: Mailbox<AppMessage>) {
        self.db = db
        self.mailbox = mailbox
    }

    /// Waits until every queued store operation has finished (before exit).
    func finish() { queue.sync {} }

    /// Runs a store operation on the queue and posts its message (or a failure).
    func async(_ work: @escaping @Sendable (AppDatabase) throws -> AppMessage) {
        queue.async { [db, mailbox] in
            do { mailbox.post(try work(db)) } catch { mailbox.post(.failure("\(error)")) }
        }
    }
}

/// Performs the app's store effects off the main thread and posts the results to the mailbox.
final class StoreEffects: Sendable {
    private let store: StoreQueue

    init(store: StoreQueue) { self.store = store }

    /// Runs one store effect.
    func perform(_ effect: StoreEffect) {
        switch effect {
        case .loadOutline: store.async { db in .outlineLoaded(try StoreEffects.outline(db)) }
        case .openSnippet(let id, let terms):
            store.async { db in
                guard let s = try db.snippet(id: id), s.trashedAt == nil else { return .failure("That snippet is gone (deleted elsewhere?) — press / to search") }
                return .snippetLoaded(StoreEffects.doc(s), focusTerms: terms)
            }
        case .loadRevisions(let id):
            store.async { db in
                .revisionsLoaded(snippetId: id, try db.revisions(snippetID: id).map {
                    RevisionEntry(id: $0.id, when: AskEffects.whenText($0.createdAt), origin: $0.origin, body: $0.body)
                })
            }
        case .checkSnippet(let id, let hash):
            let mailbox = store.mailbox
            store.queue.async { [db = store.db] in
                guard let s = try? db.snippet(id: id), s.trashedAt == nil, s.contentHash != hash else { return }
                mailbox.post(.snippetChangedElsewhere(StoreEffects.doc(s)))
            }
        case .saveSnippet(let id, let body, let gen, let base, let origin):
            let mailbox = store.mailbox
            store.queue.async { [db = store.db] in
                do {
                    switch try db.saveSnippet(id: id, body: body, basedOn: base, origin: origin) {
                    case .saved(let r): mailbox.post(.saved(snippetId: id, generation: gen, hash: r.snippet.contentHash))
                    case .conflict(let current): mailbox.post(.saveConflict(snippetId: id, generation: gen, current: StoreEffects.doc(current)))
                    }
                } catch {
                    mailbox.post(.saveFailed(snippetId: id, message: "\(error)"))
                }
            }
        case .createProject(let title): store.async { db in .created(.project(try db.createProject(title: title).id)) }
        case .createNotebook(let pid, let title): store.async { db in .created(.notebook(try db.createNotebook(projectID: pid, title: title).id)) }
        case .createSnippet(let nid, let title, let kind):
            store.async { db in
                let lang = kind == .code ? title.split(separator: ".").last.map { String($0).lowercased() } : nil
                return .created(.snippet(try db.createSnippet(notebookID: nid, title: title, kind: kind, language: lang).id))
            }
        case .rename(let ref, let title):
            let mailbox = store.mailbox
            store.async { db in
                try db.rename(try db.resolve(ref.id), to: title)
                mailbox.post(.outlineLoaded(try StoreEffects.outline(db)))
                return .info("Renamed to “\(title)”")
            }
        case .moveSnippet(let id, let nid):
            let mailbox = store.mailbox
            store.async { db in
                try db.moveSnippet(id: id, toNotebook: nid)
                mailbox.post(.outlineLoaded(try StoreEffects.outline(db)))
                return .info("Moved to “\(try db.notebook(id: nid)?.title ?? "notebook")”")
            }
        case .trash(let ref):
            store.async { db in
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
        case .loadProgress: store.async { db in .progressLoaded(try StoreEffects.progress(db)) }
        case .setStatus(let id, let status):
            saveThenReload(id: id, SnippetChanges(status: .some(status)), what: "the status")
        case .setTags(let id, let tags):
            saveThenReload(id: id, SnippetChanges(tags: tags), what: "the tags")
        case .restore(let ref):
            store.async { db in
                try db.restoreFromTrash(try db.resolve(ref.id))
                return .restored(ref)
            }
        }
    }

    /// Saves metadata the app has already shown, then reloads the tree either way, so a failed write is undone on
    /// screen as well as reported.
    private func saveThenReload(id: String, _ changes: SnippetChanges, what: String) {
        let mailbox = store.mailbox
        store.queue.async { [db = store.db] in
            do { _ = try db.saveSnippet(id: id, changes: changes) } catch {
                mailbox.post(.failure("Could not save \(what): \(error) — nothing was changed"))
            }
            if let outline = try? StoreEffects.outline(db) { mailbox.post(.outlineLoaded(outline)) }
        }
    }

    /// A stored snippet as the editor's document.
    static func doc(_ s: Snippet) -> SnippetDoc {
        SnippetDoc(id: s.id, title: s.title, kind: s.kind, language: s.language, body: s.body, contentHash: s.contentHash)
    }

    /// The progress view's figures, from the same report as `recall progress`.
    static func progress(_ db: AppDatabase) throws -> [ProgressProject] {
        try StudyProgressReport.make(db).projects.map { p in
            ProgressProject(id: p.id, title: p.title, notebooks: p.notebooks.map { n in
                ProgressNotebook(id: n.id, title: n.title, items: n.items.map {
                    ProgressItem(id: $0.id, title: $0.title, status: $0.status, steps: StepCount(done: $0.stepsDone, total: $0.stepsTotal), cards: $0.cards)
                }, snippets: n.snippets, snippetsWithCards: n.snippetsWithCards)
            })
        }
    }

    /// The store's tree as the navigator's outline.
    static func outline(_ db: AppDatabase) throws -> Outline {
        Outline(projects: try db.outlineTree().map { p in
            OutlineProject(id: p.project.id, title: p.project.title, notebooks: p.notebooks.map { n in
                OutlineNotebook(id: n.notebook.id, title: n.notebook.title, snippets: n.snippets.map {
                    OutlineSnippet(id: $0.id, title: $0.title, kind: $0.kind, language: $0.language, status: $0.status, tags: $0.tags)
                })
            })
        })
    }
}
