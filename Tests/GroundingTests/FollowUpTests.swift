import XCTest
@testable import Grounding

final class FollowUpTests: XCTestCase {
    func testOfflineRewriteAddsThePreviousTopic() {
        let thread = [ThreadTurn(question: "What is a KV cache?", answer: "It stores keys [1].")]
        XCTAssertEqual(FollowUp.combine(question: "and how big does it get?", thread: thread), "and how big does it get? kv cache")
        XCTAssertEqual(FollowUp.combine(question: "How big is the KV cache?", thread: thread), "How big is the KV cache?")
        XCTAssertEqual(FollowUp.combine(question: "what about it?", thread: []), "what about it?")
    }

    func testTheRewriteBuildsOnThePreviousStandaloneQuery() {
        let thread = [ThreadTurn(question: "why?", standaloneQuery: "why speculative decoding draft model", answer: "")]
        XCTAssertEqual(FollowUp.combine(question: "is it faster?", thread: thread), "is it faster? speculative decoding draft model")
    }

    func testModelOutputIsCleaned() {
        XCTAssertEqual(FollowUp.clean(modelOutput: "\n  \"How large does the KV cache grow?\"\nExplanation: …"), "How large does the KV cache grow?")
        XCTAssertEqual(FollowUp.clean(modelOutput: "Standalone search query: kv cache size"), "kv cache size")
        XCTAssertNil(FollowUp.clean(modelOutput: "   \n\"\""))
        XCTAssertNil(FollowUp.clean(modelOutput: "the of it"))
        XCTAssertEqual(FollowUp.clean(modelOutput: String(repeating: "word ", count: 200))?.count, 300)
    }
}
