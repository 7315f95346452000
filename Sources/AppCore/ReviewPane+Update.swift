import Foundation
import SRS

/// A grade for the store to persist: the session's effect, handed to `CardsReviewSession.persist`.
public struct ReviewGradeRequest: Equatable, Hashable, Sendable {
    /// The effect the session returned.
    public var effect: ReviewSession.GradeEffect

    /// Wraps a session's grade effect.
    public init(_ effect: ReviewSession.GradeEffect) { self.effect = effect }

    /// Hashes the card and time (the rest is compared by equality).
    public func hash(into h: inout Hasher) {
        h.combine(effect.cardID)
        h.combine(effect.at)
    }
}

/// An undo for the store to persist: the session's effect and when it was asked for.
public struct ReviewUndoRequest: Equatable, Hashable, Sendable {
    /// The effect the session returned.
    public var effect: ReviewSession.UndoEffect
    /// When the undo was asked for.
    public var at: Date

    /// Wraps a session's undo effect.
    public init(_ effect: ReviewSession.UndoEffect, at: Date) {
        self.effect = effect
        self.at = at
    }

    /// Hashes the card and time (the rest is compared by equality).
    public func hash(into h: inout Hasher) {
        h.combine(effect.cardID)
        h.combine(at)
    }
}

extension App {
    /// The Review pane became visible: load a session unless one is loaded or loading.
    static func reviewShown(_ s: inout AppState) -> [AppEffect] {
        guard s.review.session == nil, !s.review.loading else { return [] }
        s.review.loading = true
        return [.review(.loadReview), .review(.loadStats)]
    }

    /// A session arrived from the store.
    static func reviewLoaded(_ s: inout AppState, _ session: ReviewSession, sources: [String: String], at: Date) -> [AppEffect] {
        s.review.loading = false
        s.review.session = session
        s.review.sources = sources
        s.review.startedAt = at
        s.review.lastAnswerAt = nil
        return []
    }

    /// Runs a Review command; from elsewhere (the palette) it first brings up the Review pane.
    static func runReview(_ s: inout AppState, _ command: ReviewCommand) -> [AppEffect] {
        guard s.focus == .review else { return focus(&s, .review) + (s.review.loading ? [] : runReview(&s, command)) }
        if command != .stats { s.review.showStats = false }
        switch command {
        case .restart:
            guard !s.review.loading else { return [] }
            s.review.session = nil
            return reviewShown(&s)
        case .undo: return reviewUndo(&s)
        case .stats:
            s.review.showStats.toggle()
            return s.review.showStats ? [.review(.loadStats)] : []
        case .openSource: return reviewOpenSource(&s)
        case .reveal:
            guard var session = currentSession(&s) else { return noCard(&s) }
            session.reveal()
            s.review.session = session
            return []
        case .grade(let rating):
            guard var session = currentSession(&s) else { return noCard(&s) }
            guard session.revealed else { return flash(&s, "Press space to show the answer first") }
            guard let button = session.buttons(at: s.now).first(where: { $0.rating == rating }) else { return [] }
            do {
                guard let effect = try session.grade(button.grade, at: s.now) else { return [] }
                s.review.session = session
                s.review.lastAnswerAt = s.now
                // The last answer of a session: the statistics follow the summary (read after the grade is stored).
                let stats: [AppEffect] = session.isFinished ? [.review(.loadStats)] : []
                return [.review(.persistGrade(ReviewGradeRequest(effect))), .review(.loadDueSummary)] + stats
            } catch {
                return flash(&s, "Could not grade this card: \(error)", error: true)
            }
        }
    }

    /// The session when it has a card to show.
    private static func currentSession(_ s: inout AppState) -> ReviewSession? {
        guard let session = s.review.session, session.current != nil else { return nil }
        return session
    }

    /// Says there is no card (unless a session is loading).
    private static func noCard(_ s: inout AppState) -> [AppEffect] {
        s.review.loading ? [] : flash(&s, "No card to study — press r to check for due cards")
    }

    /// Takes back the last answer of this session.
    static func reviewUndo(_ s: inout AppState) -> [AppEffect] {
        guard var session = s.review.session, let undo = session.undo() else { return flash(&s, "Nothing to undo in this session") }
        s.review.session = session
        return [.review(.persistUndo(ReviewUndoRequest(undo, at: s.now))), .review(.loadDueSummary)] + flash(&s, "Took back the last answer")
    }

    /// Opens the current card's source snippet in the editor.
    static func reviewOpenSource(_ s: inout AppState) -> [AppEffect] {
        guard let item = s.review.session?.current else { return flash(&s, "No card shown") }
        guard let id = s.review.sources[item.id] else { return flash(&s, "This card was not made from a snippet") }
        return openSnippet(&s, id: id, focusTerms: [])
    }
}
