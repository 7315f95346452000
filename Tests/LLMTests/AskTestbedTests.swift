import Foundation
import Grounding
import LLM
import RecallKit
import Retrieval
import Store
import TestSupport
import XCTest

/// Ask against the real test bed (llama-server with SmolLM2 through the OpenAI-compatible provider) over the
/// sample notebooks: answers are generated, every verified citation resolves to a real snippet, and the citation
/// validity rate over the first labelled questions is printed. The rate over all of them is `recall bench ask
/// --citations` (recorded in DECISIONS.md): on two shared cores the small model answers at 2–30 tokens/s.
final class AskTestbedTests: XCTestCase {
    func testCitationValidityOverTheLabelledQuestions() async throws {
        let bed = try LLMTestbed.require()
        let fixture = try AskFixture()
        defer { fixture.cleanUp() }
        var profile = fixture.profile(bed.chatURL, model: bed.chatModel, numCtx: 2048)
        profile.provider = .openai
        profile.embedBaseURL = bed.embedURL
        profile.embedModel = bed.embedModel
        let service = AskService(db: fixture.db, services: LLMServices(profile: profile, environment: [:]),
                                 planner: RetrievalPlanner(db: fixture.db, profile: .success(profile), environment: [:]))
        let queries = AskFixture.repoRoot.appendingPathComponent("Tests/RetrievalTests/Fixtures/samples-beir/queries.jsonl")
        let questions = try String(contentsOf: queries, encoding: .utf8).split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["text"] as? String
        }
        XCTAssertGreaterThanOrEqual(questions.count, 20)
        let asked = Array(questions.prefix(12))
        let summary = await AskEvaluation.run(service: service, questions: asked, maxAnswerTokens: 96) { i, o in
            print("ask testbed [\(i + 1)/\(asked.count)] \(o.mode.rawValue) \(o.verified)/\(o.citations) verified \(o.failure ?? "")")
        }
        let rate = summary.validityRate.map { String(format: "%.3f", $0) } ?? "undefined (no citations)"
        print("ask testbed: citation validity \(rate) — \(summary.verified) of \(summary.citations) cited numbers were sources sent; "
              + "grounded \(summary.grounded) of \(summary.generated) generated answers; \(summary.nothingFound) nothing relevant; "
              + "\(summary.outcomes.filter { $0.failure != nil }.count) failed")
        XCTAssertEqual(summary.outcomes.filter { $0.failure != nil }.map(\.failure), [])
        XCTAssertGreaterThan(summary.generated, 0, "the real model answered")
        XCTAssertEqual(summary.unresolved, 0, "every verified citation names a real snippet under its title")
    }

    func testRecallAskOnTheSampleNotebooks() throws {
        let bed = try LLMTestbed.require()
        let cli = try RecallCLI(label: "ask-testbed")
        defer { cli.cleanUp() }
        try cli.ok(["import", "--samples"])
        let r = try cli.ok(["ask", "why does memory use grow when the prompt gets longer during inference", "--json"] + bed.flags, deadline: 600)
        let doc = try r.object()
        XCTAssertEqual(doc["mode"] as? String, "generated", r.description)
        XCTAssertFalse((doc["answer"] as? String ?? "").isEmpty)
        XCTAssertEqual(doc["model"] as? String, bed.chatModel)
        XCTAssertNotNil((doc["timings"] as? [String: Any])?["first_token_ms"] as? Double)
        for c in (doc["citations"] as? [[String: Any]]) ?? [] where c["verified"] as? Bool == true {
            let id = try XCTUnwrap(c["snippet_id"] as? String)
            XCTAssertEqual(try cli.ok(["show", id, "--json"]).object()["title"] as? String, c["title"] as? String)
        }
        let text = try cli.ok(["ask", "what is a KV cache"] + bed.flags, deadline: 600)
        XCTAssertTrue(text.stdout.contains("\nSources:\n[1] "), text.stdout)
    }
}
