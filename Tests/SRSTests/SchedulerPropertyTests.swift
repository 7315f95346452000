import Seeded
import Foundation
import Testing
@testable import SRS

/// Invariants of both schedulers over thousands of seeded random review histories.
@Suite struct SchedulerPropertyTests {
    static let start = Date(timeIntervalSince1970: 1_767_258_000) // 2026-01-01T09:00:00Z

    /// Random settings within the allowed ranges.
    static func randomSettings(_ rng: inout SeededGenerator, scheduler: SchedulerKind) -> DeckSettings {
        var s = DeckSettings.defaults
        s.scheduler = scheduler
        s.desiredRetention = [0.7, 0.8, 0.9, 0.95, 0.99].randomElement(using: &rng)!
        s.learningSteps = [[], [60], [60, 600], [30, 300, 3600, 86400]].randomElement(using: &rng)!
        s.relearningSteps = [[], [600], [300, 1200]].randomElement(using: &rng)!
        s.maximumInterval = [1, 7, 100, 36500].randomElement(using: &rng)!
        s.fuzz = Bool.random(using: &rng)
        return s
    }

    /// The next review time: on time, early, late or same-day.
    static func nextTime(after card: CardSchedule, now: Date, _ rng: inout SeededGenerator) -> Date {
        let gap = card.due.timeIntervalSince(now)
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: return card.due
        case 1: return now.addingTimeInterval((gap * Double.random(in: 0...1, using: &rng)).rounded(.down))
        case 2: return now.addingTimeInterval((gap * Double.random(in: 1...4, using: &rng)).rounded(.down))
        default: return now.addingTimeInterval(Double(Int.random(in: 0..<86400, using: &rng)))
        }
    }

    func checkInvariants(scheduler: SchedulerKind, seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        for history in 0..<300 {
            let settings = Self.randomSettings(&rng, scheduler: scheduler)
            var card = CardSchedule.new(at: Self.start)
            var now = Self.start
            for _ in 0..<Int.random(in: 1...30, using: &rng) {
                let r = Rating.allCases.randomElement(using: &rng)!
                let grade: Grade = scheduler == .fsrs ? .fsrs(r) : .sm2(Int.random(in: 0...5, using: &rng))
                let next = try Scheduling.review(card, grade: grade, settings: settings, at: now, cardID: "card-\(history)")
                let context = "history \(history) settings \(settings) grade \(grade)"
                #expect(next.intervalSeconds >= 0, "\(context)")
                #expect(next.due >= now, "\(context)")
                #expect(next.intervalSeconds <= settings.maximumInterval * 86400
                        || next.phase != .review, "max interval broken: \(context)")
                #expect(next.reps == card.reps + 1)
                #expect(next.lapses >= card.lapses)
                if scheduler == .fsrs {
                    #expect(next.stability! > 0, "\(context)")
                    #expect((1.0...10.0).contains(next.difficulty!), "\(context)")
                    if next.phase == .review { #expect(next.intervalSeconds >= 86400 && next.intervalSeconds % 86400 == 0) }
                    if next.phase != .review { #expect(next.step != nil) }
                } else {
                    #expect(next.easePermille >= SM2.minimumEasePermille)
                    #expect(next.intervalSeconds % 86400 == 0 && next.intervalSeconds >= 86400)
                }
                card = next
                now = Self.nextTime(after: card, now: now, &rng)
            }
        }
    }

    @Test func fsrsInvariantsHold() throws { try checkInvariants(scheduler: .fsrs, seed: 1) }
    @Test func sm2InvariantsHold() throws { try checkInvariants(scheduler: .sm2, seed: 2) }

    @Test func fuzzIsDeterministicAndStaysInRange() {
        var rng = SeededGenerator(seed: 3)
        for _ in 0..<5000 {
            let days = Int.random(in: 0...40000, using: &rng)
            let maxIvl = [36500, 100, 3].randomElement(using: &rng)!
            let capped = min(days, maxIvl)
            let seed = rng.next()
            let a = Fuzz.fuzzedDays(capped, maximumInterval: maxIvl, seed: seed)
            #expect(a == Fuzz.fuzzedDays(capped, maximumInterval: maxIvl, seed: seed))
            if capped < 3 { #expect(a == capped) } else {
                let (lo, hi) = Fuzz.range(days: capped, maximumInterval: maxIvl)
                #expect((lo...hi).contains(a), "\(capped) → \(a) not in \(lo)...\(hi)")
                #expect(a <= maxIvl)
            }
        }
    }

    @Test func fuzzSpreadsAcrossTheRange() {
        // Given a 100-day interval, When fuzzed for many cards, Then every day of the range occurs.
        let (lo, hi) = Fuzz.range(days: 100, maximumInterval: 36500)
        let seen = Set((0..<2000).map { Fuzz.fuzzedDays(100, maximumInterval: 36500, seed: FuzzSeed.seed(cardID: "c\($0)", reviewCount: 4)) })
        #expect(seen == Set(lo...hi))
        #expect(lo < 100 && hi > 100)
    }

    @Test func fuzzOnChangesOnlyReviewIntervals() throws {
        var settings = DeckSettings.defaults
        settings.fuzz = true
        var off = settings; off.fuzz = false
        var card = CardSchedule.new(at: Self.start)
        var plain = card
        var now = Self.start
        var differed = false
        for _ in 0..<12 {
            card = try Scheduling.review(card, grade: .fsrs(.good), settings: settings, at: now, cardID: "abc")
            plain = try Scheduling.review(plain, grade: .fsrs(.good), settings: off, at: now, cardID: "abc")
            #expect(card.stability != nil)
            if card.phase != .review { #expect(card.intervalSeconds == plain.intervalSeconds) }
            differed = differed || card.intervalSeconds != plain.intervalSeconds
            now = card.due
            plain.due = card.due; plain.lastReview = card.lastReview; plain.stability = card.stability; plain.difficulty = card.difficulty
        }
        #expect(differed)
    }
}
