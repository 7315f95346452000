import AppCore
import Foundation
import LLM
import Notebook
import RecallKit
import SRS
import Store

/// Making cards in the app: stored on the store's serial queue (after the save that precedes them); the model's
/// proposals are generated as a `cardGeneration` job (progress and cancel in the jobs view).
final class CardsEffects: Sendable {
    private let store: StoreQueue
    private let environment: [String: String]
    private let jobs: JobCenter

    init(store: StoreQueue, environment: [String: String], jobs: JobCenter) {
        self.store = store
        self.environment = environment
        self.jobs = jobs
    }

    /// Runs one cards effect.
    func perform(_ effect: CardsEffect) {
        switch effect {
        case .fromSelection(let r):
            store.async { db in
                let result = try db.addCardFromSelection(snippetID: r.snippetId, contentHash: r.contentHash,
                                                         byteRange: r.start..<r.end, kind: r.kind, at: CardsTime.now())
                return .cardsAdded(CardsEffects.message(result, title: r.title))
            }
        case .saveProposal(let id, let title, let drafts):
            store.async { db in
                // The overlay says what was kept; a failure to store is said here.
                do { try db.addCards(drafts, source: CardSource(snippetID: id), at: CardsTime.now()) } catch {
                    return .failure("The card from “\(title)” was not saved: \(error)")
                }
                return .cardsAdded("")
            }
        case .generate(let id, let title):
            generate(snippetId: id, title: title)
        }
    }

    /// Asks the model for proposals (the same generator and validation as `recall cards generate`) in a job; the
    /// snippet is read on the store queue, so a save queued before this is read.
    private func generate(snippetId: String, title: String) {
        let db = store.db, mailbox = store.mailbox, environment = self.environment
        let box = TaskBox()
        let job = jobs.start(.cardGeneration, title: title, cancel: { box.cancel() })
        store.queue.async {
            let snippet: Snippet
            do {
                guard let s = try db.snippet(id: snippetId), s.trashedAt == nil else {
                    job.fail("the snippet is gone (deleted elsewhere?)")
                    return
                }
                snippet = s
            } catch {
                job.fail("could not read the snippet: \(error)")
                return
            }
            box.start(Task {
                do {
                    let picked = try? db.setting(ModelEffects.chatModelKey)
                    let profile = try LLMConfigLoader.load(environment: environment, overrides: LLMOverrides(chatModel: picked ?? nil, temperature: 0))
                    job.progress(nil, "asking \(profile.chatModel)")
                    let services = LLMServices(profile: profile, environment: environment)
                    let p = try await CardGenerator.propose(db: db, snippet: snippet, chat: services.chat, model: profile.chatModel, max: 8)
                    try Task.checkCancellation()
                    let count = p.groups.count
                    job.finish("\(count) proposal\(count == 1 ? "" : "s")" + (p.rejected.count + p.duplicates > 0 ? ", \(p.rejected.count + p.duplicates) refused or already present" : ""))
                    mailbox.post(.cardProposals(snippetId: snippetId, title: title, groups: p.groups, refused: p.rejected.count + p.duplicates))
                } catch {
                    if error is CancellationError || Task.isCancelled { job.cancelled(); return }
                    let reason = "\(error)"
                    job.fail(reason)
                    mailbox.post(.failure("Card generation for “\(title)” failed: \(reason)"))
                }
            })
        }
    }

    /// "Cloze c2 added to the note from “Borrowing rules” (2 cards, deck Ownership)".
    static func message(_ r: SelectionCardResult, title: String) -> String {
        let deck = r.added.first?.deckName ?? "?"
        if let n = r.clozeNumber {
            return "Cloze c\(n) added from “\(title)” (\(r.noteCards) card\(r.noteCards == 1 ? "" : "s") in the note, deck \(deck))"
        }
        return "\(r.added.count == 2 ? "Reversed pair" : "Card") added from “\(title)” (deck \(deck))"
    }
}

/// Holds a job's task so the job centre's cancel closure can reach it (also when cancel comes before the start).
final class TaskBox: @unchecked Sendable {
    private let lock = NSLock()
    private var task: Task<Void, Never>?
    private var cancelled = false

    /// Keeps the task (cancelling it at once when a cancel already came).
    func start(_ t: Task<Void, Never>) {
        let cancelNow = lock.withLock { () -> Bool in
            task = t
            return cancelled
        }
        if cancelNow { t.cancel() }
    }

    /// Cancels the task (or the one still to come).
    func cancel() {
        lock.withLock { cancelled = true; return task }?.cancel()
    }
}
