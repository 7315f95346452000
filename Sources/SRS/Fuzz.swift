import Foundation
import Seeded

/// Deterministic interval fuzz: py-fsrs's ranges, picked uniformly with a seeded generator.
///
/// Why not py-fsrs's exact pick: it uses Python's global Mersenne Twister and `round`, so it can
/// neither be reproduced nor stay inside its range. Like Anki, the pick is
/// `floor(min + u·(max − min + 1))` with `u` from a generator seeded by the card and its review count.
public enum Fuzz {
    /// The (lower, upper) whole-day bounds a fuzzed interval may take (py-fsrs `_get_fuzz_range`).
    public static func range(days: Int, maximumInterval: Int) -> (lower: Int, upper: Int) {
        var delta = 1.0
        for (start, end, factor) in [(2.5, 7.0, 0.15), (7.0, 20.0, 0.1), (20.0, Double.infinity, 0.05)] {
            delta += factor * max(min(Double(days), end) - start, 0.0)
        }
        var lower = Int((Double(days) - delta).rounded(.toNearestOrEven))
        var upper = Int((Double(days) + delta).rounded(.toNearestOrEven))
        lower = max(2, lower)
        upper = min(upper, maximumInterval)
        lower = min(lower, upper)
        return (lower, upper)
    }

    /// The fuzzed interval in days; intervals under 2.5 days are returned unchanged.
    public static func fuzzedDays(_ days: Int, maximumInterval: Int, seed: UInt64) -> Int {
        guard Double(days) >= 2.5 else { return days }
        let (lower, upper) = range(days: days, maximumInterval: maximumInterval)
        var rng = SeededGenerator(seed: seed)
        let u = rng.nextUnit()
        let picked = lower + Int((u * Double(upper - lower + 1)).rounded(.down))
        return min(min(picked, upper), maximumInterval)
    }
}

/// Seeds for the fuzz: a stable hash of the card's id and its review count.
public enum FuzzSeed {
    /// FNV-1a of the id's UTF-8 bytes, mixed with the review count. Stable across runs and machines.
    public static func seed(cardID: String, reviewCount: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in cardID.utf8 {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01b3
        }
        return h ^ (UInt64(truncatingIfNeeded: reviewCount) &* 0x9E37_79B9_7F4A_7C15)
    }
}
