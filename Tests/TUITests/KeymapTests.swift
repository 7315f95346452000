import Foundation
import XCTest
@testable import TUI

final class KeymapTests: XCTestCase {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func testKeyNamesRoundTrip() {
        for name in ["ctrl-p", "alt-1", "shift-tab", "f5", "space", "?", "pgdown", "ctrl-left", "N", "minus", "esc", "enter", "del"] {
            let k = KeyEvent(name: name)
            XCTAssertNotNil(k, name)
            XCTAssertEqual(k?.description, name)
        }
        XCTAssertEqual(KeyEvent(name: "C-P"), .ctrl("p"))
        XCTAssertNil(KeyEvent(name: "hyper-x"))
    }

    func testDefaultKeymapParsesAndBindsTheIssueKeys() throws {
        let f = try Keymap.parse(toml: EmbeddedDefaults.keymaps["default"]!, fallbackName: "default")
        let km = f.keymap
        XCTAssertEqual(km.command(for: .char("/"), in: ["global"]), "search.open")
        XCTAssertEqual(km.command(for: .ctrl("f"), in: ["global"]), "search.open")
        XCTAssertEqual(km.command(for: .char(":"), in: ["global"]), "app.palette")
        XCTAssertEqual(km.command(for: .ctrl("p"), in: ["global"]), "app.palette")
        XCTAssertEqual(km.command(for: .char("?"), in: ["global"]), "app.help")
        XCTAssertEqual(km.command(for: .ctrl("e"), in: ["editor"]), "edit.external")
    }

    func testVimInheritsDefaultAndIsModal() throws {
        var files: [String: Keymap.File] = [:]
        for (n, t) in EmbeddedDefaults.keymaps { files[n] = try Keymap.parse(toml: t, fallbackName: n) }
        let vim = try Keymap.resolve(name: "vim", files: files)
        XCTAssertTrue(vim.modal)
        XCTAssertEqual(vim.command(for: .char("j"), in: ["editor.normal"]), "edit.down")
        XCTAssertEqual(vim.command(for: .ctrl("q"), in: ["global"]), "app.quit", "inherited from default")
        XCTAssertEqual(vim.command(for: KeyEvent(.escape), in: ["editor"]), "mode.normal", "overridden")
    }

    func testUserOverridesWinAndNoneUnbinds() throws {
        let base = try Keymap.parse(toml: EmbeddedDefaults.keymaps["default"]!, fallbackName: "default").keymap
        let user = try Keymap.parse(toml: "[global]\n\"ctrl-q\" = \"none\"\n\"alt-q\" = \"app.quit\"\n", fallbackName: "default").keymap
        let m = base.merged(with: user)
        XCTAssertNil(m.command(for: .ctrl("q"), in: ["global"]))
        XCTAssertEqual(m.command(for: .alt("q"), in: ["global"]), "app.quit")
        XCTAssertEqual(m.keys(for: "app.quit", in: ["global"]).map(\.description), ["q", "alt-q"])
    }

    func testUnknownKeyNameIsAClearError() {
        XCTAssertThrowsError(try Keymap.parse(toml: "[global]\n\"ctrl-meta-banana\" = \"app.quit\"\n", fallbackName: "x")) { e in
            XCTAssertTrue("\(e)".contains("unknown key name"), "\(e)")
        }
    }

    func testEmbeddedCopiesMatchTheDataFiles() throws {
        // The binary's built-in copies must be the shipped files (run themes/generate-embedded.sh after editing).
        for (dir, table) in [("themes", EmbeddedDefaults.themes), ("keymaps", EmbeddedDefaults.keymaps)] {
            let names = try FileManager.default.contentsOfDirectory(atPath: Self.repo.appendingPathComponent(dir).path).filter { $0.hasSuffix(".toml") }
            XCTAssertEqual(Set(names.map { String($0.dropLast(5)) }), Set(table.keys), dir)
            for n in names {
                var text = try String(contentsOf: Self.repo.appendingPathComponent(dir).appendingPathComponent(n), encoding: .utf8)
                if text.hasSuffix("\n") { text.removeLast() }
                XCTAssertEqual(table[String(n.dropLast(5))], text, "\(dir)/\(n) differs from its embedded copy")
            }
        }
    }
}
