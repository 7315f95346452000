import Foundation

/// Where a card is in its life: being learned, in long-term review, or relearning after a lapse.
///
/// Like py-fsrs there is no separate "new" state: a new card is `learning` at step 0 with no
/// memory yet (`reps == 0`).
public enum CardPhase: String, Sendable, Codable, CaseIterable {
    /// New or still going through the learning steps.
    case learning
    /// Graduated: scheduled in whole days.
    case review
    /// Forgotten in review and going through the relearning steps.
    case relearning
}

/// The scheduling state of one card, for either scheduler.
///
/// FSRS uses `phase`, `step`, `stability` and `difficulty`; SM-2 uses `easePermille`,
/// `repetitions` and `intervalSeconds`. Both keep `due`, `lastReview`, `reps` and `lapses`.
public struct CardSchedule: Sendable, Equatable, Codable {
    /// Learning, review or relearning.
    public var phase: CardPhase
    /// The current (re)learning step index, nil in review.
    public var step: Int?
    /// FSRS memory stability in days (nil before the first review).
    public var stability: Double?
    /// FSRS difficulty in [1, 10] (nil before the first review).
    public var difficulty: Double?
    /// SM-2 easiness factor in thousandths (2500 = 2.5), kept exact.
    public var easePermille: Int
    /// SM-2 count of consecutive successful repetitions.
    public var repetitions: Int
    /// The interval last scheduled, in seconds (due − last review).
    public var intervalSeconds: Int
    /// When the card is next due.
    public var due: Date
    /// When the card was last reviewed.
    public var lastReview: Date?
    /// How many times the card was reviewed.
    public var reps: Int
    /// How many times the card was forgotten after it had been learned.
    public var lapses: Int

    /// The SM-2 starting ease, 2.5.
    public static let initialEasePermille = 2500

    /// A fresh card, due at `created`.
    public static func new(at created: Date) -> CardSchedule {
        CardSchedule(phase: .learning, step: 0, stability: nil, difficulty: nil,
                     easePermille: initialEasePermille, repetitions: 0, intervalSeconds: 0,
                     due: created, lastReview: nil, reps: 0, lapses: 0)
    }

    /// Memberwise initialiser.
    public init(phase: CardPhase, step: Int?, stability: Double?, difficulty: Double?,
                easePermille: Int, repetitions: Int, intervalSeconds: Int,
                due: Date, lastReview: Date?, reps: Int, lapses: Int) {
        self.phase = phase
        self.step = step
        self.stability = stability
        self.difficulty = difficulty
        self.easePermille = easePermille
        self.repetitions = repetitions
        self.intervalSeconds = intervalSeconds
        self.due = due
        self.lastReview = lastReview
        self.reps = reps
        self.lapses = lapses
    }

    /// Whether the card has never been reviewed.
    public var isNew: Bool { reps == 0 }

    /// The SM-2 ease as a decimal number (2.5 for 2500).
    public var ease: Double { Double(easePermille) / 1000 }
}
