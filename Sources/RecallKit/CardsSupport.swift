import Foundation
import SRS
import Store

/// Times on the command line: ISO 8601 instants, always shown in UTC.
public enum CardsTime {
    /// Parses `2026-01-01T09:00:00Z`, `…+02:00`, fractional seconds, or a date `2026-01-01` (UTC midnight).
    public static func parse(_ text: String) -> Date? {
        let t = text.trimmingCharacters(in: .whitespaces)
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        if let d = f.date(from: t) { return d }
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = f.date(from: t) { return d }
        f.formatOptions = [.withFullDate]
        f.timeZone = TimeZone(identifier: "UTC")
        return f.date(from: t)
    }

    /// Formats an instant as `2026-01-01T09:00:00Z`.
    public static func format(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }

    /// Wall-clock seconds, truncated to whole seconds (so due times stay whole-second instants).
    public static func now() -> Date { Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)) }
}

/// A card's scheduling state as printed by `recall grade --json` and friends.
///
/// FSRS cards carry `step`, `stability` and `difficulty`; SM-2 cards carry `ease` and `repetitions`.
public struct CardStateView: Encodable, Sendable {
    /// The card's id.
    public var id: String
    /// Its deck's name.
    public var deck: String
    /// `fsrs` or `sm2`.
    public var scheduler: SchedulerKind
    /// The schedule.
    public var schedule: CardSchedule
    /// The answer just given, if this view follows a grade.
    public var rating: Int?

    /// A view of a stored card under its deck's scheduler.
    public init(card: StoredCard, scheduler: SchedulerKind, rating: Int? = nil) {
        id = card.id
        deck = card.deckName
        self.scheduler = scheduler
        schedule = card.schedule
        self.rating = rating
    }

    enum Keys: String, CodingKey {
        case id, deck, scheduler, rating, state, step, stability, difficulty, ease, repetitions
        case interval_seconds, due, last_review, reps, lapses, is_new
    }

    /// Encodes explicit nulls for `step` and `last_review` so scripts can rely on the keys.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(id, forKey: .id)
        try c.encode(deck, forKey: .deck)
        try c.encode(scheduler.rawValue, forKey: .scheduler)
        try c.encodeIfPresent(rating, forKey: .rating)
        try c.encode(schedule.phase.rawValue, forKey: .state)
        switch scheduler {
        case .fsrs:
            try c.encode(schedule.step, forKey: .step)
            try c.encode(schedule.stability, forKey: .stability)
            try c.encode(schedule.difficulty, forKey: .difficulty)
        case .sm2:
            try c.encode(Decimal(schedule.easePermille) / 1000, forKey: .ease)
            try c.encode(schedule.repetitions, forKey: .repetitions)
        }
        try c.encode(schedule.intervalSeconds, forKey: .interval_seconds)
        try c.encode(CardsTime.format(schedule.due), forKey: .due)
        try c.encode(schedule.lastReview.map(CardsTime.format), forKey: .last_review)
        try c.encode(schedule.reps, forKey: .reps)
        try c.encode(schedule.lapses, forKey: .lapses)
        try c.encode(schedule.isNew, forKey: .is_new)
    }
}

/// A card in lists (`recall due`, `recall card list`).
public struct CardListView: Encodable, Sendable {
    /// The card's id.
    public var id: String
    /// Its deck.
    public var deck: String
    /// basic, reversed or cloze.
    public var kind: String
    /// `new`, `learning`, `review` or `relearning`.
    public var state: String
    /// When it is due.
    public var due: String
    /// The question as shown.
    public var question: String
    /// The answer as shown.
    public var answer: String
    /// Tags.
    public var tags: [String]
    /// The source snippet, if any.
    public var sourceSnippet: String?
    /// Whether the source changed since the card was made.
    public var sourceChanged: Bool
    /// Times forgotten.
    public var lapses: Int

    /// A list row for a stored card.
    public init(_ c: StoredCard) {
        id = c.id
        deck = c.deckName
        kind = c.content.kind.rawValue
        state = c.schedule.isNew ? "new" : c.schedule.phase.rawValue
        due = CardsTime.format(c.schedule.due)
        question = c.content.question
        answer = c.content.answer
        tags = c.tags
        sourceSnippet = c.sourceSnippetID
        sourceChanged = c.sourceChanged
        lapses = c.schedule.lapses
    }

    /// One terminal line: short id, state, due, deck, question (first line, trimmed) and a flag.
    public var line: String {
        let q = question.split(separator: "\n").first.map(String.init) ?? ""
        let short = q.count > 60 ? String(q.prefix(59)) + "…" : q
        let flag = sourceChanged ? "  [source changed]" : ""
        return "\(id.prefix(8))  \(state.padding(toLength: 10, withPad: " ", startingAt: 0))  \(due)  \(deck)  \(short)\(flag)"
    }
}

/// A deck's settings as printed by `recall deck`.
public struct DeckView: Encodable, Sendable {
    /// Deck id.
    public var id: String
    /// Deck name.
    public var name: String
    /// fsrs or sm2.
    public var scheduler: String
    /// Desired retention.
    public var retention: Double
    /// Learning steps, e.g. `1m,10m`.
    public var learningSteps: String
    /// Relearning steps, e.g. `10m`.
    public var relearningSteps: String
    /// Maximum interval in days.
    public var maxInterval: Int
    /// Whether fuzz is on.
    public var fuzz: Bool
    /// New cards per day.
    public var newPerDay: Int

    /// A view of a deck.
    public init(_ d: Deck) {
        id = d.id
        name = d.name
        scheduler = d.settings.scheduler.rawValue
        retention = d.settings.desiredRetention
        learningSteps = StepList.format(d.settings.learningSteps)
        relearningSteps = StepList.format(d.settings.relearningSteps)
        maxInterval = d.settings.maximumInterval
        fuzz = d.settings.fuzz
        newPerDay = d.settings.newCardsPerDay
    }

    /// One terminal line.
    public var line: String {
        "\(name): \(scheduler), retention \(retention), learning \(learningSteps), relearning \(relearningSteps), max \(maxInterval)d, fuzz \(fuzz ? "on" : "off"), \(newPerDay) new/day"
    }
}
