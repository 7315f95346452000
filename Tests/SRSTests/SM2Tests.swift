import Foundation
import Testing
@testable import SRS

/// SM-2 (SM2-1990-canonical) against the reference table, each answer given on its due date.
@Suite struct SM2Tests {
    let start = Date(timeIntervalSince1970: 1_704_067_200) // 2024-01-01T00:00:00Z

    func run(_ qs: [Int]) -> [CardSchedule] {
        var card = CardSchedule.new(at: start)
        var now = start
        var out: [CardSchedule] = []
        for q in qs {
            card = SM2().review(card, quality: q, at: now)
            out.append(card)
            now = card.due
        }
        return out
    }

    func days(_ s: [CardSchedule]) -> [Int] { s.map { $0.intervalSeconds / 86400 } }

    @Test func perfectAnswers() {
        let s = run([5, 5, 5, 5])
        #expect(days(s) == [1, 6, 17, 48])
        #expect(s.map(\.easePermille) == [2600, 2700, 2800, 2900])
        #expect(s.map(\.repetitions) == [1, 2, 3, 4])
    }

    @Test func lapseResetsRepetitionsAndKeepsEaseUpdate() {
        let s = run([4, 3, 5, 2, 4, 5])
        #expect(days(s) == [1, 6, 15, 1, 1, 6])
        #expect(s.map(\.easePermille) == [2500, 2360, 2460, 2140, 2140, 2240])
        #expect(s.map(\.repetitions) == [1, 2, 3, 0, 1, 2])
        #expect(s[3].phase == .relearning && s[3].lapses == 1)
    }

    @Test func difficultAnswers() {
        let s = run([3, 3, 3, 3])
        #expect(days(s) == [1, 6, 14, 30])
        #expect(s.map(\.easePermille) == [2360, 2220, 2080, 1940])
    }

    @Test func steadyFours() {
        #expect(days(run(Array(repeating: 4, count: 6))) == [1, 6, 15, 38, 95, 238])
    }

    @Test func easeReachingThreeDoesNotDrift() {
        // Double arithmetic gives ease 3.0000000000000004 and ceil(140 × EF) = 421; exact ease gives 420.
        let s = run(Array(repeating: 5, count: 7))
        #expect(days(s) == [1, 6, 17, 48, 140, 420, 1302])
        #expect(s[4].easePermille == 3000)
    }

    @Test func easeFloorsAtOnePointThree() {
        let s = run(Array(repeating: 3, count: 10))
        #expect(days(s) == [1, 6, 14, 30, 59, 107, 178, 271, 374, 487])
        #expect(s[8].easePermille == 1300 && s[9].easePermille == 1300)
        #expect(s[7].easePermille > 1300)
    }

    @Test func publishedUnitTestOfSupermemo2() {
        // (q=3, EF=2.3, I=12, n=3) → EF 2.16, I 28, n 4.
        var card = CardSchedule.new(at: start)
        card.easePermille = 2300; card.intervalSeconds = 12 * 86400; card.repetitions = 3; card.reps = 3
        card.phase = .review; card.lastReview = start
        let next = SM2().review(card, quality: 3, at: start)
        #expect(next.easePermille == 2160 && next.intervalSeconds == 28 * 86400 && next.repetitions == 4)
    }

    @Test func easeDeltasPerQuality() {
        #expect((0...5).map(SM2.easeDelta) == [-800, -540, -320, -140, 0, 100])
    }

    @Test func gradeParsingFollowsTheDeckScheduler() {
        #expect(Grade.parse("good", for: .fsrs) == .fsrs(.good))
        #expect(Grade.parse("3", for: .fsrs) == .fsrs(.good))
        #expect(Grade.parse("0", for: .fsrs) == nil)
        #expect(Grade.parse("5", for: .fsrs) == nil)
        #expect(Grade.parse("0", for: .sm2) == .sm2(0))
        #expect(Grade.parse("Easy", for: .sm2) == .sm2(5))
        #expect(Grade.parse("6", for: .sm2) == nil)
        #expect(Grade.parse("meh", for: .sm2) == nil)
        #expect(throws: SRSError.self) {
            try Scheduling.review(.new(at: start), grade: .sm2(4), settings: .defaults, at: start, cardID: "x")
        }
    }

    @Test func stepListsParseAndPrint() throws {
        #expect(try StepList.parse("1m,10m") == [60, 600])
        #expect(try StepList.parse("30s, 1h ,1d") == [30, 3600, 86400])
        #expect(try StepList.parse("none") == [])
        #expect(try StepList.parse("5") == [300])
        #expect(throws: SRSError.self) { try StepList.parse("1x") }
        #expect(throws: SRSError.self) { try StepList.parse("-1m") }
        #expect(StepList.format([60, 600, 90, 7200, 86400]) == "1m,10m,90s,2h,1d")
        #expect(StepList.format([]) == "none")
    }
}
