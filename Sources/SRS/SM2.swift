import Foundation

/// SM-2 as published by Wozniak in 1990, in the reading of the `supermemo2` package.
///
/// The ease factor is updated after every answer (floor 1.3); intervals are 1, 6, then
/// `ceil(previous interval × ease before this answer)`; a quality below 3 resets the repetitions
/// and gives 1 day. The ease is kept in integer thousandths so it never drifts
/// (2.5 + 5 × 0.1 is exactly 3.0, and 140 × 3.0 gives 420, not 421).
public struct SM2: Sendable {
    /// The lowest ease, 1.3, in thousandths.
    public static let minimumEasePermille = 1300
    /// Seconds in a day.
    static let day = 86400

    /// Longest interval in days.
    public let maximumInterval: Int

    /// An SM-2 scheduler capping intervals at `maximumInterval` days.
    public init(maximumInterval: Int = 36500) {
        self.maximumInterval = maximumInterval
    }

    /// The ease change for quality `q` in thousandths: `1000 × (0.1 − (5−q)(0.08 + (5−q)·0.02))`.
    public static func easeDelta(quality q: Int) -> Int {
        let m = 5 - q
        return 100 - m * (80 + m * 20)
    }

    /// Reviews a card with quality `q` (0–5) at `now`.
    public func review(_ card: CardSchedule, quality q: Int, at now: Date) -> CardSchedule {
        precondition((0...5).contains(q), "SM-2 quality must be 0...5")
        var c = card
        let newEase = max(SM2.minimumEasePermille, card.easePermille + SM2.easeDelta(quality: q))
        let previousDays = card.intervalSeconds / SM2.day
        var days: Int
        if q >= 3 {
            switch card.repetitions {
            case 0: days = 1
            case 1: days = 6
            default:
                // ceil(I × EF) in exact integer arithmetic, with the ease before this answer.
                days = (previousDays * card.easePermille + 999) / 1000
            }
            c.repetitions = card.repetitions + 1
            c.phase = .review
        } else {
            if card.repetitions > 0 || card.phase != .learning { c.lapses += 1 }
            c.phase = card.reps == 0 || (card.phase == .learning && card.lapses == 0) ? .learning : .relearning
            c.repetitions = 0
            days = 1
        }
        days = min(max(days, 1), maximumInterval)
        c.easePermille = newEase
        c.step = nil
        c.reps += 1
        c.intervalSeconds = days * SM2.day
        c.due = now.addingTimeInterval(Double(c.intervalSeconds))
        c.lastReview = now
        return c
    }
}
