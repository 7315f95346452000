import Foundation
import TestSupport
import XCTest

/// `recall arena` against the Ollama simulator serving two chat models (profiles `small` → llama3.2 and `big` →
/// qwen3): one retrieval, the same sources in both prompts, both answers with their figures, votes and win rates.
final class ArenaCLITests: XCTestCase {
    var sim: OllamaSimulator!
    var cli: RecallCLI!
    let question = "why does memory use grow when the prompt gets longer"

    override func setUpWithError() throws {
        sim = try OllamaSimulator()
        cli = try RecallCLI(label: "arena")
        try cli.writeConfig("""
            [profiles.small]
            base_url = "\(sim.baseURL)"
            chat_model = "llama3.2"
            [profiles.big]
            base_url = "\(sim.baseURL)"
            chat_model = "qwen3"
            """)
        try cli.ok(["import", "--samples"])
    }

    override func tearDown() {
        sim.stop()
        cli.cleanUp()
    }

    var chats: [[String: Any]] { sim.requests.filter { $0.path == "/api/chat" }.compactMap(\.json) }

    func testBothProfilesAnswerFromTheSameSourcesAndTheVoteCountsInTheStats() throws {
        sim.behaviour.script = { _ in "The KV cache grows with every token of the context [1]." }
        let doc = try cli.ok(["arena", question, "--a", "small", "--b", "big", "--vote", "a", "--json"]).object()
        XCTAssertNotNil(doc["round_id"] as? Int)
        XCTAssertEqual(doc["vote"] as? String, "a")
        let a = try XCTUnwrap(doc["a"] as? [String: Any]), b = try XCTUnwrap(doc["b"] as? [String: Any])
        XCTAssertEqual(a["profile"] as? String, "small")
        XCTAssertEqual(a["model"] as? String, "llama3.2")
        XCTAssertEqual(b["profile"] as? String, "big")
        XCTAssertEqual(b["model"] as? String, "qwen3")
        for side in [a, b] {
            XCTAssertEqual(side["answer"] as? String, "The KV cache grows with every token of the context [1].")
            XCTAssertEqual(side["mode"] as? String, "generated")
            XCTAssertNotNil(side["first_token_ms"] as? Double)
            XCTAssertNotNil(side["tokens_per_second"] as? Double)
            XCTAssertGreaterThan(try XCTUnwrap(side["tokens_in"] as? Int), 50)
            XCTAssertGreaterThan(try XCTUnwrap(side["tokens_out"] as? Int), 3)
        }
        XCTAssertGreaterThan((doc["sources"] as? [Any])?.count ?? 0, 0)

        // Two model requests, one per model, with exactly the same prompt (same sources, same numbers).
        let requests = chats
        XCTAssertEqual(Set(requests.compactMap { $0["model"] as? String }), ["llama3.2", "qwen3"])
        XCTAssertEqual(requests.count, 2)
        let prompts = requests.map { ($0["messages"] as? [[String: Any]] ?? []).compactMap { $0["content"] as? String } }
        XCTAssertEqual(prompts[0], prompts[1])
        XCTAssertTrue(prompts[0].joined().contains("<source id=\"1\""))

        // The query log has both sides as kind arena.
        let logged = try cli.ok(["log", "--kind", "arena", "--json"]).array()
        XCTAssertEqual(Set(logged.compactMap { $0["model"] as? String }), ["llama3.2", "qwen3"])

        let stats = try cli.ok(["arena", "stats", "--json"]).object()
        let pairs = try XCTUnwrap(stats["pairs"] as? [[String: Any]])
        XCTAssertEqual(pairs.count, 1)
        XCTAssertEqual(pairs[0]["model_a"] as? String, "llama3.2")
        XCTAssertEqual(pairs[0]["model_b"] as? String, "qwen3")
        XCTAssertEqual(pairs[0]["votes"] as? Int, 1)
        XCTAssertEqual(pairs[0]["wins_a"] as? Int, 1)
        XCTAssertEqual(pairs[0]["win_rate_a"] as? Double, 1.0)
    }

    func testBlindRoundsHideTheNamesUntilTheVoteAndWinRatesFollowTheModelNotTheSide() throws {
        let blind = try cli.ok(["arena", question, "--a", "small", "--b", "big", "--blind"])
        XCTAssertTrue(blind.stdout.contains("── A\n") || blind.stdout.contains("── A — "), blind.stdout)
        XCTAssertFalse(blind.stdout.contains("llama3.2") || blind.stdout.contains("qwen3") || blind.stdout.contains("small"), blind.stdout)
        let saved = try XCTUnwrap(blind.stdout.range(of: #"round (\d+) saved"#, options: .regularExpression).map { String(blind.stdout[$0]) })
        let round = saved.split(separator: " ")[1]
        // Voting reveals who was who.
        let vote = try cli.ok(["arena", "vote", String(round), "b"])
        XCTAssertTrue(vote.stdout.contains("voted b — A was "), vote.stdout)
        let bWasSmall = vote.stdout.contains("B was small (llama3.2)")
        // Two more rounds, not blind: small wins one, one tie.
        try cli.ok(["arena", question, "--a", "big", "--b", "small", "--vote", "b"])
        try cli.ok(["arena", question, "--a", "small", "--b", "big", "--vote", "tie"])
        let pair = try XCTUnwrap((try cli.ok(["arena", "stats", "--json"]).object()["pairs"] as? [[String: Any]])?.first)
        XCTAssertEqual(pair["votes"] as? Int, 3)
        XCTAssertEqual(pair["ties"] as? Int, 1)
        XCTAssertEqual(pair["wins_a"] as? Int, bWasSmall ? 2 : 1, "llama3.2 (small) wins")
        XCTAssertEqual(pair["wins_b"] as? Int, bWasSmall ? 0 : 1, "qwen3 (big) wins")
        let human = try cli.ok(["arena", "stats"]).stdout
        XCTAssertTrue(human.hasPrefix("llama3.2 vs qwen3: 3 votes — llama3.2 "), human)
    }

    func testAVoteTypedOnTheTerminalIsSaved() throws {
        let r = try cli.runOnTerminal(["arena", question, "--a", "small", "--b", "big"], input: "b\n")
        XCTAssertEqual(r.status, 0, "\(r)")
        XCTAssertTrue(r.stdout.contains("Which answer is better?"), r.stdout)
        XCTAssertTrue(r.stdout.contains(": voted b"), r.stdout)
        let pair = try XCTUnwrap((try cli.ok(["arena", "stats", "--json"]).object()["pairs"] as? [[String: Any]])?.first)
        XCTAssertEqual(pair["wins_b"] as? Int, 1)
    }

    func testAnUnknownProfileOrAMissingModelIsSaidClearly() throws {
        let unknown = try cli.run(["arena", question, "--a", "small", "--b", "huge"])
        XCTAssertNotEqual(unknown.status, 0)
        XCTAssertTrue(unknown.stderr.contains("profile 'huge' is not defined"), unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("big, small"), unknown.stderr)
        try cli.writeConfig("""
            [profiles.small]
            base_url = "\(sim.baseURL)"
            chat_model = "llama3.2"
            [profiles.ghost]
            base_url = "\(sim.baseURL)"
            chat_model = "not-pulled"
            """)
        let r = try cli.ok(["arena", question, "--a", "small", "--b", "ghost"])
        XCTAssertTrue(r.stderr.contains("round not saved for a vote — ghost: no generated answer (extractive: "), r.stderr)
        XCTAssertEqual((try cli.ok(["arena", "stats", "--json"]).object()["pairs"] as? [Any])?.count, 0)
    }
}
