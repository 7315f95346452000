import Foundation
import TestSupport
import XCTest

/// `recall eval answers` against the Ollama simulator with two chat models (profiles `small` → llama3.2, `big` →
/// qwen3) over the sample notebooks, the shipped labelled file, bad input, and once against the real test bed.
final class EvalAnswersCLITests: XCTestCase {
    var sim: OllamaSimulator!
    var cli: RecallCLI!

    override func setUpWithError() throws {
        sim = try OllamaSimulator()
        cli = try RecallCLI(label: "eval-answers")
        try cli.writeConfig("""
            [profiles.small]
            base_url = "\(sim.baseURL)"
            chat_model = "llama3.2"
            [profiles.big]
            base_url = "\(sim.baseURL)"
            chat_model = "qwen3"
            """)
    }

    override func tearDown() {
        sim.stop()
        cli.cleanUp()
    }

    func importSamples() throws {
        try cli.ok(["import", "--samples"])
    }

    static let labelled = """
        {"id": "kv", "question": "why does memory use grow when the prompt gets longer during inference", "snippets": ["KV cache — why inference memory grows with context"], "facts": ["KV cache", "context", "zebra"]}
        {"id": "spec", "question": "use a small draft model to speed up token generation", "snippets": ["Speculative decoding — faster generation for free"], "facts": ["draft model"]}
        {"id": "vitamin", "question": "what is the recommended daily intake of vitamin D for adults", "unanswerable": true}
        """

    func testTwoProfilesAreScoredInOneTable() throws {
        try importSamples()
        let file = cli.path("labelled.jsonl")
        try Self.labelled.write(toFile: file, atomically: true, encoding: .utf8)
        // The model's answers: one cites a source that was sent, one adds a number that was not.
        sim.behaviour.script = { messages in
            let user = messages.last?["content"] as? String ?? ""
            if user.contains("draft model to speed up") { return "Speculative decoding lets a draft model propose tokens [1] [9]." }
            return "The KV cache grows with the context [1]."
        }
        let doc = try cli.ok(["eval", "answers", file, "--profile", "small", "--profile", "big", "--json"], deadline: 300).object()
        XCTAssertEqual(doc["questions"] as? Int, 3)
        let profiles = try XCTUnwrap(doc["profiles"] as? [[String: Any]])
        XCTAssertEqual(profiles.map { $0["profile"] as? String }, ["small", "big"])
        XCTAssertEqual(profiles.map { $0["model"] as? String }, ["llama3.2", "qwen3"])
        XCTAssertEqual(Set(sim.requests.filter { $0.path == "/api/chat" }.compactMap { $0.json?["model"] as? String }), ["llama3.2", "qwen3"])
        for p in profiles {
            let questions = try XCTUnwrap(p["questions"] as? [[String: Any]])
            XCTAssertEqual(questions.map { $0["id"] as? String }, ["kv", "spec", "vitamin"])
            XCTAssertEqual(questions[0]["facts_found"] as? [String], ["KV cache", "context"])
            XCTAssertEqual(questions[0]["retrieval_hit"] as? Bool, true)
            XCTAssertEqual(questions[1]["citations"] as? Int, 2)
            XCTAssertEqual(questions[1]["verified"] as? Int, 1)
            XCTAssertEqual(questions[2]["mode"] as? String, "nothing-found")
            XCTAssertEqual(questions[2]["refused"] as? Bool, true)
            XCTAssertNotNil(questions[0]["first_token_ms"] as? Double)
            let total = try XCTUnwrap(p["total"] as? [String: Any])
            XCTAssertEqual(total["retrieval_hit_rate"] as? Double, 1.0)
            XCTAssertEqual(total["citations"] as? Int, 3)
            XCTAssertEqual(total["verified"] as? Int, 2)
            XCTAssertEqual(try XCTUnwrap(total["citation_validity"] as? Double), 2.0 / 3.0, accuracy: 1e-9)
            XCTAssertEqual(try XCTUnwrap(total["fact_recall"] as? Double), (2.0 / 3.0 + 1) / 2, accuracy: 1e-9)
            XCTAssertEqual(total["correct_refusals"] as? Int, 1)
            XCTAssertEqual(total["false_refusals"] as? Int, 0)
            XCTAssertNotNil(total["first_token_ms_median"] as? Double)
            XCTAssertNotNil(total["tokens_per_second_median"] as? Double)
        }
        // The human table: one column per profile.
        let table = try cli.ok(["eval", "answers", file, "--profile", "small", "--profile", "big"], deadline: 300).stdout
        XCTAssertTrue(table.hasPrefix("question                small (llama3.2)"), table)
        XCTAssertTrue(table.contains("big (qwen3)"), table)
        XCTAssertTrue(table.contains("\ncitation validity       67% (2/3)"), table)
        XCTAssertTrue(table.contains("\ncorrect refusals        1/1"), table)
        XCTAssertTrue(table.contains("\nvitamin                 refused ✓"), table)
        // Every question was logged as kind eval.
        XCTAssertEqual(try cli.ok(["log", "--kind", "eval", "--json"]).array().count, 12)
    }

