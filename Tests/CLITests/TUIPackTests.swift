import Foundation
import TestSupport
import XCTest

/// Packs from the app's palette: export the selected project and import a pack, each ending in the same report
/// `recall pack` prints; an import first shows its dry run (what it would add, update and leave, the conflicts, the
/// notebooks) and writes only when confirmed; a damaged pack is refused in the overlay with nothing written.
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
        try t.palette("Export the selected project", entry: "Export the selected project as a pack")
        try t.waitFor(text: "rust-study.zip")
        try t.keys("C-u")
        try t.type(exported)
        try t.keys("Enter")
        try t.waitFor(text: "Pack exported")
        try t.waitFor(text: "1 project(s), 1 notebook(s), 1 snippet(s)")
        XCTAssertTrue(FileManager.default.fileExists(atPath: exported))
        try t.keys("q")  // closes the report (Escape followed at once by a key would read as Alt plus that key)

        // Import the other database's pack: the report, then the new project in the navigator.
        try t.importPack(incoming)
        try t.waitFor(text: "Import this pack?")  // the dry run first; Enter imports
        try t.keys("Enter")
        try t.waitFor(text: "Pack imported")
        try t.waitFor(text: "added: 1 project(s), 1 notebook(s), 1 snippet(s)")
        try t.waitFor(text: "conflicts: none")
        try t.keys("q")
        try t.waitFor(text: "Go basics")
        XCTAssertTrue(try t.cli(["list"]).stdout.contains("Unbuffered"))

        // A damaged pack: refused, one line, nothing written.
        try t.importPack(broken)
        try t.waitFor(text: "Pack refused")
        try t.waitFor(text: "truncated or corrupt")
        try t.keys("q")
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
        XCTAssertEqual(try t.cli(["list", "--json"]).array().count, 2, "Rust study and Go basics only")
    }

    func testGivenAPackWithAConflict_whenImportedFromThePalette_thenThePreviewNamesIt_EscWritesNothing_andEnterImports() throws {
        try TUISession.requirePrerequisites()
        let t = try TUISession.seeded()
        let other = t.dir.appendingPathComponent("other.db").path
        let v1 = t.dir.appendingPathComponent("v1.zip").path, v2 = t.dir.appendingPathComponent("v2.zip").path
        func run(_ args: [String], db: String) throws {
            let r = try t.recall.run(args + ["--db", db])
            XCTAssertEqual(r.status, 0, r.description)
        }
        let id = try XCTUnwrap(try t.id(ofTitle: "Borrowing rules"))
        // The other database starts from this one's pack, then edits the snippet and adds one; this one edits it too.
        try run(["pack", "export", v1, "--notebook", "Ownership"], db: t.dbPath)
        try run(["pack", "import", v1], db: other)
        try run(["edit", id, "--body", "Pack says: share or mutate."], db: other)
        try run(["new", "snippet", "--notebook", "Ownership", "Lifetimes", "--body", "A reference never outlives its value."], db: other)
        try run(["pack", "export", v2, "--notebook", "Ownership"], db: other)
        try run(["edit", id, "--body", "Local says: one mutable borrow."], db: t.dbPath)
        func importFromPalette() throws { try t.importPack(v2) }

        try t.start()
        try t.waitFor(text: "Rust study")
        try importFromPalette()
        let preview = try t.waitFor(text: "Import this pack? (enter imports · esc cancels)")
        for line in ["would add: 0 project(s), 0 notebook(s), 1 snippet(s)", "conflicts: 1", "Ownership ▸ Borrowing rules",
                     "notebooks: Ownership", "dry run: nothing was written"] {
            XCTAssertTrue(preview.contains(line), "the preview shows “\(line)”:\n\(preview)")
        }
        try t.keys("Escape")
        try t.waitFor(text: "Import cancelled — nothing was written")
        XCTAssertFalse(try t.cli(["list"]).stdout.contains("Lifetimes"), "Esc added nothing")
        XCTAssertFalse(try t.cli(["history", id, "--json"]).stdout.contains("\"origin\":\"conflict\""), "Esc kept no conflict revision")

        try importFromPalette()
        try t.waitFor(text: "Import this pack?")
        try t.keys("Enter")
        let done = try t.waitFor(text: "Pack imported")
        XCTAssertTrue(done.contains("added: 0 project(s), 0 notebook(s), 1 snippet(s)") && done.contains("conflicts: 1"), done)
        try t.keys("q")
        XCTAssertTrue(try t.cli(["list"]).stdout.contains("Lifetimes"))
        XCTAssertTrue(try t.cli(["history", id, "--json"]).stdout.contains("\"origin\":\"conflict\""))
        XCTAssertTrue(try t.cli(["show", id]).stdout.contains("Local says"), "the local text stays")
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
    }
}
