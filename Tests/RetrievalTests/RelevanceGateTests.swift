import XCTest
import Retrieval

/// The relevance gate reads the cosine when vectors were used, word coverage otherwise, and nothing found is never
/// relevant.
final class RelevanceGateTests: XCTestCase {
    let gate = RelevanceGate(minCosine: 0.4, minCoverage: 0.5)

    func testCosineDecidesWhenPresentEvenIfEveryWordMatched() {
        XCTAssertTrue(gate.isRelevant(.init(topCosine: 0.41, topCoverage: 0.1)))
        XCTAssertFalse(gate.isRelevant(.init(topCosine: 0.39, topCoverage: 1)))
        XCTAssertEqual(gate.signal(.init(topCosine: 0.39, topCoverage: 1)), .cosine(0.39))
    }

    func testWordCoverageDecidesOffline() {
        XCTAssertTrue(gate.isRelevant(.init(topCosine: nil, topCoverage: 0.5)))
        XCTAssertFalse(gate.isRelevant(.init(topCosine: nil, topCoverage: 0.49)))
        XCTAssertEqual(gate.signal(.init(topCosine: nil, topCoverage: 0.49)), .termCoverage(0.49))
    }

    func testNoHitsIsNeverRelevant() {
        XCTAssertFalse(RelevanceGate(minCosine: -1, minCoverage: -1).isRelevant(.init(topCosine: nil, topCoverage: nil)))
        XCTAssertEqual(gate.signal(.init(topCosine: nil, topCoverage: nil)), .noHits)
    }
}
