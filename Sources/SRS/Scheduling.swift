import Foundation

/// One entry point for both schedulers: reviews a card with the deck's settings.
public enum Scheduling {
    /// Applies `grade` to `card` at `now` under `settings`. `cardID` seeds the fuzz.
    ///
    /// Throws when the grade's scale does not match the deck's scheduler.
    public static func review(_ card: CardSchedule, grade: Grade, settings: DeckSettings,
                              at now: Date, cardID: String) throws(SRSError) -> CardSchedule {
        switch (settings.scheduler, grade) {
        case (.fsrs, .fsrs(let r)):
            let seed = FuzzSeed.seed(cardID: cardID, reviewCount: card.reps)
            return FSRS(settings: settings).review(card, r, at: now, seed: seed)
        case (.sm2, .sm2(let q)):
            guard (0...5).contains(q) else { throw .invalidGrade("SM-2 quality must be 0–5, got \(q)") }
            return SM2(maximumInterval: settings.maximumInterval).review(card, quality: q, at: now)
        case (.fsrs, .sm2(let q)):
            throw .invalidGrade("this deck uses FSRS: answer again|hard|good|easy or 1–4, not quality \(q)")
        case (.sm2, .fsrs(let r)):
            throw .invalidGrade("this deck uses SM-2: answer 0–5, not \(r.name)")
        }
    }

    /// The states each answer button would lead to, for showing intervals on the buttons.
    public static func preview(_ card: CardSchedule, settings: DeckSettings, at now: Date,
                               cardID: String) -> [(rating: Rating, next: CardSchedule)] {
        Rating.allCases.map { r in
            let g: Grade = settings.scheduler == .fsrs ? .fsrs(r) : .sm2(Grade.sm2Quality(for: r))
            // A matching grade never throws.
            let next = (try? review(card, grade: g, settings: settings, at: now, cardID: cardID)) ?? card
            return (r, next)
        }
    }

    /// A short human label for an interval: `10m`, `5.5m`, `3d`, `2.1mo`, `1.4y`.
    public static func label(seconds: Int) -> String {
        let s = Double(seconds)
        func fmt(_ v: Double, _ u: String) -> String {
            v == v.rounded() ? "\(Int(v))\(u)" : String(format: "%.1f", v) + u
        }
        if s < 60 { return "\(seconds)s" }
        if s < 3600 { return fmt(s / 60, "m") }
        if s < 86400 { return fmt(s / 3600, "h") }
        let d = s / 86400
        if d < 30 { return fmt(d, "d") }
        if d < 365 { return fmt(d / 30, "mo") }
        return fmt(d / 365, "y")
    }
}
