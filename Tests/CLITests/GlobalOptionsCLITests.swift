import Foundation
import TestSupport
import XCTest

/// `--db` and `--json` work before the subcommand as well as after it (`recall --db notes.db search x`, the
/// git/cargo habit), and `--`, `--help` and `--version` keep their meaning.
final class GlobalOptionsCLITests: XCTestCase {
    var cli: RecallCLI!
    var db: String { cli.path("notes.db") }

    override func setUpWithError() throws { cli = try RecallCLI() }
    override func tearDown() { cli?.cleanUp() }

    func testGivenDbBeforeTheSubcommand_thenThatDatabaseIsUsed() throws {
        // When --db comes first, the project lands in that file, not in the default database.
        let created = try cli.ok(["--db", db, "new", "project", "Alpha"])
        XCTAssertFalse(created.stdout.isEmpty, "new prints the id")
        XCTAssertTrue(FileManager.default.fileExists(atPath: db))
        XCTAssertFalse(FileManager.default.fileExists(atPath: cli.defaultDatabase), "the default database was not touched")
        XCTAssertTrue(try cli.ok(["list", "--db", db]).stdout.contains("Alpha"))
        // The `--db=PATH` spelling, in front of a nested subcommand.
        try cli.ok(["--db=\(db)", "new", "notebook", "--project", "Alpha", "Beta"])
        XCTAssertTrue(try cli.ok(["list", "--db", db]).stdout.contains("Beta"))
    }

    func testGivenJsonAndDbBeforeTheSubcommand_thenTheOutputMatchesTheSameOptionsAfterIt() throws {
        try cli.ok(["new", "project", "Alpha", "--db", db])
        try cli.ok(["new", "notebook", "--project", "Alpha", "Beta", "--db", db])
        try cli.ok(["new", "snippet", "--notebook", "Beta", "Ownership rules", "--body", "one owner at a time", "--db", db])
        for args in [["search", "owner"], ["list"]] {
            let after = try cli.ok(args + ["--db", db, "--json"])
            let before = try cli.ok(["--json", "--db", db] + args)
            XCTAssertEqual(before.stdout, after.stdout, "recall --json --db DB \(args.joined(separator: " "))")
            XCTAssertNotNil(before.jsonValue, "JSON on stdout: \(before.stdout)")
        }
        let hits = try cli.ok(["--db", db, "--json", "search", "owner"]).array()
        XCTAssertEqual(hits.first?["title"] as? String, "Ownership rules")
    }

    func testGivenGlobalOptionsBetweenSubcommandNames_thenTheLeafCommandGetsThem() throws {
        try cli.ok(["card", "--db", db, "add", "--front", "Capital of France?", "--back", "Paris"])
        let cards = try cli.ok(["--json", "card", "--db", db, "list"]).array()
        XCTAssertEqual(cards.map { $0["question"] as? String }, ["Capital of France?"])
    }

    func testGivenADoubleDash_thenWhatFollowsIsNotAnOption() throws {
        // A title that looks like the global flag stays a title after `--`.
        try cli.ok(["--db", db, "new", "project", "--", "--json"])
        let list = try cli.ok(["list", "--db", db])
        XCTAssertTrue(list.stdout.contains("--json"), list.stdout)
        XCTAssertNil(list.jsonValue, "the --json after -- did not switch the output to JSON")
    }

    func testHelpVersionAndUnknownCommandsKeepTheirMeaning() throws {
        let version = try cli.ok(["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertNotNil(version.range(of: #"^\d+\.\d+\.\d+ \(commit ([0-9a-f]{12}(-dirty)?|unknown)\)$"#, options: .regularExpression), "a version number and commit: \(version)")
        XCTAssertTrue(try cli.ok(["--help"]).stdout.contains("SUBCOMMANDS"))
        XCTAssertTrue(try cli.ok(["--db", db, "search", "--help"]).stdout.contains("USAGE: recall search"))
        let unknown = try cli.run(["--db", db, "serach", "x"])
        XCTAssertNotEqual(unknown.status, 0)
        XCTAssertFalse(unknown.stderr.isEmpty, "an unknown command says so")
        XCTAssertFalse(FileManager.default.fileExists(atPath: db), "nothing was written for an unknown command")
    }
}
