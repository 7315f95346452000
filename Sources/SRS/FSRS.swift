import Foundation

/// The FSRS-6 memory model and scheduler, matching py-fsrs 6.3.2 with fuzz off.
///
/// Operations keep py-fsrs's order and use `pow` (as Python's `**` does, including `math.e ** x`)
/// so results are bit-identical in Double. Elapsed days are whole 24-hour periods; due times are
/// the review time plus whole seconds.
public struct FSRS: Sendable {
    /// The 21 default FSRS-6 weights (py-fsrs ≥ 6.2.0, fsrs-rs ≥ 4.0.0, Anki ≥ 25.07).
    public static let defaultWeights: [Double] = [
        0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666,
        0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658,
        0.1542,
    ]
    /// Lower bounds of each weight (py-fsrs).
    static let lowerBounds: [Double] = [0.001, 0.001, 0.001, 0.001, 1.0, 0.001, 0.001, 0.001, 0.0, 0.0,
                                        0.001, 0.001, 0.001, 0.001, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.1]
    /// Upper bounds of each weight (py-fsrs).
    static let upperBounds: [Double] = [100, 100, 100, 100, 10, 4, 4, 0.75, 4.5, 0.8,
                                        3.5, 5, 0.25, 0.9, 4, 1, 6, 2, 2, 0.8, 0.8]
    /// The smallest stability a card can have.
    public static let stabilityMin = 0.001
    /// Python's `math.e`; `pow(e, x)` reproduces `math.e ** x` bit for bit (it may differ from `exp`).
    static let e = 2.718281828459045
    /// Seconds in a day.
    static let day = 86400.0

    /// Throws unless there are exactly 21 weights, each within py-fsrs's bounds.
    public static func validate(weights: [Double]) throws(SRSError) {
        guard weights.count == 21 else { throw .invalidSetting("FSRS needs 21 weights, got \(weights.count)") }
        for (i, w) in weights.enumerated() where !(lowerBounds[i]...upperBounds[i]).contains(w) {
            throw .invalidSetting("weight w\(i) = \(w) is outside [\(lowerBounds[i]), \(upperBounds[i])]")
        }
    }

    /// The weights.
    public let w: [Double]
    /// Desired retention in (0, 1].
    public let desiredRetention: Double
    /// Learning steps in seconds.
    public let learningSteps: [Int]
    /// Relearning steps in seconds.
    public let relearningSteps: [Int]
    /// Longest interval in days.
    public let maximumInterval: Int
    /// Whether review intervals are fuzzed.
    public let fuzz: Bool
    /// The forgetting-curve decay, −w20.
    public let decay: Double
    /// The factor making R(S, S) = 0.9.
    public let factor: Double

    /// A scheduler with the given deck settings.
    public init(settings: DeckSettings) {
        self.init(weights: settings.weights, desiredRetention: settings.desiredRetention,
                  learningSteps: settings.learningSteps, relearningSteps: settings.relearningSteps,
                  maximumInterval: settings.maximumInterval, fuzz: settings.fuzz)
    }

    /// A scheduler with explicit parameters (defaults as py-fsrs, fuzz off unless asked).
    public init(weights: [Double] = FSRS.defaultWeights, desiredRetention: Double = 0.9,
                learningSteps: [Int] = [60, 600], relearningSteps: [Int] = [600],
                maximumInterval: Int = 36500, fuzz: Bool = false) {
        self.w = weights
        self.desiredRetention = desiredRetention
        self.learningSteps = learningSteps
        self.relearningSteps = relearningSteps
        self.maximumInterval = maximumInterval
        self.fuzz = fuzz
        self.decay = -weights[20]
        self.factor = pow(0.9, 1 / decay) - 1
    }

    // MARK: Memory model

    /// Retrievability after `elapsedDays` whole days with stability `s`.
    public func retrievability(elapsedDays: Int, stability s: Double) -> Double {
        pow(1 + factor * Double(max(0, elapsedDays)) / s, decay)
    }

    /// Initial stability for a first rating.
    public func initialStability(_ g: Rating) -> Double {
        max(w[g.rawValue - 1], FSRS.stabilityMin)
    }

    /// Initial difficulty for a first rating, optionally clamped to [1, 10].
    public func initialDifficulty(_ g: Rating, clamp: Bool) -> Double {
        let d = w[4] - pow(FSRS.e, w[5] * Double(g.rawValue - 1)) + 1
        return clamp ? FSRS.clampDifficulty(d) : d
    }

    /// The unrounded interval in days that reaches the desired retention.
    public func rawInterval(stability s: Double) -> Double {
        (s / factor) * (pow(desiredRetention, 1 / decay) - 1)
    }

    /// The review interval in whole days: half-to-even rounded, at least 1, at most the maximum.
    public func nextIntervalDays(stability s: Double) -> Int {
        let raw = rawInterval(stability: s).rounded(.toNearestOrEven)
        // A stability from outside (an imported card) may be huge or not a number: clamp before converting to Int.
        if raw.isNaN || raw < 1 { return 1 }
        if raw >= Double(maximumInterval) { return maximumInterval }
        return Int(raw)
    }

    /// Stability after a same-day (under 24 h) review.
    public func shortTermStability(_ s: Double, _ g: Rating) -> Double {
        var inc = pow(FSRS.e, w[17] * (Double(g.rawValue - 3) + w[18])) * pow(s, -w[19])
        if g != .again { inc = max(inc, 1.0) }
        return max(s * inc, FSRS.stabilityMin)
    }

    /// Difficulty after a rating: linear damping, then mean reversion toward the unclamped D0(Easy).
    public func nextDifficulty(_ d: Double, _ g: Rating) -> Double {
        let target = initialDifficulty(.easy, clamp: false)
        let delta = -(w[6] * Double(g.rawValue - 3))
        let damped = d + (10.0 - d) * delta / 9.0
        return FSRS.clampDifficulty(w[7] * target + (1 - w[7]) * damped)
    }

