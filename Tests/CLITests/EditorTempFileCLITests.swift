import Foundation
import TestSupport
import XCTest

/// `recall edit` hands the note to `$EDITOR` through a temporary copy: it must be private from the first byte
/// (0600 in a 0700 folder of ours), gone on every way out, and a copy left by `kill -9` must be removed by the
/// next start.
final class EditorTempFileCLITests: XCTestCase {
    /// A fake editor: logs the file path, its mode and its folder's mode, then either edits, fails or hangs.
    func makeEditor(_ h: RecallCLI) throws -> (editor: String, log: String) {
        let log = h.path("editor.log")
        let script = h.path("editor.sh")
        try """
        #!/bin/sh
        f="$1"
        echo "$f $(stat -c %a "$f") $(stat -c %a "$(dirname "$f")") $$" > "\(log).tmp" && mv "\(log).tmp" "\(log)"
        case "$EDITOR_MODE" in
          fail) exit 3 ;;
          hang) exec sleep 300 ;;
        esac
        printf 'edited by the editor\\n' > "$f"
        """.write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
        return (script, log)
    }

    /// Reads the editor's log line (path, file mode, folder mode, editor pid), waiting for it with a deadline.
    func awaitLog(_ log: String, deadline: TimeInterval = 60) throws -> [String] {
        let end = Date().addingTimeInterval(deadline)
        while Date() < end {
            if let text = try? String(contentsOfFile: log, encoding: .utf8), text.hasSuffix("\n") {
                return text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ").map(String.init)
            }
            usleep(20_000)
        }
        XCTFail("the editor never started")
        throw CocoaError(.fileNoSuchFile)
    }

    func setUpNote(_ h: RecallCLI) throws -> (db: [String], id: String, env: [String: String], log: String) {
        let tmp = h.path("tmp")
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        let db = ["--db", h.path("e.db")]
        try h.ok(["new", "project", "Private"] + db)
        try h.ok(["new", "notebook", "Secrets", "--project", "Private"] + db)
        let id = try h.ok(["new", "snippet", "Key", "--notebook", "Secrets", "--body", "secret text"] + db)
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let (editor, log) = try makeEditor(h)
        return (db, id, ["TMPDIR": tmp, "EDITOR": editor, "VISUAL": ""], log)
    }

    func leftovers(_ h: RecallCLI) -> [String] {
        let root = h.path("tmp")
        let e = FileManager.default.enumerator(atPath: root)
        var out: [String] = []
        while let f = e?.nextObject() as? String { if !f.hasSuffix("/") && f.contains("edit") { out.append(f) } }
        return out.filter { name in
            var isDir: ObjCBool = false
            return FileManager.default.fileExists(atPath: root + "/" + name, isDirectory: &isDir) && !isDir.boolValue
        }
    }

    func testTheCopyIsPrivateFromTheStartAndRemovedAfterAnEditOrAFailure() throws {
        let h = try RecallCLI()
        defer { h.cleanUp() }
        let (db, id, env, log) = try setUpNote(h)
        let r = try h.run(["edit", id] + db, env: env)
        XCTAssertEqual(r.status, 0, "\(r)")
        let fields = try awaitLog(log)
        XCTAssertEqual(fields[1], "600", "the copy must be 0600: \(fields)")
        XCTAssertEqual(fields[2], "700", "the copy's folder must be 0700: \(fields)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: fields[0]), "the copy must be removed after the edit")
        XCTAssertEqual(try h.ok(["show", id] + db).stdout, "edited by the editor\n")

        try FileManager.default.removeItem(atPath: log)
        let failed = try h.run(["edit", id] + db, env: env.merging(["EDITOR_MODE": "fail"]) { $1 })
        XCTAssertNotEqual(failed.status, 0)
        XCTAssertTrue(failed.stderr.contains("nothing was saved"), failed.stderr)
        let f2 = try awaitLog(log)
        XCTAssertFalse(FileManager.default.fileExists(atPath: f2[0]), "the copy must be removed when the editor fails")
        XCTAssertEqual(leftovers(h), [])
    }

    func testSigtermWhileEditingRemovesTheCopy() throws {
        let h = try RecallCLI()
        defer { h.cleanUp() }
        let (db, id, env, log) = try setUpNote(h)
        let running = try h.start(["edit", id] + db, env: env.merging(["EDITOR_MODE": "hang"]) { $1 })
        let fields = try awaitLog(log)
        XCTAssertTrue(FileManager.default.fileExists(atPath: fields[0]))
        kill(running.process.processIdentifier, SIGTERM)
        kill(pid_t(fields[3]) ?? 0, SIGKILL)   // the editor holds recall's output pipes open
        _ = running.wait()
        XCTAssertFalse(FileManager.default.fileExists(atPath: fields[0]), "SIGTERM must remove the copy")
        XCTAssertEqual(try h.ok(["show", id] + db).stdout, "secret text\n", "nothing is saved")
    }

    func testACopyLeftByKill9IsRemovedByTheNextStart() throws {
        let h = try RecallCLI()
        defer { h.cleanUp() }
        let (db, id, env, log) = try setUpNote(h)
        let running = try h.start(["edit", id] + db, env: env.merging(["EDITOR_MODE": "hang"]) { $1 })
        let fields = try awaitLog(log)
        kill(running.process.processIdentifier, SIGKILL)
        kill(pid_t(fields[3]) ?? 0, SIGKILL)   // the editor holds recall's output pipes open
        _ = running.wait()
        XCTAssertTrue(FileManager.default.fileExists(atPath: fields[0]), "kill -9 cannot clean up; the next start must")
        let contents = try String(contentsOfFile: fields[0], encoding: .utf8)
        XCTAssertEqual(contents, "secret text")
        try h.ok(["list"] + db, env: env)
        XCTAssertFalse(FileManager.default.fileExists(atPath: fields[0]), "the next start must remove the stale copy")
        XCTAssertEqual(leftovers(h), [])
    }
}
