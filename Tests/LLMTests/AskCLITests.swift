import Foundation
import Grounding
import TestSupport
import XCTest

/// `recall ask` run as a user or a script would, against the Ollama simulator on loopback, over the sample notebooks.
final class AskCLITests: XCTestCase {
    var sim: OllamaSimulator!
    var cli: RecallCLI!
    let question = "why does memory use grow when the prompt gets longer"

    override func setUpWithError() throws {
        sim = try OllamaSimulator()
        cli = try RecallCLI(label: "ask")
        try cli.ok(["import", "--samples"])
    }

    override func tearDown() {
        sim.stop()
        cli.cleanUp()
    }

    var server: [String] { ["--base-url", sim.baseURL] }
    var chatRequests: Int { sim.requests.filter { $0.path == "/api/chat" }.count }

    func testTheAnswerStreamsToStdoutThenTheNumberedSources() throws {
        sim.behaviour.script = { _ in "The KV cache grows with the context [1]." }
        let r = try cli.ok(["ask", question] + server)
        XCTAssertTrue(r.stdout.hasPrefix("The KV cache grows with the context [1].\n\nSources:\n[1] "), r.stdout)
        XCTAssertTrue(r.stdout.contains("\n[2] "))
        XCTAssertTrue(r.stderr.contains("no embeddings for nomic-embed-text yet"), r.stderr)
        XCTAssertFalse(r.stderr.contains("not grounded"))
    }

    func testJSONFollowsTheContract() throws {
        sim.behaviour.script = { _ in "It grows with context [1, 2]. Not a source [42]." }
        let doc = try cli.ok(["ask", question, "--json"] + server).object()
        XCTAssertEqual(doc["question"] as? String, question)
        XCTAssertEqual(doc["answer"] as? String, "It grows with context [1, 2]. Not a source [42].")
        XCTAssertEqual(doc["mode"] as? String, "generated")
        XCTAssertEqual(doc["grounded"] as? Bool, true)
        XCTAssertEqual(doc["model"] as? String, "llama3.2")
        XCTAssertEqual(doc["retrieval"] as? String, "bm25")
        let citations = try XCTUnwrap(doc["citations"] as? [[String: Any]])
        XCTAssertEqual(citations.map { $0["n"] as? Int }, [1, 2, 42])
        for key in ["n", "snippet_id", "chunk_id", "title", "notebook", "excerpt", "verified"] {
            XCTAssertTrue(citations.allSatisfy { $0.keys.contains(key) }, key)
        }
        XCTAssertEqual(citations[0]["verified"] as? Bool, true)
        XCTAssertNotNil(citations[0]["snippet_id"] as? String)
        XCTAssertNotNil(citations[0]["chunk_id"] as? Int)
        XCTAssertEqual(citations[2]["verified"] as? Bool, false)
        XCTAssertTrue(citations[2]["snippet_id"] is NSNull)
        XCTAssertTrue(citations[2]["chunk_id"] is NSNull)
        let sources = try XCTUnwrap(doc["sources"] as? [[String: Any]])
        XCTAssertEqual(sources.map { $0["n"] as? Int }, Array(1...sources.count))
        for key in ["n", "snippet_id", "chunk_id", "title", "notebook", "score"] {
            XCTAssertTrue(sources.allSatisfy { $0[key] != nil && !($0[key] is NSNull) }, key)
        }
        XCTAssertEqual(citations[0]["snippet_id"] as? String, sources[0]["snippet_id"] as? String)
        let timings = try XCTUnwrap(doc["timings"] as? [String: Any])
        XCTAssertEqual(Set(timings.keys), ["retrieval_ms", "prompt_ms", "first_token_ms", "total_ms", "tokens_per_s"])
        XCTAssertNotNil(timings["first_token_ms"] as? Double)
        // Each cited snippet is a real one: `recall show` finds it.
        let shown = try cli.ok(["show", try XCTUnwrap(citations[0]["snippet_id"] as? String), "--json"]).object()
        XCTAssertEqual(shown["title"] as? String, try XCTUnwrap(citations[0]["title"] as? String))
    }

    func testNothingRelevantExitsZeroWithoutAskingTheModel() throws {
        let r = try cli.ok(["ask", "what is the capital of peru", "--json"] + server)
        let doc = try r.object()
        XCTAssertEqual(doc["mode"] as? String, "nothing-found")
        XCTAssertEqual(doc["grounded"] as? Bool, false)
        XCTAssertEqual((doc["sources"] as? [Any])?.count, 0)
        XCTAssertTrue(doc["model"] is NSNull)
        XCTAssertEqual(sim.requests.filter { $0.path == "/api/chat" }.count, 0, "no request to the model")
        // One word of four matches (many notes mention "model"): below the relevance gate.
        let human = try cli.ok(["ask", "model railway scenery painting"] + server)
        XCTAssertTrue(human.stdout.hasPrefix("Nothing in your notes about “model railway scenery painting”.\nClosest: "), human.stdout)
        XCTAssertEqual(chatRequests, 0)
        // --anyway asks regardless.
        XCTAssertEqual(try cli.ok(["ask", "model railway scenery painting", "--anyway", "--json"] + server).object()["mode"] as? String, "generated")
        XCTAssertEqual(chatRequests, 1)
    }

