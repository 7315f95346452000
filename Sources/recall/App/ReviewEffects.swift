import AppCore
import Foundation
import RecallKit
import SRS
import Store

/// The Review pane's effects, run on the store's serial queue (so a grade is stored before the due count
/// that follows it is read, and before the app exits).
final class ReviewEffects: Sendable {
    private let store: StoreQueue

    init(store: StoreQueue) { self.store = store }

    /// Runs one Review effect.
    func perform(_ effect: ReviewEffect) {
        let db = store.db, mailbox = store.mailbox, queue = store.queue
        switch effect {
        case .loadDueSummary:
            queue.async {
                do {
                    let now = Date()
                    mailbox.post(try ReviewEffects.dueSummary(db, at: now))
                    mailbox.post(.dueTimer(milliseconds: try ReviewEffects.nextChange(db, at: now)))
                } catch { mailbox.post(.failure("\(error)")) }
            }
        case .loadReview:
            queue.async {
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
            queue.async {
                do { try CardsReviewSession.persist(request.effect, in: db) } catch {
                    mailbox.post(.failure("Answer not stored: \(error) — run `recall due` to check the card"))
                }
            }
        case .loadStats:
            store.async { db in .reviewStats(try CardsStatsReport.make(db, at: Date(), timeZone: .current).summary) }
        case .persistUndo(let request):
            queue.async {
                do { try CardsReviewSession.persist(request.effect, in: db, at: request.at) } catch {
                    mailbox.post(.failure("Undo not stored: \(error) — run `recall due` to check the card"))
                }
            }
        }
    }

    /// The status line's due summary at `now`: the count, and "in 3 h" for the next card when none is due.
    static func dueSummary(_ db: AppDatabase, at now: Date) throws -> AppMessage {
        let o = try db.reviewOverview(at: now, dayStart: ReviewQueue.dayStart(of: now, in: .current))
        let next = o.nextDue.map { "in " + spaced(Scheduling.label(seconds: max(1, Int($0.timeIntervalSince(now).rounded(.up))))) }
        return .dueSummary(count: o.due, nextDue: next)
    }

    /// Milliseconds until the due count changes by itself: the next card (new ones too) falls due, or local midnight
    /// starts a new day of new cards; nil when there are no cards. At least 200 ms, at most a day.
    static func nextChange(_ db: AppDatabase, at now: Date) throws -> Int? {
        guard try db.hasCards() else { return nil }
        let midnight = ReviewQueue.dayStart(of: now, in: .current).addingTimeInterval(86_400)
        let next = min(try db.nextCardDue(after: now) ?? midnight, midnight)
        return max(200, min(86_400_000, Int((next.timeIntervalSince(now) * 1000).rounded(.up)) + 50))
    }

    /// "10m" → "10 min", "3h" → "3 h", "1.5d" → "1.5 d" (easier to read in a sentence).
    static func spaced(_ label: String) -> String {
        guard let i = label.firstIndex(where: \.isLetter) else { return label }
        let unit = String(label[i...])
        return label[..<i] + " " + (unit == "m" ? "min" : unit)
    }
}