    func testTheShippedLabelledFileRunsOnTheSampleNotebooks() throws {
        try importSamples()
        let file = RecallCLI.repositoryRoot.appendingPathComponent("eval/sample-answers.jsonl").path
        let doc = try cli.ok(["eval", "answers", file, "--profile", "small", "--json"], deadline: 300).object()
        let total = try XCTUnwrap((doc["profiles"] as? [[String: Any]])?.first?["total"] as? [String: Any])
        XCTAssertEqual(total["questions"] as? Int, 20)
        XCTAssertEqual(total["answerable"] as? Int, 16)
        XCTAssertEqual(total["unanswerable"] as? Int, 4)
        XCTAssertEqual(total["failed"] as? Int, 0)
        // Every labelled snippet title exists, so BM25 finds most of them among the sources sent.
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(total["retrieval_hit_rate"] as? Double), 0.75, "\(total)")
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(total["correct_refusals"] as? Int), 3, "\(total)")
    }

    func testBadInputIsRefusedWithTheLineAndTheFix() throws {
        let file = cli.path("bad.jsonl")
        try "{\"question\": \"what is a KV cache\", \"facts\": [\"cache\"]}\n{\"q\": \"oops\"}\n".write(toFile: file, atomically: true, encoding: .utf8)
        try importSamples()
        let bad = try cli.run(["eval", "answers", file])
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("bad.jsonl:2: not a question object — each line is {\"question\""), bad.stderr)
        try "{\"question\": \"what is a KV cache\"}\n".write(toFile: file, atomically: true, encoding: .utf8)
        let unlabelled = try cli.run(["eval", "answers", file])
        XCTAssertTrue(unlabelled.stderr.contains("bad.jsonl:1: give the snippets to cite and/or facts, or \"unanswerable\": true"), unlabelled.stderr)
        let missing = try cli.run(["eval", "answers", cli.path("nope.jsonl")])
        XCTAssertTrue(missing.stderr.contains("cannot read"), missing.stderr)
        XCTAssertEqual(sim.requests.filter { $0.path == "/api/chat" }.count, 0, "nothing asked")
    }

    func testOnTheRealTestBed() throws {
        let bed = try LLMTestbed.require()
        try importSamples()
        try cli.writeConfig("""
            [profiles.bed]
            provider = "openai"
            base_url = "\(bed.chatURL)"
            embed_base_url = "\(bed.embedURL)"
            chat_model = "\(bed.chatModel)"
            embed_model = "\(bed.embedModel)"
            num_ctx = 2048
            """)
        let file = RecallCLI.repositoryRoot.appendingPathComponent("eval/sample-answers.jsonl").path
        let doc = try cli.ok(["eval", "answers", file, "--profile", "bed", "--max-questions", "1", "--max-answer-tokens", "32", "--json"],
                             deadline: 900).object()
        let report = try XCTUnwrap((doc["profiles"] as? [[String: Any]])?.first)
        let total = try XCTUnwrap(report["total"] as? [String: Any])
        print("eval answers on the test bed: \(total)")
        XCTAssertEqual(report["model"] as? String, bed.chatModel)
        XCTAssertEqual(total["questions"] as? Int, 1)
        XCTAssertEqual(total["failed"] as? Int, 0, "\(report)")
        let questions = try XCTUnwrap(report["questions"] as? [[String: Any]])
        XCTAssertTrue(questions.contains { $0["mode"] as? String == "generated" }, "the real model answered: \(questions)")
        XCTAssertNotNil(total["first_token_ms_median"] as? Double)
    }
}
