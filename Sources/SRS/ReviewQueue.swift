import Foundation

/// A card as the review queue sees it: identity, deck, schedule and creation order.
public struct QueueCard: Sendable, Equatable {
    /// The card's id.
    public var id: String
    /// The deck's id.
    public var deckID: String
    /// Its scheduling state.
    public var schedule: CardSchedule
    /// When it was created (orders new cards).
    public var created: Date
    /// Insertion order, breaking ties between cards created in the same instant.
    public var order: Int64
    /// The note it was made from (siblings — a reversed pair, the gaps of one cloze — share it).
    public var noteID: String?

    /// Memberwise initialiser.
    public init(id: String, deckID: String, schedule: CardSchedule, created: Date, order: Int64 = 0, noteID: String? = nil) {
        self.id = id
        self.deckID = deckID
        self.schedule = schedule
        self.created = created
        self.order = order
        self.noteID = noteID
    }
}

/// Builds the order in which due cards are studied.
///
/// Learning and relearning cards due by `now` come first (earliest due first), then review cards
/// due by `now` (earliest first), then new cards in creation order, at most the deck's new-cards-per-day
/// minus those already introduced since `dayStart`. Due times are exact instants: a card due at
/// 09:10 is not due at 09:00.
///
/// Siblings are buried: a review or new card is left out for the day when another card of its note (the other side
/// of a reversed pair, another gap of one cloze) was reviewed today or comes earlier in the queue. Learning and
/// relearning cards are never buried (their steps are minutes apart and already under way).
public enum ReviewQueue {
    /// The ordered due cards.
    /// - Parameters:
    ///   - newLimit: new cards per day for a deck id.
    ///   - introducedToday: new cards already first-reviewed since the start of the day, per deck id.
    ///   - reviewedToday: the ids of cards reviewed since the start of the day, per note id (buries their siblings).
    public static func build(_ cards: [QueueCard], at now: Date,
                             newLimit: (String) -> Int, introducedToday: [String: Int] = [:],
                             reviewedToday: [String: Set<String>] = [:]) -> [QueueCard] {
        let due = cards.filter { !$0.schedule.isNew && $0.schedule.due <= now }
        let byDue: (QueueCard, QueueCard) -> Bool = { a, b in
            a.schedule.due != b.schedule.due ? a.schedule.due < b.schedule.due : a.id < b.id
        }
        let learning = due.filter { $0.schedule.phase != .review }.sorted(by: byDue)
        var shownNotes = Set(learning.compactMap(\.noteID))
        func buried(_ c: QueueCard) -> Bool {
            guard let note = c.noteID else { return false }
            if reviewedToday[note]?.contains(where: { $0 != c.id }) == true { return true }
            return !shownNotes.insert(note).inserted
        }
        let review = due.filter { $0.schedule.phase == .review }.sorted(by: byDue).filter { !buried($0) }
        var remaining: [String: Int] = [:]
        var fresh: [QueueCard] = []
        let newCards = cards.filter { $0.schedule.isNew && $0.schedule.due <= now }
            .sorted { a, b in a.created != b.created ? a.created < b.created : a.order != b.order ? a.order < b.order : a.id < b.id }
        for c in newCards {
            let left = remaining[c.deckID] ?? max(0, newLimit(c.deckID) - (introducedToday[c.deckID] ?? 0))
            guard left > 0, !buried(c) else { continue }
            remaining[c.deckID] = left - 1
            fresh.append(c)
        }
        return learning + review + fresh
    }

    /// The start of the day containing `now` in `timeZone` (the "today" of new-card limits).
    public static func dayStart(of now: Date, in timeZone: TimeZone) -> Date {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = timeZone
        return cal.startOfDay(for: now)
    }
}
