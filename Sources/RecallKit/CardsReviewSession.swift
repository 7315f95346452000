import Foundation
import SRS
import Store

/// Glue between the pure `ReviewSession` (what the Review pane shows) and the card store.
///
/// The app builds a session with `start`, feeds keys to the session (`reveal`, `grade`, `undo`), and hands each
/// returned effect to `persist`. Grading is deterministic, so the store recomputes exactly the schedule the
/// session showed.
public enum CardsReviewSession {
    /// A session over the cards due at `now` (days for new-card limits start at midnight in `timeZone`).
    public static func start(_ db: AppDatabase, at now: Date, timeZone: TimeZone = .current, deck: String? = nil) throws -> ReviewSession {
        let decks = Dictionary(uniqueKeysWithValues: try db.decks().map { ($0.id, $0) })
        var due = try db.dueCards(at: now, dayStart: ReviewQueue.dayStart(of: now, in: timeZone))
        if let deck, let d = try db.deck(named: deck) { due = due.filter { $0.deckID == d.id } }
        return ReviewSession(items: due.map { c in
            ReviewSession.Item(id: c.id, question: c.content.question, answer: c.content.answer, schedule: c.schedule,
                               settings: decks[c.deckID]?.settings ?? .defaults, sourceChanged: c.sourceChanged)
        })
    }

    /// Stores a grade the session made (new schedule plus a review-log line) and returns the stored card.
    /// If another process graded the card meanwhile, the store grades from its current state and that result wins.
    @discardableResult
    public static func persist(_ effect: ReviewSession.GradeEffect, in db: AppDatabase) throws -> StoredCard {
        try db.grade(cardID: effect.cardID, grade: effect.grade, at: effect.at)
    }

    /// Stores an undo the session made (the card's last grade is taken back; the log keeps both lines).
    public static func persist(_ effect: ReviewSession.UndoEffect, in db: AppDatabase, at now: Date) throws {
        _ = try db.undoLastGrade(cardID: effect.cardID, at: now)
    }
}
