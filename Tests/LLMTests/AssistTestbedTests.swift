import Foundation
import TestSupport
import XCTest

/// `recall assist` against the real test bed (llama-server with SmolLM2, OpenAI-compatible): the small model's
/// refactor comes back as a proposal and --apply stores exactly it as an `assistant` revision.
final class AssistTestbedTests: XCTestCase {
    func testARealModelsRefactorIsAppliedAsAnAssistantRevision() throws {
        let bed = try LLMTestbed.require()
        let cli = try RecallCLI(label: "assist-bed")
        defer { cli.cleanUp() }
        try cli.ok(["new", "project", "Study"])
        try cli.ok(["new", "notebook", "--project", "Study", "Python"])
        let id = try XCTUnwrap(try cli.ok(["new", "snippet", "--notebook", "Python", "--code", "python", "add.py",
                                           "--body", "def add(a, b):\n    result = a + b\n    return result\n", "--json"]).object()["id"] as? String)
        let doc = try cli.ok(["assist", "refactor", id, "--apply", "--json", "--max-tokens", "64"] + bed.flags, deadline: 600).object()
        let proposal = try XCTUnwrap(doc["proposal"] as? String)
        print("assist testbed: model \(doc["model"] ?? "?") proposed \(proposal.count) characters:\n\(proposal)")
        XCTAssertFalse(proposal.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        XCTAssertEqual(doc["applied"] as? Bool, true)
        let newest = try XCTUnwrap(try cli.ok(["history", id, "--json"]).array().first)
        XCTAssertEqual(newest["origin"] as? String, "assistant")
        XCTAssertEqual(newest["body"] as? String, proposal)
        XCTAssertEqual(newest["id"] as? Int, doc["revision_id"] as? Int)
    }
}
