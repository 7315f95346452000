import Foundation
import GRDB
import Notebook
@testable import Store
import XCTest

/// A temporary folder removed when the test ends; Store tests use real database files in it (not in-memory).
final class TempFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("recall-store-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// A path inside the folder.
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    deinit {
        _ = try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        try? FileManager.default.removeItem(at: url)
    }
}

/// An injected clock that ticks one second per reading, from a fixed start, so times are deterministic and ordered.
final class TickingClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z

    /// The next time.
    func now() -> Date {
        lock.lock(); defer { lock.unlock() }
        current += 1
        return current
    }
}

/// Builders shared by the Store tests.
class StoreTestCase: XCTestCase {
    var folder: TempFolder!
    let clock = TickingClock()

    override func setUpWithError() throws { folder = try TempFolder() }
    override func tearDown() { folder = nil }

    /// Opens (creating) a database file in the test folder.
    func openDatabase(_ name: String = "recall.db", busyTimeout: TimeInterval = 5) throws -> AppDatabase {
        let clock = self.clock
        return try AppDatabase(path: folder.path(name), busyTimeout: busyTimeout, clock: { clock.now() })
    }

    /// A project ▸ notebook pair to put snippets in.
    func makeNotebook(_ db: AppDatabase, project: String = "Study", notebook: String = "Notes", tags: [String] = []) throws -> NotebookItem {
        let p = try db.createProject(title: project)
        return try db.createNotebook(projectID: p.id, title: notebook, tags: tags)
    }

    /// One integer from SQL.
    func int(_ db: AppDatabase, _ sql: String, _ arguments: StatementArguments = []) throws -> Int {
        try db.read { try Int.fetchOne($0, sql: sql, arguments: arguments) ?? -1 }
    }

    /// The chunks of a snippet as (id, ordinal, text, start, end), in order.
    func chunks(_ db: AppDatabase, _ snippetID: String) throws -> [(id: Int64, ordinal: Int, text: String, start: Int, end: Int)] {
        try db.read { d in
            try Row.fetchAll(d, sql: "SELECT id, ordinal, text, byte_start, byte_end FROM chunk WHERE snippet_id = ? ORDER BY ordinal", arguments: [snippetID])
                .map { ($0["id"], $0["ordinal"], $0["text"], $0["byte_start"], $0["byte_end"]) }
        }
    }

    /// SHA-256 of a file's bytes (empty string when missing).
    func digest(_ path: String) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "" }
        return ContentHash.of(bytes: data)
    }

    /// Fails unless the FTS index holds exactly one row per chunk, with the chunk's text and its snippet's title.
    func assertSearchIndexInSync(_ db: AppDatabase, file: StaticString = #filePath, line: UInt = #line) throws {
        let chunks = try int(db, "SELECT count(*) FROM chunk")
        let fts = try int(db, "SELECT count(*) FROM chunk_fts")
        XCTAssertEqual(fts, chunks, "FTS rows vs chunks", file: file, line: line)
        let stale = try int(db, """
            SELECT count(*) FROM chunk c JOIN snippet s ON s.id = c.snippet_id LEFT JOIN chunk_fts f ON f.rowid = c.id
            WHERE f.rowid IS NULL OR f.text IS NOT c.text OR f.title IS NOT s.title
            """)
        XCTAssertEqual(stale, 0, "FTS rows out of date", file: file, line: line)
        try db.write { try $0.execute(sql: "INSERT INTO chunk_fts(chunk_fts) VALUES('integrity-check')") }
    }
}

/// The bundled sample notebooks, read the way `recall import sample-notebooks` reads them.
enum SampleNotebooks {
    /// `<repo>/sample-notebooks`.
    static var folder: URL {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("sample-notebooks")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("sample-notebooks")
    }

    /// Every sample file parsed, one project per folder, files sorted by name.
    static func load() throws -> [ImportedNotebook] {
        let fm = FileManager.default
        var out: [ImportedNotebook] = []
        for project in try fm.contentsOfDirectory(atPath: folder.path).sorted() where !project.hasPrefix(".") {
            let dir = folder.appendingPathComponent(project)
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue else { continue }
            for file in try fm.contentsOfDirectory(atPath: dir.path).sorted() where file.hasSuffix(".md") {
                let text = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
                let parsed = MarkdownFormat.parse(text, fallbackTitle: (file as NSString).deletingPathExtension)
                out.append(ImportedNotebook(projectTitle: project, sourceName: file, notebook: parsed))
            }
        }
        return out
    }
}
