import Foundation
import TestSupport
import XCTest

/// Packs from the app's palette: export the selected project and import a pack, each ending in the same report
/// `recall pack` prints; a damaged pack is refused in the overlay with nothing written.
final class TUIPackTests: XCTestCase {
    func testGivenTheApp_whenPacksAreExportedAndImportedFromThePalette_thenTheReportIsShownAndTheTreeUpdates() throws {
        try TUISession.requirePrerequisites()
        let t = try TUISession.seeded()
        // A pack from another database, made with the CLI.
        let other = t.dir.appendingPathComponent("other.db").path, incoming = t.dir.appendingPathComponent("incoming.zip").path
        for args in [["new", "project", "Go basics"], ["new", "notebook", "--project", "Go basics", "Channels"],
                     ["new", "snippet", "--notebook", "Channels", "Unbuffered", "--body", "A send waits for a receive."],
                     ["pack", "export", incoming, "--project", "Go basics"]] {
            let r = try t.recall.run(args + ["--db", other])
            XCTAssertEqual(r.status, 0, r.description)
        }
        let broken = t.dir.appendingPathComponent("broken.zip").path
        let bytes = try Data(contentsOf: URL(fileURLWithPath: incoming))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: broken))

        try t.start()
        try t.waitFor(text: "Rust study")
        // Export the selected project.
        let exported = t.dir.appendingPathComponent("rust.zip").path
        try t.keys("C-p")
        try t.type("Export the selected project")
        try t.waitFor(text: "Export the selected project as a pack")
        try t.keys("Enter")
        try t.waitFor(text: "rust-study.zip")
        try t.keys("C-u")
        try t.type(exported)
        try t.keys("Enter")
        try t.waitFor(text: "Pack exported")
        try t.waitFor(text: "1 project(s), 1 notebook(s), 1 snippet(s)")
        XCTAssertTrue(FileManager.default.fileExists(atPath: exported))
        try t.keys("q")  // closes the report (Escape followed at once by a key would read as Alt plus that key)

        // Import the other database's pack: the report, then the new project in the navigator.
        try t.keys("C-p")
        try t.type("Import a pack")
        try t.waitFor(text: "Import a pack…")
        try t.keys("Enter")
        try t.waitFor(text: "Import pack file")
        try t.type(incoming)
        try t.keys("Enter")
        try t.waitFor(text: "Pack imported")
        try t.waitFor(text: "added: 1 project(s), 1 notebook(s), 1 snippet(s)")
        try t.waitFor(text: "conflicts: none")
        try t.keys("q")
        try t.waitFor(text: "Go basics")
        XCTAssertTrue(try t.cli(["list"]).stdout.contains("Unbuffered"))

        // A damaged pack: refused, one line, nothing written.
        try t.keys("C-p")
        try t.type("Import a pack")
        try t.waitFor(text: "Import a pack…")
        try t.keys("Enter")
        try t.waitFor(text: "Import pack file")
        try t.type(broken)
        try t.keys("Enter")
        try t.waitFor(text: "Pack refused")
        try t.waitFor(text: "truncated or corrupt")
        try t.keys("q")
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
        XCTAssertEqual(try t.cli(["list", "--json"]).array().count, 2, "Rust study and Go basics only")
    }
}
