/// Which algorithm schedules a deck's cards.
public enum SchedulerKind: String, Sendable, Codable, CaseIterable {
    /// FSRS-6 with 21 weights (the default).
    case fsrs
    /// SM-2 as published in 1990.
    case sm2
}
