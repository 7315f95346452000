import Foundation
import TestSupport
import XCTest

/// End to end with a real embedding model: llama.cpp's `llama-server` serving SmolLM2 embeddings (started by
/// `scripts/llm-testbed`). Imports the "Runnable Snippets" sample notebooks, indexes them through the server,
/// and checks that hand-written questions (Tests/RetrievalTests/Fixtures/samples-beir) find their gold snippet
/// in the top 5 of hybrid search. Skips with a message when no test bed is running; fails instead when
/// RECALL_REQUIRE_TESTBED=1.
final class RetrievalTestbedTests: XCTestCase {
    func testHybridSearchFindsGoldSnippetsWithRealEmbeddings() throws {
        let bed = try LLMTestbed.require()
        let (url, model) = (bed.embedURL, bed.embedModel)
        let cli = try RecallCLI()
        defer { cli.cleanUp() }
        cli.useEmbeddings(url: url, model: model)

        // Given the Runnable Snippets sample notebooks
        let samples = RecallCLI.repositoryRoot.appendingPathComponent("sample-notebooks/Runnable Snippets")
        guard FileManager.default.fileExists(atPath: samples.path) else {
            XCTFail("sample-notebooks/Runnable Snippets is missing from the checkout (git checkout -- sample-notebooks)")
            return
        }
        let imported = try cli.run(["import", samples.path])
        XCTAssertEqual(imported.status, 0, imported.stderr)

        // When they are indexed through the real model
        let index = try cli.run(["index", "--json", "--batch", "8"], deadline: 1500)
        XCTAssertEqual(index.status, 0, index.stderr)
        let done = try XCTUnwrap(index.jsonLines.last)
        XCTAssertEqual(done["event"] as? String, "done")
        XCTAssertGreaterThan(done["dimension"] as? Int ?? 0, 0)
        let status = try XCTUnwrap(try cli.run(["index", "--status", "--json"]).jsonValue as? [String: Any])
        XCTAssertEqual(status["pending"] as? Int, 0)

        // Then each question whose gold snippet is in these notebooks finds it in the hybrid top 5
        let gold = try goldTitles()
        var asked = 0, found = 0
        var misses: [String] = []
        for (question, titles) in gold {
            let r = try cli.run(["search", question, "--json", "--limit", "5"])
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertEqual(r.stderr, "", "hybrid runs without falling back")
            let hits = try XCTUnwrap(r.jsonValue as? [[String: Any]])
            XCTAssertEqual(hits.first?["mode"] as? String, "hybrid")
            let shown = hits.compactMap { $0["title"] as? String }
            guard try snippetExists(cli, titles) else { continue }
            asked += 1
            if shown.contains(where: titles.contains) { found += 1 } else { misses.append("\(question) → \(shown)") }
        }
        XCTAssertGreaterThanOrEqual(asked, 5, "the fixture questions should cover the Runnable Snippets notebooks")
        XCTAssertGreaterThanOrEqual(Double(found), Double(asked) * 0.85, "misses: \(misses)")
    }

    /// With a real sentence-embedding model, hybrid search beats both BM25 and vector search alone (nDCG@10 over the
    /// labelled sample questions), and the relevance gate says "nothing relevant" for the unanswerable questions
    /// without saying it for answerable ones.
    func testHybridBeatsBothModesAndTheGateFindsTheUnanswerableQuestionsWithMiniLM() throws {
        let minilm = try MiniLMTestbed.require()
        let (url, model) = (minilm.url, minilm.model)
        let cli = try RecallCLI()
        defer { cli.cleanUp() }
        let f = RecallCLI.repositoryRoot.appendingPathComponent("Tests/RetrievalTests/Fixtures/samples-beir")
        let r = try cli.run(["eval", "retrieval", "--json", "--embed-model", model, "--embed-base-url", url,
                             "--corpus", f.appendingPathComponent("corpus.jsonl").path,
                             "--queries", f.appendingPathComponent("queries.jsonl").path,
                             "--qrels", f.appendingPathComponent("qrels.tsv").path], deadline: 1500)
        XCTAssertEqual(r.status, 0, r.stderr)
        let report = try XCTUnwrap(r.jsonValue as? [String: Any])
        XCTAssertEqual(report["embed_model"] as? String, model)
        let modes = try XCTUnwrap(report["modes"] as? [String: [String: Any]])
        let ndcg = { (m: String) in modes[m]?["ndcg10"] as? Double ?? 0 }
        XCTAssertGreaterThan(ndcg("hybrid"), max(ndcg("bm25"), ndcg("vector")),
                             "hybrid \(ndcg("hybrid")), bm25 \(ndcg("bm25")), vector \(ndcg("vector"))")
        let gate = try XCTUnwrap((report["relevance"] as? [String: [String: Any]])?["hybrid"])
        XCTAssertEqual(gate["unanswerable"] as? Int, 7)
        XCTAssertGreaterThanOrEqual(gate["recall"] as? Double ?? 0, 6.0 / 7, "\(gate)")
        XCTAssertGreaterThanOrEqual(gate["precision"] as? Double ?? 0, 0.85, "\(gate)")
    }

    /// Question text → titles of its grade-2 gold snippets, from the BEIR fixture.
    func goldTitles() throws -> [(String, Set<String>)] {
        let f = RecallCLI.repositoryRoot.appendingPathComponent("Tests/RetrievalTests/Fixtures/samples-beir")
        func lines(_ name: String) throws -> [String] {
            try String(contentsOf: f.appendingPathComponent(name), encoding: .utf8).split(separator: "\n").map(String.init)
        }
        var titleOf: [String: String] = [:]
        for l in try lines("corpus.jsonl") {
            if let o = try JSONSerialization.jsonObject(with: Data(l.utf8)) as? [String: Any], let id = o["_id"] as? String {
                titleOf[id] = o["title"] as? String
            }
        }
        var textOf: [String: String] = [:]
        var order: [String] = []
        for l in try lines("queries.jsonl") {
            if let o = try JSONSerialization.jsonObject(with: Data(l.utf8)) as? [String: Any], let id = o["_id"] as? String {
                textOf[id] = o["text"] as? String; order.append(id)
            }
        }
        var gold: [String: Set<String>] = [:]
        for l in try lines("qrels.tsv").dropFirst() {
            let f = l.split(separator: "\t").map(String.init)
            if f.count == 3, f[2] == "2", let t = titleOf[f[1]] { gold[f[0], default: []].insert(t) }
        }
        return order.compactMap { q in gold[q].map { (textOf[q]!, $0) } }
    }

    /// Whether a snippet with one of these titles was imported.
    func snippetExists(_ cli: RecallCLI, _ titles: Set<String>) throws -> Bool {
        let r = try cli.run(["list", "--json"])
        return titles.contains { r.stdout.contains("\"\($0)\"") || r.stdout.contains($0) }
    }
}