    /// Stability after a review at least a day after the last one.
    public func nextStability(d: Double, s: Double, r: Double, _ g: Rating) -> Double {
        let next: Double
        if g == .again {
            let long = w[11] * pow(d, -w[12]) * (pow(s + 1, w[13]) - 1) * pow(FSRS.e, (1 - r) * w[14])
            let short = s / pow(FSRS.e, w[17] * w[18])
            next = min(long, short)
        } else {
            let hard = g == .hard ? w[15] : 1
            let easy = g == .easy ? w[16] : 1
            next = s * (1 + pow(FSRS.e, w[8]) * (11 - d) * pow(s, -w[9]) * (pow(FSRS.e, (1 - r) * w[10]) - 1) * hard * easy)
        }
        return max(next, FSRS.stabilityMin)
    }

    /// FSRS memory for a card scheduled by SM-2 so far (fsrs-rs `memory_state_from_sm2`), used when a deck
    /// switches to FSRS: the stability that gives `retention` after the SM-2 interval, and the difficulty that
    /// makes FSRS's recall growth match the SM-2 ease.
    public func memoryFromSM2(ease: Double, intervalDays: Double, retention r: Double = 0.9) -> (stability: Double, difficulty: Double) {
        let s = max(intervalDays, FSRS.stabilityMin) * factor / (pow(r, 1 / decay) - 1)
        let d = 11 - (ease - 1) / (pow(FSRS.e, w[8]) * pow(s, -w[9]) * (pow(FSRS.e, (1 - r) * w[10]) - 1))
        return (max(s, FSRS.stabilityMin), FSRS.clampDifficulty(d))
    }

    /// Clamps a difficulty to [1, 10].
    static func clampDifficulty(_ d: Double) -> Double { min(max(d, 1.0), 10.0) }

    /// Whole 24-hour periods from `from` to `to` (negative if `to` is earlier), like Python's `timedelta.days`.
    public static func elapsedDays(from: Date, to: Date) -> Int {
        Int((to.timeIntervalSince(from) / day).rounded(.down))
    }

    // MARK: Scheduling

    /// Reviews a card at `now` with rating `g`. `seed` makes the fuzz deterministic (see `FuzzSeed`).
    public func review(_ card: CardSchedule, _ g: Rating, at now: Date, seed: UInt64 = 0) -> CardSchedule {
        var c = card
        let elapsed = card.lastReview.map { FSRS.elapsedDays(from: $0, to: now) }
        var card = card
        if card.stability == nil, card.reps > 0, card.lastReview != nil {
            // Reviewed before under SM-2: start from the equivalent memory instead of a first review.
            let m = memoryFromSM2(ease: card.ease, intervalDays: max(1, Double(card.intervalSeconds) / FSRS.day))
            card.stability = m.stability
            card.difficulty = m.difficulty
            if card.phase != .review { card.phase = .review; card.step = nil }
            c = card
        }

        // Memory update: first review, same-day review, or a review a day or more later.
        if let s = card.stability, let d = card.difficulty {
            if let t = elapsed, t < 1 {
                c.stability = shortTermStability(s, g)
            } else {
                let r = card.lastReview == nil ? 0 : retrievability(elapsedDays: elapsed ?? 0, stability: s)
                c.stability = nextStability(d: d, s: s, r: r, g)
            }
            c.difficulty = nextDifficulty(d, g)
        } else {
            c.stability = initialStability(g)
            c.difficulty = initialDifficulty(g, clamp: true)
        }
        let s = c.stability ?? initialStability(g)

        // Interval: seconds for (re)learning steps, whole days in review.
        var seconds: Double
        switch card.phase {
        case .learning, .relearning:
            let steps = card.phase == .learning ? learningSteps : relearningSteps
            let step = card.step ?? 0
            if steps.isEmpty || (step >= steps.count && g != .again) {
                c.phase = .review; c.step = nil
                seconds = Double(nextIntervalDays(stability: s)) * FSRS.day
            } else {
                switch g {
                case .again:
                    c.step = 0
                    seconds = Double(steps[0])
                case .hard:
                    c.step = step
                    if step == 0 && steps.count == 1 {
                        seconds = Double(steps[0]) * 1.5
                    } else if step == 0 {
                        seconds = Double(steps[0] + steps[1]) / 2.0
                    } else {
                        seconds = Double(steps[step])
                    }
                case .good:
                    if step + 1 == steps.count {
                        c.phase = .review; c.step = nil
                        seconds = Double(nextIntervalDays(stability: s)) * FSRS.day
                    } else {
                        c.step = step + 1
                        seconds = Double(steps[step + 1])
                    }
                case .easy:
                    c.phase = .review; c.step = nil
                    seconds = Double(nextIntervalDays(stability: s)) * FSRS.day
                }
            }
        case .review:
            if g == .again && !relearningSteps.isEmpty {
                c.phase = .relearning; c.step = 0
                seconds = Double(relearningSteps[0])
            } else {
                seconds = Double(nextIntervalDays(stability: s)) * FSRS.day
            }
        }
        if fuzz && c.phase == .review {
            let days = Int(seconds / FSRS.day)
            seconds = Double(Fuzz.fuzzedDays(days, maximumInterval: maximumInterval, seed: seed)) * FSRS.day
        }
        let whole = Int(seconds.rounded(.toNearestOrEven))
        if card.phase == .review && g == .again { c.lapses += 1 }
        c.reps += 1
        c.intervalSeconds = whole
        c.due = now.addingTimeInterval(Double(whole))
        c.lastReview = now
        return c
    }
}