    func testNoGenerateAndAServerDownGiveLabelledExtractiveAnswers() throws {
        let offline = try cli.ok(["ask", question, "--no-generate"] + server)
        XCTAssertTrue(offline.stdout.hasPrefix("- "), offline.stdout)
        XCTAssertTrue(offline.stdout.contains("(extractive answer — the best-matching sentences from your notes; no model asked (--no-generate))"))
        XCTAssertEqual(sim.requests.count, 0)
        sim.stop()
        let down = try cli.ok(["ask", question, "--json"] + server).object()
        XCTAssertEqual(down["mode"] as? String, "extractive")
        XCTAssertEqual(down["grounded"] as? Bool, true)
        XCTAssertTrue(((down["notes"] as? [String]) ?? []).contains { $0.contains("Ollama is not running") }, "\(down)")
    }

    func testUnverifiedAndUngroundedAnswersAreFlaggedOnStderr() throws {
        sim.behaviour.script = { _ in "Something [42]." }
        let r = try cli.ok(["ask", question] + server)
        XCTAssertTrue(r.stderr.contains("warning: [42] cited but not among the sources sent (unverified)"), r.stderr)
        XCTAssertTrue(r.stderr.contains("not grounded in your notes"), r.stderr)
    }

    func testCtrlCStopsTheAnswerAndKeepsWhatArrived() throws {
        sim.behaviour.extraTokens = 5000
        sim.behaviour.tokenDelay = 0.01
        let running = try cli.start(["ask", question] + server)
        XCTAssertTrue(running.waitForOutput(containing: " more more", deadline: 60))
        running.signal(SIGINT)
        let r = running.wait()
        XCTAssertEqual(r.status, 0, r.description)
        XCTAssertTrue(r.stdout.contains(" [stopped]\n\nSources:\n[1] "), r.stdout)
        XCTAssertTrue(r.stderr.contains("stopped — the partial answer was kept"))
        let saved = try cli.ok(["ask", "--history", "--json"]).array()
        XCTAssertEqual(saved.first?["stopped"] as? Bool, true)
        XCTAssertFalse((saved.first?["answer"] as? String ?? "").isEmpty)
    }

    func testHistoryListsSavedAnswersNewestFirst() throws {
        try cli.ok(["ask", question, "--no-generate"] + server)
        try cli.ok(["ask", "what is the capital of peru"] + server)
        let list = try cli.ok(["ask", "--history", "--json"]).array()
        XCTAssertEqual(list.map { $0["question"] as? String }, ["what is the capital of peru", question])
        XCTAssertEqual(list.map { $0["mode"] as? String }, ["nothing-found", "extractive"])
        XCTAssertFalse((list[1]["sources"] as? [Any] ?? []).isEmpty)
        let human = try cli.ok(["ask", "--history"])
        XCTAssertTrue(human.stdout.contains("Q: what is the capital of peru"), human.stdout)
    }

    func testAFollowUpContinuesTheLastThread() throws {
        sim.behaviour.script = { messages in
            let system = (messages.first?["content"] as? String) ?? ""
            return system.contains("standalone search query") ? "KV cache memory growth with context length" : "It grows [1]."
        }
        try cli.ok(["ask", "what is the KV cache"] + server)
        let r = try cli.ok(["ask", "and how big does it get?", "--follow-up", "--json"] + server)
        let doc = try r.object()
        XCTAssertEqual(doc["standalone_query"] as? String, "KV cache memory growth with context length")
        XCTAssertTrue(r.stderr.contains("searching for: KV cache memory growth with context length"), r.stderr)
        let history = try cli.ok(["ask", "--history", "--json"]).array()
        XCTAssertEqual(history[0]["thread_id"] as? String, history[1]["thread_id"] as? String)
    }

    func testScopeAndBadInputAreClear() throws {
        sim.behaviour.script = { _ in "ok [1]" }
        let scoped = try cli.ok(["ask", question, "--notebook", "Inside the Transformer", "--json"] + server).object()
        XCTAssertTrue(((scoped["sources"] as? [[String: Any]]) ?? []).allSatisfy { $0["notebook"] as? String == "Inside the Transformer" })
        let both = try cli.run(["ask", question, "--project", "a", "--notebook", "b"])
        XCTAssertNotEqual(both.status, 0)
        XCTAssertTrue(both.stderr.contains("give --project or --notebook, not both"), both.stderr)
        let empty = try cli.run(["ask"])
        XCTAssertNotEqual(empty.status, 0)
        XCTAssertTrue(empty.stderr.contains("no question"), empty.stderr)
        let badMode = try cli.run(["ask", question, "--mode", "vector", "--json"] + server)
        XCTAssertNotEqual(badMode.status, 0)
        XCTAssertTrue(badMode.stderr.contains("recall index"), badMode.stderr)
    }

    func testABrokenPromptOverrideIsNamedAndAWorkingOneIsUsed() throws {
        let dir = cli.root.appendingPathComponent("config/recall/prompts")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try #"user = "no placeholders""#.write(to: dir.appendingPathComponent("ask.toml"), atomically: true, encoding: .utf8)
        let broken = try cli.run(["ask", question] + server)
        XCTAssertNotEqual(broken.status, 0)
        XCTAssertTrue(broken.stderr.contains("prompts/ask.toml: 'user' must contain {sources}"), broken.stderr)
        try #"system = "Answer like a pirate, citing [n].""#.write(to: dir.appendingPathComponent("ask.toml"), atomically: true, encoding: .utf8)
        try cli.ok(["ask", question] + server)
        let chat = try XCTUnwrap(sim.requests.last { $0.path == "/api/chat" })
        XCTAssertEqual(systemMessage(chat), "Answer like a pirate, citing [n].")
    }
}
