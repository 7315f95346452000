import Foundation
import Grounding
import LLM
import Notebook
import RecallKit
import Store
import XCTest
import TestSupport

/// Events of one ask, collected from the service's background callback; tests wait on them with a deadline.
final class AskEventLog: @unchecked Sendable {
    private let condition = NSCondition()
    private var events: [AskEvent] = []

    /// The callback to give the service.
    var sink: @Sendable (AskEvent) -> Void { { [self] e in condition.lock(); events.append(e); condition.broadcast(); condition.unlock() } }

    /// Everything so far.
    var all: [AskEvent] { condition.lock(); defer { condition.unlock() }; return events }

    /// The text of all deltas so far.
    var text: String { all.compactMap { if case .delta(let t) = $0 { t } else { nil } }.joined() }

    /// Waits until `predicate` holds for the events (fails the test after `deadline` seconds).
    @discardableResult
    func wait(_ what: String, deadline: Double = 60, until predicate: ([AskEvent]) -> Bool) -> Bool {
        let end = Date().addingTimeInterval(deadline)
        condition.lock(); defer { condition.unlock() }
        while !predicate(events) {
            if !condition.wait(until: end) {
                XCTFail("timed out waiting for \(what); events: \(events.map(Self.name))")
                return false
            }
        }
        return true
    }

    /// A short name per event kind (for order checks).
    static func name(_ e: AskEvent) -> String {
        switch e {
        case .rewritten: return "rewritten"
        case .retrieved: return "retrieved"
        case .loading: return "loading"
        case .delta: return "delta"
        case .finished: return "finished"
        case .failed: return "failed"
        }
    }

    /// The finished result, if any.
    var finished: AskResult? { all.lazy.compactMap { if case .finished(let r) = $0 { r } else { nil } }.first }
}

/// A real database file with the repository's sample notebooks imported, and a service factory pointed at a
/// model server.
final class AskFixture {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    let dir: URL
    let db: AppDatabase

    init(samples: Bool = true) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("recall-ask-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        db = try AppDatabase(path: dir.appendingPathComponent("recall.db").path)
        if samples {
            let root = Self.repoRoot.appendingPathComponent("sample-notebooks").path
            // The notebook folders only (the folder also holds the generator of the embedded copy).
            let folders = try FileManager.default.contentsOfDirectory(atPath: root).sorted().map { root + "/" + $0 }.filter {
                var isDir: ObjCBool = false
                return FileManager.default.fileExists(atPath: $0, isDirectory: &isDir) && isDir.boolValue
            }
            let collected = MarkdownImporter().collect(folders)
            XCTAssertEqual(collected.problems.count, 0)
            try db.importNotebooks(collected.notebooks)
        }
    }

    /// The profile for a chat server at `url` (embeddings from the same server; none are stored, so BM25).
    func profile(_ url: String, model: String = "llama3.2", numCtx: Int = 4096) -> LLMProfile {
        var p = LLMProfile.defaults
        p.baseURL = url
        p.embedBaseURL = url
        p.chatModel = model
        p.numCtx = numCtx
        return p
    }

    /// A service over this database; fast retries so a refused connection fails at once.
    func service(_ url: String, model: String = "llama3.2", numCtx: Int = 4096, template: PromptTemplate = .builtIn) -> AskService {
        let profile = self.profile(url, model: model, numCtx: numCtx)
        let services = LLMServices(profile: profile, environment: [:], retry: RetryPolicy(maxAttempts: 1))
        return AskService(db: db, services: services, planner: RetrievalPlanner(db: db, profile: .success(profile), environment: [:]),
                          template: template)
    }

    /// Adds a snippet to a new notebook.
    @discardableResult
    func addNote(title: String, body: String, notebook: String = "Extra") throws -> Snippet {
        let p = try db.createProject(title: "Extra project")
        let n = try db.createNotebook(projectID: p.id, title: notebook)
        return try db.createSnippet(notebookID: n.id, title: title, body: body)
    }

    func cleanUp() { try? FileManager.default.removeItem(at: dir) }
}

/// The last user message of a chat request body.
func userMessage(_ request: TestRequest) -> String {
    let messages = (request.json?["messages"] as? [[String: Any]]) ?? []
    return (messages.last { ($0["role"] as? String) == "user" }?["content"] as? String) ?? ""
}

/// The system message of a chat request body.
func systemMessage(_ request: TestRequest) -> String {
    let messages = (request.json?["messages"] as? [[String: Any]]) ?? []
    return (messages.first { ($0["role"] as? String) == "system" }?["content"] as? String) ?? ""
}
