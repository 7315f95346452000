import Foundation
import TestSupport
import XCTest

/// A full disk: the write fails with one clear line, and what was stored before is still there and intact.
/// Needs a small tmpfs (root); without mount rights the test is skipped and says why. The disk is filled up to
/// 128 KB after the first notes are saved, so the test does not depend on how big an empty database is.
final class FoundationDiskFullCLITests: XCTestCase {
    var cli: RecallCLI!
    var mountPoint: String!

    override func setUpWithError() throws {
        cli = try RecallCLI()
        mountPoint = cli.path("small-disk")
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        let mount = try cli.startShell("mount -t tmpfs -o size=8m tmpfs '\(mountPoint!)'").wait()
        try XCTSkipIf(mount.status != 0, "cannot mount a small tmpfs here (needs root): \(mount.stderr)")
    }

    override func tearDown() {
        if let m = mountPoint { _ = try? cli.startShell("umount '\(m)'").wait() }
        cli?.cleanUp()
    }

    func testGivenADiskWithLittleSpace_whenAnImportDoesNotFit_thenItSaysTheDiskIsFullAndEarlierNotesSurvive() throws {
        let db = mountPoint + "/recall.db"
        let project = try cli.ok(["new", "project", "Kept", "--db", db]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let notebook = try cli.ok(["new", "notebook", "--project", project, "Notes", "--db", db]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let snippet = try cli.ok(["new", "snippet", "--notebook", notebook, "First", "--body", "saved before the disk filled", "--db", db])
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)

        // Fill the disk, then free 128 KB: far less than the import needs.
        let fill = try cli.startShell("dd if=/dev/zero of='\(mountPoint!)/filler' bs=64k 2>/dev/null; truncate -s -128K '\(mountPoint!)/filler' && df -k '\(mountPoint!)' | tail -1").wait()
        XCTAssertEqual(fill.status, 0, "\(fill)")
        let samples = RecallCLI.repositoryRoot.appendingPathComponent("sample-notebooks").path
        let result = try cli.run(["import", samples, "--db", db])

        XCTAssertNotEqual(result.status, 0, "an import larger than the disk must fail: \(result)")
        XCTAssertTrue(result.stderr.contains("full"), "the message must say the disk is full: \(result.stderr)")
        XCTAssertFalse(result.stderr.contains("SQLite error"), "no raw SQLite error: \(result.stderr)")
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, "one line: \(result.stderr)")
        let shown = try cli.ok(["show", snippet, "--db", db]).stdout
        XCTAssertEqual(shown, "saved before the disk filled\n")
        let list = try cli.ok(["list", "--db", db]).stdout
        XCTAssertFalse(list.contains("Dev Assistant"), "nothing of the failed import may be stored: \(list)")
        let doctor = try cli.ok(["doctor", "--no-model", "--db", db]).stdout
        XCTAssertTrue(doctor.contains("integrity    ok"), doctor)
    }
}
