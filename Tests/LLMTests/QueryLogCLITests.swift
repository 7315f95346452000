import Foundation
import RecallKit
import TestSupport
import XCTest

/// The query log as a user sees it: `recall ask`, `chat` and `search` against the Ollama simulator, then
/// `recall log` and `recall stats --models`; the off switch, rotation and that an API key never reaches the file.
final class QueryLogCLITests: XCTestCase {
    var sim: OllamaSimulator!
    var cli: RecallCLI!
    let question = "why does memory use grow when the prompt gets longer"
    let apiKey = "sk-test-7f3a9c2e51d84b06"

    override func setUpWithError() throws {
        sim = try OllamaSimulator()
        cli = try RecallCLI(label: "querylog")
        cli.environment["RECALL_BASE_URL"] = sim.baseURL
        cli.environment["RECALL_API_KEY"] = apiKey
        try cli.ok(["import", "--samples"])
    }

    override func tearDown() {
        sim.stop()
        cli.cleanUp()
    }

    var logFile: String { cli.defaultDatabase + ".queries.jsonl" }

    func testAskChatAndSearchAreLoggedWithTimingsTokensModelAndOutcome() throws {
        sim.behaviour.script = { _ in "The KV cache grows with the context [1]." }
        try cli.ok(["ask", question])
        try cli.ok(["chat", "say hello in three words"])
        try cli.ok(["search", "kv cache"])
        try cli.ok(["search", "zebra xylophone quux"])
        let entries = try cli.ok(["log", "--json"]).array()
        XCTAssertEqual(entries.map { $0["kind"] as? String }, ["ask", "chat", "search", "search"])
        XCTAssertEqual(entries.map { $0["outcome"] as? String }, ["answered", "answered", "results", "no-results"])
        XCTAssertEqual(entries.map { $0["origin"] as? String }, ["cli", "cli", "cli", "cli"])
        let ask = entries[0], chat = entries[1], search = entries[2]
        XCTAssertEqual(ask["question"] as? String, question)
        XCTAssertEqual(ask["retrieval"] as? String, "bm25")
        XCTAssertEqual(ask["model"] as? String, "llama3.2")
        XCTAssertEqual(ask["profile"] as? String, "default")
        let askLatency = try XCTUnwrap(ask["latency"] as? [String: Any])
        for key in ["retrieval_ms", "prompt_ms", "first_token_ms", "total_ms"] { XCTAssertNotNil(askLatency[key] as? Double, key) }
        XCTAssertGreaterThan(try XCTUnwrap(ask["tokens_in"] as? Int), 50, "the prompt holds the sources")
        XCTAssertGreaterThan(try XCTUnwrap(ask["tokens_out"] as? Int), 3)
        XCTAssertGreaterThan(try XCTUnwrap(ask["hits"] as? Int), 0)
        XCTAssertEqual(chat["question"] as? String, "say hello in three words")
        XCTAssertEqual(chat["model"] as? String, "llama3.2")
        XCTAssertNil(chat["retrieval"] as? String)
        XCTAssertNotNil((chat["latency"] as? [String: Any])?["first_token_ms"] as? Double)
        XCTAssertGreaterThan(try XCTUnwrap(chat["tokens_out"] as? Int), 0)
        XCTAssertEqual(search["question"] as? String, "kv cache")
        XCTAssertEqual(search["retrieval"] as? String, "bm25")
        XCTAssertGreaterThan(try XCTUnwrap(search["hits"] as? Int), 0)
        XCTAssertNil(search["model"] as? String)

        // The human listing, and --since / --kind filters.
        let human = try cli.ok(["log"]).stdout
        XCTAssertTrue(human.contains("ask  answered  bm25  llama3.2  first token "), human)
        XCTAssertTrue(human.contains("    " + question), human)
        XCTAssertEqual(try cli.ok(["log", "--since", "1h", "--kind", "search", "--json"]).array().count, 2)
        XCTAssertEqual(try cli.ok(["log", "--since", "2100-01-01T00:00:00Z", "--json"]).array().count, 0)
        let bad = try cli.run(["log", "--since", "last tuesday"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("--since last tuesday is not a time — use e.g. 30m"), bad.stderr)

        // Private file, no API key anywhere in it.
        let attributes = try FileManager.default.attributesOfItem(atPath: logFile)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        let raw = try String(contentsOfFile: logFile, encoding: .utf8)
        XCTAssertFalse(raw.contains(apiKey))
    }

    func testAnAPIKeyTypedIntoAQuestionOrEchoedInAnErrorIsRedacted() throws {
        try cli.ok(["search", "token \(apiKey) leak"])
        // A model that is not there: the server's error names the request; the key must not reach the log.
        let failed = try cli.run(["chat", "hello \(apiKey)", "--model", "missing-model"])
        XCTAssertNotEqual(failed.status, 0)
        let raw = try String(contentsOfFile: logFile, encoding: .utf8)
        XCTAssertFalse(raw.contains(apiKey), raw)
        let entries = try cli.ok(["log", "--json"]).array()
        XCTAssertEqual(entries.first?["question"] as? String, "token [redacted] leak")
        XCTAssertEqual(entries.last?["kind"] as? String, "chat")
        XCTAssertEqual(entries.last?["outcome"] as? String, "failed")
        XCTAssertTrue((entries.last?["error"] as? String)?.contains("missing-model") == true, "\(entries)")
    }

    func testStatsModelsSummarisesLatencyAndSpeedPerModel() throws {
        try cli.ok(["chat", "one", "--model", "llama3.2"])
        try cli.ok(["chat", "two", "--model", "llama3.2"])
        try cli.ok(["chat", "three", "--model", "qwen3"])
        try cli.ok(["search", "kv cache"])
        let doc = try cli.ok(["stats", "--models", "--json"]).object()
        let models = try XCTUnwrap(doc["models"] as? [[String: Any]])
        XCTAssertEqual(models.map { $0["model"] as? String }, ["llama3.2", "qwen3"], "searches name no model")
        XCTAssertEqual(models.map { $0["requests"] as? Int }, [2, 1])
        for m in models {
            XCTAssertNotNil(m["first_token_ms_median"] as? Double)
            XCTAssertNotNil(m["first_token_ms_p90"] as? Double, "README: first token p50/p90")
            XCTAssertNotNil(m["total_ms_median"] as? Double)
            XCTAssertNotNil(m["tokens_per_second_median"] as? Double)
            XCTAssertGreaterThan(try XCTUnwrap(m["tokens_out"] as? Int), 0)
        }
        let human = try cli.ok(["stats", "--models"]).stdout
        XCTAssertTrue(human.hasPrefix("model "), human)
        XCTAssertTrue(human.contains("first token (p50 / p90)"), human)
        XCTAssertTrue(human.contains("\nllama3.2 "), human)
    }

    func testTheOffSwitchAndRotation() throws {
        try cli.ok(["search", "kv cache"], env: ["RECALL_QUERY_LOG": "off"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: logFile), "nothing recorded while logging is off")
        try cli.writeConfig("[log]\nqueries = false\n")
        try cli.ok(["search", "kv cache"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: logFile))
        XCTAssertTrue(try cli.ok(["log"]).stderr.contains("query logging is off"))

        try cli.writeConfig("[log]\nmax_entries = 4\n")
        for n in 1...9 { try cli.ok(["search", "query number \(n)"]) }
        let kept = try cli.ok(["log", "--json"]).array().compactMap { $0["question"] as? String }
        XCTAssertLessThanOrEqual(kept.count, 4)
        XCTAssertEqual(kept.last, "query number 9", "the newest entries are kept")
        XCTAssertFalse(kept.contains("query number 1"))

        try cli.writeConfig("[log]\nmax_entry = 4\n")
        let bad = try cli.run(["search", "kv cache"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("[log]: unknown key 'max_entry' (known: keep_days, max_entries, queries)"), bad.stderr)
    }

    func testEntriesOlderThanKeepDaysAreDroppedOnRotation() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("querylog-age-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let log = QueryLog(path: dir.appendingPathComponent("q.jsonl").path, settings: QueryLogSettings(keepDays: 2), clock: { now })
        log.record(QueryLogEntry(time: now.addingTimeInterval(-5 * 86_400), kind: .search, question: "old", outcome: .results))
        log.record(QueryLogEntry(time: now.addingTimeInterval(-86_400), kind: .search, question: "recent", outcome: .results))
        log.record(QueryLogEntry(time: now, kind: .ask, question: "new", outcome: .answered))
        XCTAssertEqual(try log.entries().entries.map(\.question), ["recent", "new"])
        XCTAssertEqual(try log.entries(since: now.addingTimeInterval(-60)).entries.map(\.question), ["new"])
    }
}
