import Foundation

/// An FSRS answer button: Again, Hard, Good or Easy (1–4).
public enum Rating: Int, Sendable, Codable, CaseIterable, Comparable {
    /// Forgot the answer.
    case again = 1
    /// Recalled with serious difficulty.
    case hard = 2
    /// Recalled after some thought.
    case good = 3
    /// Recalled instantly.
    case easy = 4

    /// The lowercase button name used on the command line and in JSON.
    public var name: String {
        switch self {
        case .again: "again"
        case .hard: "hard"
        case .good: "good"
        case .easy: "easy"
        }
    }

    /// Orders ratings by their numeric value.
    public static func < (lhs: Rating, rhs: Rating) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Parses a button name (`again|hard|good|easy`, any case) or a number 1–4.
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let n = Int(t), let r = Rating(rawValue: n) { self = r; return }
        guard let r = Rating.allCases.first(where: { $0.name == t }) else { return nil }
        self = r
    }
}

/// The answer given to a card, in the scale of the scheduler that grades it:
/// FSRS takes 1–4, SM-2 takes a quality 0–5.
public enum Grade: Sendable, Equatable, Codable {
    /// A four-button FSRS rating.
    case fsrs(Rating)
    /// An SM-2 response quality, 0 (blackout) to 5 (perfect).
    case sm2(Int)

    /// The number stored in the review log (1–4 for FSRS, 0–5 for SM-2).
    public var value: Int {
        switch self {
        case .fsrs(let r): r.rawValue
        case .sm2(let q): q
        }
    }

    /// Whether the answer counts as remembered (FSRS Hard or better, SM-2 quality 3 or better).
    public var isPass: Bool {
        switch self {
        case .fsrs(let r): r != .again
        case .sm2(let q): q >= 3
        }
    }

    /// The SM-2 quality a button name stands for: again → 1, hard → 3, good → 4, easy → 5.
    ///
    /// Why: SM-2's 0–2 are all failures and 3–5 successes; the buttons pick the
    /// conventional "incorrect but remembered", "serious difficulty", "after hesitation" and "perfect".
    public static func sm2Quality(for rating: Rating) -> Int {
        switch rating {
        case .again: 1
        case .hard: 3
        case .good: 4
        case .easy: 5
        }
    }

    /// Parses user input for a scheduler: a button name, 1–4 for FSRS, or 0–5 for SM-2.
    public static func parse(_ text: String, for kind: SchedulerKind) -> Grade? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        switch kind {
        case .fsrs:
            return Rating(parsing: t).map(Grade.fsrs)
        case .sm2:
            if let n = Int(t) { return (0...5).contains(n) ? .sm2(n) : nil }
            return Rating(parsing: t).map { .sm2(sm2Quality(for: $0)) }
        }
    }
}
