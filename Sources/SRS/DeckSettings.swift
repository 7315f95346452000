import Foundation

/// How a deck schedules its cards. Stored per deck; every field has a sensible default.
public struct DeckSettings: Sendable, Equatable, Codable {
    /// Which algorithm schedules the deck.
    public var scheduler: SchedulerKind
    /// FSRS desired retention in (0, 1].
    public var desiredRetention: Double
    /// Learning steps in seconds (FSRS), e.g. [60, 600].
    public var learningSteps: [Int]
    /// Relearning steps in seconds (FSRS), e.g. [600].
    public var relearningSteps: [Int]
    /// The longest interval in days.
    public var maximumInterval: Int
    /// Whether review intervals get deterministic fuzz.
    public var fuzz: Bool
    /// How many new cards are introduced per day.
    public var newCardsPerDay: Int
    /// The 21 FSRS-6 weights.
    public var weights: [Double]

    /// Defaults: FSRS-6, retention 0.9, steps 1m,10m, relearning 10m, 36500 days, fuzz on, 20 new a day.
    public static let defaults = DeckSettings(
        scheduler: .fsrs, desiredRetention: 0.9, learningSteps: [60, 600], relearningSteps: [600],
        maximumInterval: 36500, fuzz: true, newCardsPerDay: 20, weights: FSRS.defaultWeights)

    /// Memberwise initialiser.
    public init(scheduler: SchedulerKind, desiredRetention: Double, learningSteps: [Int], relearningSteps: [Int],
                maximumInterval: Int, fuzz: Bool, newCardsPerDay: Int, weights: [Double]) {
        self.scheduler = scheduler
        self.desiredRetention = desiredRetention
        self.learningSteps = learningSteps
        self.relearningSteps = relearningSteps
        self.maximumInterval = maximumInterval
        self.fuzz = fuzz
        self.newCardsPerDay = newCardsPerDay
        self.weights = weights
    }

    /// Checks the settings, throwing a one-line explanation of the first bad value.
    public func validate() throws(SRSError) {
        guard desiredRetention > 0, desiredRetention <= 1 else {
            throw .invalidSetting("retention must be in (0, 1], got \(desiredRetention)")
        }
        guard maximumInterval >= 1 else { throw .invalidSetting("max interval must be at least 1 day, got \(maximumInterval)") }
        guard maximumInterval <= StorableDate.maximumScheduleDays else {
            throw .invalidSetting("max interval must be at most \(StorableDate.maximumScheduleDays) days (100 years), got \(maximumInterval)")
        }
        guard newCardsPerDay >= 0 else { throw .invalidSetting("new cards per day must not be negative") }
        guard (learningSteps + relearningSteps).allSatisfy({ $0 > 0 }) else {
            throw .invalidSetting("steps must be positive durations")
        }
        guard (learningSteps + relearningSteps).allSatisfy({ $0 <= StorableDate.maximumScheduleDays * 86400 }) else {
            throw .invalidSetting("steps must be at most \(StorableDate.maximumScheduleDays) days")
        }
        try FSRS.validate(weights: weights)
    }
}

/// Errors of the scheduling module, each a one-line explanation.
public enum SRSError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A deck setting is out of range.
    case invalidSetting(String)
    /// A duration list like "1m,10m" could not be read.
    case invalidSteps(String)
    /// An answer does not fit the card's scheduler.
    case invalidGrade(String)

    /// The message shown to a person.
    public var description: String {
        switch self {
        case .invalidSetting(let m): "invalid deck setting: \(m)"
        case .invalidSteps(let m): "invalid steps: \(m)"
        case .invalidGrade(let m): "invalid grade: \(m)"
        }
    }
}

/// Parsing and printing step lists such as `1m,10m`, `30s`, `1h,1d` or `none`.
public enum StepList {
    /// Parses a comma-separated list of durations (`s`, `m`, `h`, `d`; a bare number is minutes), or `none`.
    public static func parse(_ text: String) throws(SRSError) -> [Int] {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if t == "none" || t.isEmpty { return [] }
        var out: [Int] = []
        for raw in t.split(separator: ",") {
            let part = raw.trimmingCharacters(in: .whitespaces)
            guard let last = part.last else { throw .invalidSteps("empty step in \"\(text)\"") }
            let unit: Int
            var digits = Substring(part)
            switch last {
            case "s": unit = 1; digits = digits.dropLast()
            case "m": unit = 60; digits = digits.dropLast()
            case "h": unit = 3600; digits = digits.dropLast()
            case "d": unit = 86400; digits = digits.dropLast()
            default: unit = 60
            }
            guard let n = Int(digits), n > 0 else {
                throw .invalidSteps("\"\(part)\" is not a duration like 30s, 1m, 10m, 1h or 1d")
            }
            out.append(n * unit)
        }
        return out
    }

    /// Prints steps in the shortest unit that divides each exactly, or `none`.
    public static func format(_ steps: [Int]) -> String {
        if steps.isEmpty { return "none" }
        return steps.map { s in
            if s % 86400 == 0 { return "\(s / 86400)d" }
            if s % 3600 == 0 { return "\(s / 3600)h" }
            if s % 60 == 0 { return "\(s / 60)m" }
            return "\(s)s"
        }.joined(separator: ",")
    }
}
