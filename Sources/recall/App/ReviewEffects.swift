import AppCore
import Foundation
import RecallKit
import SRS
import Store

/// The Review pane's effects, run on the store's serial queue (so a grade is stored before the due count
/// that follows it is read, and before the app exits).
extension StoreEffects {
    /// Runs one Review effect; returns false when the effect is not a Review effect.
    func performReview(_ effect: AppEffect) -> Bool {
        switch effect {
        case .loadDueSummary:
            async { [db] in try StoreEffects.dueSummary(db, at: Date()) }
        case .loadReview:
            queue.async { [db, mailbox] in
                do {
                    let now = Date()
                    let session = try CardsReviewSession.start(db, at: now, timeZone: .current)
                    var sources: [String: String] = [:]
                    for item in session.queue {
                        if let id = try db.card(id: item.id)?.sourceSnippetID { sources[item.id] = id }
                    }
                    mailbox.post(.reviewLoaded(session, sources: sources, at: now))
                } catch {
                    mailbox.post(.reviewLoadFailed("Could not load the cards due: \(error) — press r to retry"))
                }
            }
        case .persistGrade(let request):
            queue.async { [db, mailbox] in
                do { try CardsReviewSession.persist(request.effect, in: db) } catch {
                    mailbox.post(.failure("Answer not stored: \(error) — run `recall due` to check the card"))
                }
            }
        case .persistUndo(let request):
            queue.async { [db, mailbox] in
                do { try CardsReviewSession.persist(request.effect, in: db, at: request.at) } catch {
                    mailbox.post(.failure("Undo not stored: \(error) — run `recall due` to check the card"))
                }
            }
        default:
            return false
        }
        return true
    }

    /// The status line's due summary at `now`: the count, and "in 3 h" for the next card when none is due.
    static func dueSummary(_ db: AppDatabase, at now: Date) throws -> AppMessage {
        let o = try db.reviewOverview(at: now, dayStart: ReviewQueue.dayStart(of: now, in: .current))
        let next = o.nextDue.map { "in " + spaced(Scheduling.label(seconds: max(1, Int($0.timeIntervalSince(now).rounded(.up))))) }
        return .dueSummary(count: o.due, nextDue: next)
    }

    /// "10m" → "10 min", "3h" → "3 h", "1.5d" → "1.5 d" (easier to read in a sentence).
    static func spaced(_ label: String) -> String {
        guard let i = label.firstIndex(where: \.isLetter) else { return label }
        let unit = String(label[i...])
        return label[..<i] + " " + (unit == "m" ? "min" : unit)
    }
}
