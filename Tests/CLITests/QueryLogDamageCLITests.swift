import Foundation
import TestSupport
import XCTest

/// The query log is a plain JSONL file next to the database. A line with an absurd figure (hand-edited or damaged:
/// a latency of 1e308 ms) used to trap in `Int(_:)` and kill `recall log` and `recall stats --models` on every run.
final class QueryLogDamageCLITests: XCTestCase {
    var cli: RecallCLI!

    override func setUpWithError() throws { cli = try RecallCLI(label: "qlog") }
    override func tearDown() { cli?.cleanUp() }

    func testGivenALogLineWithAbsurdFigures_whenListedOrSummarised_thenTheCommandsWorkAndShowTheEntry() throws {
        let db = cli.path("r.db")
        try cli.ok(["new", "project", "P", "--db", db])
        var lines: [String] = []
        for v in ["1e308", "-1e308", "9.3e18", "-5"] {
            lines.append(#"{"kind":"ask","origin":"cli","outcome":"answered","question":"q \#(v)","model":"m","profile":"default","time":"2026-12-01T10:00:00.000Z","latency":{"total_ms":\#(v),"first_token_ms":\#(v)},"tokens_per_second":\#(v),"tokens_in":-1,"tokens_out":9223372036854775807}"#)
        }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: db + ".queries.jsonl"))
        let log = try cli.run(["log", "--db", db])
        XCTAssertEqual(log.status, 0, "\(log)")
        XCTAssertTrue(log.stdout.contains("q 1e308") && log.stdout.contains("q -5"), log.stdout)
        let stats = try cli.run(["stats", "--models", "--db", db])
        XCTAssertEqual(stats.status, 0, "\(stats)")
        XCTAssertTrue(stats.stdout.contains("m "), stats.stdout)
        XCTAssertEqual(try cli.run(["log", "--json", "--db", db]).status, 0)
    }
}
