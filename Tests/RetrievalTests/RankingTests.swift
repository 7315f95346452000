import XCTest
@testable import Retrieval

/// Reciprocal rank fusion and the retrieval metrics, checked against values worked out by hand.
final class RankingTests: XCTestCase {
    func testRRFScoresAndOrderByHand() {
        // Given BM25 ranks a,b,c and vectors rank c,a,d with k = 60
        let fused = RankFusion.fuse([["a", "b", "c"], ["c", "a", "d"]], k: 60)
        // Then a = 1/61 + 1/62, c = 1/63 + 1/61, b = 1/62, d = 1/63
        XCTAssertEqual(fused.map(\.id), ["a", "c", "b", "d"])
        XCTAssertEqual(fused[0].score, 1.0 / 61 + 1.0 / 62, accuracy: 1e-12)
        XCTAssertEqual(fused[1].score, 1.0 / 63 + 1.0 / 61, accuracy: 1e-12)
        XCTAssertEqual(fused[0].ranks, [1, 2])
        XCTAssertEqual(fused[3].ranks, [nil, 3])
    }

    func testRRFSmallKFavoursTopRanksAndLimitAndDuplicates() {
        // With k = 0, first place in one list (1) beats second place in both (1/2 + 1/2 = 1) only on tie-break
        let fused = RankFusion.fuse([["x", "y"], ["z", "y"]], k: 0)
        XCTAssertEqual(fused.map(\.id), ["x", "z", "y"], "ties broken by best single rank, then first appearance")
        XCTAssertEqual(RankFusion.fuse([["a", "a", "b"]], k: 60).map(\.score), [1.0 / 61, 1.0 / 63])
        XCTAssertEqual(RankFusion.fuse([["a", "b", "c"]], limit: 2).count, 2)
        XCTAssertTrue(RankFusion.fuse([[String]]()).isEmpty)
    }

    func testNormalisedScoreCombinationByHand() {
        // BM25 strengths a 9, b 5, c 1 → 1, 0.5, 0; cosines c 0.8, a 0.6, d 0.4 → 1, 0.5, 0; weight 0.6 on BM25
        let fused = RankFusion.combine([[("a", 9), ("b", 5), ("c", 1)], [("c", 0.8), ("a", 0.6), ("d", 0.4)]], weights: [0.6, 0.4])
        // a = 0.6 + 0.2 = 0.8, b = 0.3, c = 0 + 0.4 = 0.4, d = 0
        XCTAssertEqual(fused.map(\.id), ["a", "c", "b", "d"])
        for (got, want) in zip(fused.map(\.score), [0.8, 0.4, 0.3, 0]) { XCTAssertEqual(got, want, accuracy: 1e-12) }
        XCTAssertEqual(fused[1].ranks, [3, 1])
        // The range comes from the first two only: c (below it) counts 0, not negative; a one-item list counts 1
        let head = RankFusion.combine([[("a", 9), ("b", 5), ("c", 1)], [("d", 0.3)]], weights: [0.5, 0.5], normalizeOver: 2)
        XCTAssertEqual(head.map(\.id), ["a", "d", "b", "c"])
        for (got, want) in zip(head.map(\.score), [0.5, 0.5, 0, 0]) { XCTAssertEqual(got, want, accuracy: 1e-12) }
    }

    func testNDCGByHand() {
        // Ranked d1 (rel 0), d2 (rel 2), d3 (rel 1); ideal order 2, 1
        let rel = ["d2": 2, "d3": 1]
        let dcg = 0 + 2 / log2(3.0) + 1 / log2(4.0)
        let idcg = 2 / log2(2.0) + 1 / log2(3.0)
        XCTAssertEqual(RetrievalMetrics.ndcg(ranked: ["d1", "d2", "d3"], relevant: rel), dcg / idcg, accuracy: 1e-12)
        XCTAssertEqual(RetrievalMetrics.ndcg(ranked: ["d2", "d3"], relevant: rel), 1, accuracy: 1e-12)
        XCTAssertEqual(RetrievalMetrics.ndcg(ranked: ["x"], relevant: rel), 0)
        XCTAssertEqual(RetrievalMetrics.ndcg(ranked: ["d2"], relevant: [:]), 0)
        // Cut at k: relevant doc at rank 11 does not count for nDCG@10
        let ranked = (1...10).map { "n\($0)" } + ["d2"]
        XCTAssertEqual(RetrievalMetrics.ndcg(ranked: ranked, relevant: ["d2": 1], k: 10), 0)
    }

    func testRecallAndMRRByHand() {
        let rel = ["a": 1, "b": 1, "c": 1, "z": 0]
        XCTAssertEqual(RetrievalMetrics.recall(ranked: ["x", "a", "y", "b"], relevant: rel, k: 10), 2.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(RetrievalMetrics.recall(ranked: ["x", "a", "y", "b"], relevant: rel, k: 2), 1.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(RetrievalMetrics.reciprocalRank(ranked: ["z", "x", "b"], relevant: rel), 1.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(RetrievalMetrics.reciprocalRank(ranked: ["x"], relevant: rel), 0)
        let s = RetrievalMetrics.summarize(runs: ["q1": ["a"], "q2": ["x", "b"]], qrels: ["q1": ["a": 1], "q2": ["b": 1], "q3": ["c": 0]])
        XCTAssertEqual(s.queries, 2, "a query with no relevant documents is not judged")
        XCTAssertEqual(s.mrr10, 0.75, accuracy: 1e-12)
        XCTAssertEqual(s.recall10, 1, accuracy: 1e-12)
        XCTAssertEqual(s.ndcg10, (1 + 1 / log2(3.0)) / 2, accuracy: 1e-12)
    }
}
