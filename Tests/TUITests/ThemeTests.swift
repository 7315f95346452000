import XCTest
@testable import TUI

final class ThemeTests: XCTestCase {
    private func files() throws -> [String: Theme.File] {
        var out: [String: Theme.File] = [:]
        for (n, t) in EmbeddedDefaults.themes { out[n] = try Theme.parse(toml: t, fallbackName: n) }
        return out
    }

    func testEveryShippedThemeResolves() throws {
        let f = try files()
        XCTAssertTrue(Set(f.keys).isSuperset(of: ["dark", "light", "high-contrast", "terminal"]))
        for name in f.keys { XCTAssertNoThrow(try Theme.resolve(name: name, files: f), name) }
    }

    func testKeysFallBackToTheirParents() {
        let t = Theme(name: "t", styles: ["ui": Style(fg: .ansi(1)), "ui.text": Style(fg: .ansi(2))])
        XCTAssertEqual(t.style("ui.text.focus").fg, .ansi(2))
        XCTAssertEqual(t.style("ui.border").fg, .ansi(1))
        XCTAssertEqual(t.style("syntax.keyword"), .plain)
    }

    func testChildPaletteRecoloursInheritedStyles() throws {
        let f = try files()
        let dark = try Theme.resolve(name: "dark", files: f)
        let light = try Theme.resolve(name: "light", files: f)
        XCTAssertEqual(dark.style("ui.background").bg, .rgb(0x1e, 0x1e, 0x2e))
        XCTAssertEqual(light.style("ui.background").bg, .rgb(0xfa, 0xfa, 0xfa), "light's palette applies to dark's scopes")
        let term = try Theme.resolve(name: "terminal", files: f)
        XCTAssertEqual(term.style("ui.background").bg, .default, "the terminal theme uses the terminal's own colours")
    }

    func testColoursReduceFor256And16ColourTerminals() {
        let c = Color.rgb(0x89, 0xb4, 0xfa)
        guard case .indexed(let i) = c.reduced(to: .palette256) else { return XCTFail() }
        XCTAssertTrue((16...255).contains(Int(i)))
        guard case .ansi(let a) = c.reduced(to: .ansi16) else { return XCTFail() }
        XCTAssertTrue([4, 6, 12, 14, 7, 15].contains(Int(a)), "a light blue maps to a blue/cyan/white ANSI colour, got \(a)")
        XCTAssertEqual(Color.rgb(0, 0, 0).reduced(to: .ansi16), .ansi(0))
        XCTAssertEqual(Color.rgb(255, 255, 255).reduced(to: .palette256), .indexed(231))
        XCTAssertEqual(c.reduced(to: .none), .default)
    }

    func testNoColorKeepsSelectionsVisibleWithReverseVideo() throws {
        let dark = try Theme.resolve(name: "dark", files: try files()).adapted(to: .none)
        let sel = dark.style("ui.selection.focus")
        XCTAssertEqual(sel.fg, .default)
        XCTAssertEqual(sel.bg, .default)
        XCTAssertTrue(sel.attrs.contains(.reverse))
        XCTAssertFalse(dark.style("ui.background").attrs.contains(.reverse))
    }

    func testUnknownColourIsAClearError() throws {
        let f = try Theme.parse(toml: "\"ui.text\" = \"chartreuse-ish\"\n", fallbackName: "bad")
        XCTAssertThrowsError(try Theme.resolve(name: "bad", files: ["bad": f])) { e in XCTAssertTrue("\(e)".contains("unknown colour")) }
    }
}
