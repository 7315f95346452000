import Foundation
import RecallKit
import XCTest

/// README: the query log "keeps the newest `max_entries` (10000) entries from the last `keep_days` (90) days" — the
/// defaults, with no [log] table in config.toml.
extension QueryLogCLITests {
    func testWithDefaultSettingsTheLogKeepsNinetyDaysAndAtMostTenThousandEntries() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("querylog-defaults-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let day: TimeInterval = 86_400
        // The settings a user gets with no [log] table: a config home with no config.toml.
        let defaults = try QueryLogSettings.load(environment: ["HOME": dir.path, "XDG_CONFIG_HOME": dir.appendingPathComponent("config").path])

        let aged = QueryLog(path: dir.appendingPathComponent("age.jsonl").path, settings: defaults, clock: { now })
        aged.record(QueryLogEntry(time: now.addingTimeInterval(-91 * day), kind: .search, question: "91 days ago", outcome: .results))
        aged.record(QueryLogEntry(time: now.addingTimeInterval(-89 * day), kind: .search, question: "89 days ago", outcome: .results))
        aged.record(QueryLogEntry(time: now, kind: .search, question: "today", outcome: .results))
        XCTAssertEqual(try aged.entries().entries.map(\.question), ["89 days ago", "today"])

        // 9,999 entries written as the log writes them (one line recorded, then copied), so no rotation runs meanwhile.
        let path = dir.appendingPathComponent("count.jsonl").path
        let counted = QueryLog(path: path, settings: defaults, clock: { now })
        counted.record(QueryLogEntry(time: now, kind: .search, question: "q-TEMPLATE", outcome: .results))
        let template = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(template.hasSuffix("\n") && template.contains("q-TEMPLATE"), template)
        let text = (1...9_999).map { template.replacingOccurrences(of: "q-TEMPLATE", with: "q-\($0)") }.joined()
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        counted.record(QueryLogEntry(time: now, kind: .search, question: "q-10000", outcome: .results))
        let full = try counted.entries().entries
        XCTAssertEqual(full.count, 10_000, "10,000 entries are kept")
        XCTAssertEqual(full.first?.question, "q-1")
        counted.record(QueryLogEntry(time: now, kind: .search, question: "q-10001", outcome: .results))
        let rotated = try counted.entries().entries.map(\.question)
        XCTAssertLessThanOrEqual(rotated.count, 10_000, "past 10,000 the oldest go")
        XCTAssertFalse(rotated.contains("q-1"))
        XCTAssertEqual(rotated.last, "q-10001", "the newest stays")
    }
}
