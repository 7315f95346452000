import Foundation
import TestSupport
import XCTest

/// Escape sequences stored in, or typed into, every field must never reach the terminal raw: each command's
/// stdout and stderr is checked for control characters, and the field is checked to be shown (made visible),
/// not dropped. The payloads set the window title (OSC 0), write the clipboard (OSC 52), use the 8-bit CSI,
/// and break a line.
final class TerminalEscapeCLITests: XCTestCase {
    /// Sets the terminal title.
    static let title = "\u{1B}]0;pwned\u{07}"
    /// Writes the clipboard.
    static let clip = "\u{1B}]52;c;cHduZWQ=\u{07}"
    /// 8-bit CSI (red text) and a bidi override.
    static let c1 = "\u{9B}31m\u{202E}"
    /// Every payload, as one string.
    static let evil = title + clip + c1
    /// How the title payload looks once made visible.
    static let shown = "^[]0;pwned^G"

    /// Fails when `text` holds a control character other than newline and tab, or DEL/C1/bidi controls.
    func assertClean(_ r: RecallCLI.Result, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        for (stream, text) in [("stdout", r.stdout), ("stderr", r.stderr)] {
            let bad = text.unicodeScalars.filter {
                ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value) || (0x202A...0x202E).contains($0.value)
            }
            XCTAssertTrue(bad.isEmpty, "\(what): \(stream) carries raw control characters \(bad.map { String($0.value, radix: 16) }): \(text.prefix(400))",
                          file: file, line: line)
        }
    }

    /// Runs a command, checks its output is clean and that the payload is shown made visible.
    @discardableResult
    func check(_ h: RecallCLI, _ args: [String], expectShown: Bool = true, status: Int32? = 0,
               file: StaticString = #filePath, line: UInt = #line) throws -> RecallCLI.Result {
        let r = try h.run(args)
        if let status { XCTAssertEqual(r.status, status, "recall \(args.joined(separator: " ")): \(r)", file: file, line: line) }
        assertClean(r, "recall " + args.joined(separator: " "), file: file, line: line)
        if expectShown {
            XCTAssertTrue((r.stdout + r.stderr).contains(Self.shown), "recall \(args.joined(separator: " ")) did not show the field: \(r)",
                          file: file, line: line)
        }
        return r
    }

    func testEveryFieldOfEveryCommandIsSanitized() throws {
        let h = try RecallCLI()
        defer { h.cleanUp() }
        let e = Self.evil
        let db = ["--db", h.path("n.db")]
        let project = try h.ok(["new", "project", "P" + e] + db).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let notebook = try h.ok(["new", "notebook", "N" + e, "--project", project] + db).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let snippet = try h.ok(["new", "snippet", "S" + e, "--notebook", notebook, "--tags", "k" + e + ",ok",
                                "--body", "first line " + e + "\nlearning searchable words " + e + " here\n- [ ] todo " + e] + db)
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try h.ok(["edit", snippet, "--body", "second searchable text " + e + "\nmore " + e] + db)

        // Tree, show, history, search.
        let list = try check(h, ["list"] + db)
        for l in list.stdout.split(separator: "\n") {
            XCTAssertTrue(l.prefix(8).allSatisfy(\.isHexDigit), "a field broke a `recall list` line: \(l)")
        }
        try check(h, ["list", "--notebooks-only"] + db)
        try check(h, ["show", snippet] + db)
        try check(h, ["show", snippet, "--revision", "1"] + db)
        try check(h, ["show", notebook] + db)
        try check(h, ["show", project] + db)
        try check(h, ["history", snippet] + db)
        try check(h, ["search", "searchable"] + db)
        try check(h, ["progress"] + db)

        // JSON keeps the exact text, escaped (no raw C1 either).
        let json = try check(h, ["show", snippet, "--json"] + db, expectShown: false)
        let body = try XCTUnwrap((try json.json() as? [String: Any])?["body"] as? String)
        XCTAssertEqual(body, "second searchable text " + e + "\nmore " + e, "JSON must carry the exact text")
        try check(h, ["list", "--json"] + db, expectShown: false)
        try check(h, ["search", "searchable", "--json"] + db, expectShown: false)

        // Cards, decks, review reports.
        let card = try h.ok(["card", "add", "--front", "Q" + e, "--back", "A" + e, "--deck", "D" + e, "--tags", "t" + e,
                             "--from-snippet", snippet] + db).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try check(h, ["card", "list"] + db)
        try check(h, ["due"] + db)
        try check(h, ["grade", card, "good"] + db, expectShown: false)
        try check(h, ["deck", "list"] + db)
        try check(h, ["deck", "set", "D" + e, "--retention", "0.85"] + db)
        try check(h, ["stats"] + db)
        try check(h, ["card", "export", "-"] + db)
        try h.ok(["edit", snippet, "--body", "changed " + e] + db)
        try check(h, ["card", "list", "--changed"] + db)

        // Trash.
        try h.ok(["rm", snippet] + db)
        try check(h, ["list", "--trash"] + db)
        try check(h, ["restore", snippet] + db, expectShown: false)

        // Ids the user typed, echoed in errors.
        try check(h, ["show", "x" + e] + db, status: nil)
        try check(h, ["rm", "x" + e] + db, status: nil)
        try check(h, ["grade", "x" + e, "good"] + db, status: nil)
        try check(h, ["new", "snippet", "T", "--notebook", "x" + e] + db, status: nil)
        try check(h, ["search", "x", "--notebook", "x" + e] + db, status: nil)
        try check(h, ["search", "x", "--limit", "x" + e] + db, status: nil)   // an invalid value, echoed by the parser
        try check(h, ["card", "import", h.path("missing" + e + ".txt")] + db, status: nil)

        // File names in import messages, and file and folder names that become titles.
        let dir = h.path("F" + e)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Data([0x00, 0x01, 0x02]).write(to: URL(fileURLWithPath: dir + "/bin" + e + ".md"))
        try check(h, ["import", dir] + db, status: nil)
        try check(h, ["import", h.path("gone" + e + ".md")] + db, status: nil)
        try FileManager.default.removeItem(atPath: dir + "/bin" + e + ".md")
        try Data("## Heading \(e)\n\ntext \(e)\n".utf8).write(to: URL(fileURLWithPath: dir + "/good\nline" + e + ".md"))
        try check(h, ["import", dir] + db, expectShown: false)
        let after = try check(h, ["list"] + db)
        for l in after.stdout.split(separator: "\n") {
            XCTAssertTrue(l.prefix(8).allSatisfy(\.isHexDigit), "a file name broke a `recall list` line: \(l)")
        }
        try check(h, ["export", h.path("out")] + db, expectShown: false)
    }

    func testModelAnswersAreSanitized() throws {
        let h = try RecallCLI()
        defer { h.cleanUp() }
        let e = Self.evil
        // A streamed chat answer, and card proposals generated from a note, both carrying the payloads.
        let chat = try ReviewFakeModelServer(content: "answer " + e)
        defer { chat.stop() }
        var env = ["RECALL_PROVIDER": "ollama", "RECALL_BASE_URL": chat.baseURL, "RECALL_CHAT_MODEL": "fake"]
        let answer = try h.run(["chat", "hi"], env: env)
        XCTAssertEqual(answer.status, 0, "\(answer)")
        assertClean(answer, "recall chat")
        XCTAssertTrue(answer.stdout.contains(Self.shown), answer.stdout)

        let json = String(data: try JSONSerialization.data(withJSONObject: ["cards": [["kind": "basic", "front": "Q" + e, "back": "A" + e]]]), encoding: .utf8)!
        let cards = try ReviewFakeModelServer(content: json)
        defer { cards.stop() }
        env["RECALL_BASE_URL"] = cards.baseURL
        try h.ok(["new", "project", "P"])
        try h.ok(["new", "notebook", "N", "--project", "P"])
        let id = try h.ok(["new", "snippet", "S", "--notebook", "N", "--body", "text"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let generated = try h.run(["cards", "generate", id], env: env)
        XCTAssertEqual(generated.status, 0, "\(generated)")
        assertClean(generated, "recall cards generate")
        XCTAssertTrue((generated.stdout + generated.stderr).contains(Self.shown), "\(generated)")
    }
}
