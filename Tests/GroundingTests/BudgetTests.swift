import XCTest
@testable import Grounding

final class BudgetTests: XCTestCase {
    let words = { (n: Int) in (0..<n).map { "word\($0 % 50)" }.joined(separator: " ") }

    func testEverythingFitsInALargeWindow() {
        let plan = SourceBudget(numCtx: 8192).plan(question: "q", candidates: (1...3).map { candidate($0, words(50)) })
        XCTAssertEqual(plan.passages.map(\.n), [1, 2, 3])
        XCTAssertEqual(plan.passages.map(\.chunkID), [1, 2, 3])
        XCTAssertFalse(plan.trimmed)
        XCTAssertLessThanOrEqual(plan.promptTokens + plan.answerReserve, 8192)
    }

    func testWholeChunksBestFirstAndTheRestIsReportedAsDropped() {
        // ~1,700 tokens each: two fit in 4096 minus the reserve (1024) and the instructions.
        let plan = SourceBudget(numCtx: 4096).plan(question: "q", candidates: (1...4).map { candidate($0, words(800)) })
        XCTAssertEqual(plan.passages.map(\.chunkID), [1])
        XCTAssertEqual(plan.dropped.map(\.chunkID), [2, 3, 4])
        XCTAssertTrue(plan.trimmed)
        XCTAssertLessThanOrEqual(plan.promptTokens + plan.answerReserve, 4096)
    }

    func testASmallerChunkAfterOneThatDidNotFitStillGoesIn() {
        let plan = SourceBudget(numCtx: 4096).plan(question: "q", candidates: [candidate(1, words(1000)), candidate(2, words(900)), candidate(3, words(40))])
        XCTAssertEqual(plan.passages.map(\.chunkID), [1, 3])
        XCTAssertEqual(plan.passages.map(\.n), [1, 2])
        XCTAssertEqual(plan.dropped.map(\.chunkID), [2])
    }

    func testTheNeighbourOfATopHitIsMergedWhenThereIsRoom() {
        let top = candidate(1, "middle text", previous: NeighbourChunk(chunkID: 10, text: "before text"),
                            next: NeighbourChunk(chunkID: 11, text: "after text"))
        let plan = SourceBudget(numCtx: 4096).plan(question: "q", candidates: [top, candidate(2, "other")])
        XCTAssertEqual(plan.passages[0].text, "before text\n\nmiddle text\n\nafter text")
        XCTAssertEqual(plan.passages[0].mergedChunkIDs, [11, 10])
        XCTAssertEqual(plan.passages.count, 2)
    }

    func testANeighbourThatIsAlreadyASourceIsNotRepeated() {
        let top = candidate(1, "first", next: NeighbourChunk(chunkID: 2, text: "second"))
        let plan = SourceBudget(numCtx: 4096).plan(question: "q", candidates: [top, candidate(2, "second")])
        XCTAssertEqual(plan.passages.map(\.text), ["first", "second"])
    }

    func testNoNeighbourWhenThereIsNoRoom() {
        let top = candidate(1, words(900), next: NeighbourChunk(chunkID: 2, text: words(900)))
        let plan = SourceBudget(numCtx: 4096).plan(question: "q", candidates: [top])
        XCTAssertEqual(plan.passages[0].mergedChunkIDs, [])
        XCTAssertFalse(plan.trimmed, "a neighbour left out is not a retrieved chunk dropped")
    }

    func testAChunkTooLongForTheWindowIsCutAndSaidSo() {
        let plan = SourceBudget(numCtx: 2048).plan(question: "q", candidates: [candidate(1, words(3000)), candidate(2, words(10))])
        XCTAssertEqual(plan.cutChunkID, 1)
        XCTAssertTrue(plan.passages[0].text.hasSuffix("…"))
        XCTAssertTrue(plan.trimmed)
        XCTAssertLessThanOrEqual(plan.promptTokens + plan.answerReserve, 2048 + 8)
    }

    func testAtMostMaxSources() {
        let plan = SourceBudget(numCtx: 32768, maxSources: 3).plan(question: "q", candidates: (1...5).map { candidate($0, "t\($0)") })
        XCTAssertEqual(plan.passages.count, 3)
        XCTAssertEqual(plan.dropped.map(\.chunkID), [4, 5])
    }

    /// Property: the planned prompt never exceeds the window minus the reserve, sources are numbered 1…k.
    func testRandomCandidatesAlwaysFit() {
        var rng = SeededGenerator(seed: 3)
        for _ in 0..<300 {
            let ctx = [1024, 2048, 4096, 8192].randomElement(using: &rng)!
            let cands = (1...Int.random(in: 1...10, using: &rng)).map { id in
                candidate(Int64(id), words(Int.random(in: 1...1200, using: &rng)),
                          next: Bool.random(using: &rng) ? NeighbourChunk(chunkID: Int64(100 + id), text: words(Int.random(in: 1...400, using: &rng))) : nil)
            }
            let budget = SourceBudget(numCtx: ctx)
            let plan = budget.plan(question: "why is it so", candidates: cands)
            XCTAssertEqual(plan.passages.map(\.n), Array(1...max(plan.passages.count, 1)).prefix(plan.passages.count).map { $0 })
            XCTAssertLessThanOrEqual(plan.promptTokens, ctx - budget.reserve + 8)
            XCTAssertEqual(plan.passages.count + plan.dropped.count, cands.count)
        }
    }
}
