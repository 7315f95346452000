import XCTest
import Retrieval

/// The relevance gate reads the cosine when vectors were used, BM25 otherwise, and nothing found is never relevant.
final class RelevanceGateTests: XCTestCase {
    let gate = RelevanceGate(minCosine: 0.4, minBM25: 3)

    func testCosineDecidesWhenPresentEvenIfBM25IsStrong() {
        XCTAssertTrue(gate.isRelevant(.init(topCosine: 0.41, topBM25: 0.1)))
        XCTAssertFalse(gate.isRelevant(.init(topCosine: 0.39, topBM25: 50)))
        XCTAssertEqual(gate.signal(.init(topCosine: 0.39, topBM25: 50)), .cosine(0.39))
    }

    func testBM25DecidesOffline() {
        XCTAssertTrue(gate.isRelevant(.init(topCosine: nil, topBM25: 3)))
        XCTAssertFalse(gate.isRelevant(.init(topCosine: nil, topBM25: 2.99)))
        XCTAssertEqual(gate.signal(.init(topCosine: nil, topBM25: 2.99)), .bm25(2.99))
    }

    func testNoHitsIsNeverRelevant() {
        XCTAssertFalse(RelevanceGate(minCosine: -1, minBM25: -1).isRelevant(.init(topCosine: nil, topBM25: nil)))
        XCTAssertEqual(gate.signal(.init(topCosine: nil, topBM25: nil)), .noHits)
    }
}
