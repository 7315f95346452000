import Foundation
import TUI
import XCTest
@testable import AppCore

/// One command table drives keys, palette and help; keymaps can name only its commands; pane keys never type into a
/// note; and nothing is overwritten silently when a snippet changes in two places.
final class CommandTableTests: XCTestCase {
    func testEveryShippedKeymapNamesOnlyCommandsOfTheTableInKnownContexts() {
        for name in ["default", "vim"] {
            let km = Fixture.keymap(name)
            XCTAssertEqual(Commands.unknown(in: km), [], name)
            for ctx in km.contextOrder { XCTAssertNotNil(CommandContext(rawValue: ctx), "\(name): [\(ctx)]") }
        }
        XCTAssertEqual(Set(Commands.all.map(\.name)).count, Commands.all.count, "a name is declared once")
        for c in Commands.all { XCTAssertFalse(c.title.isEmpty, c.name) }
    }

    func testEveryCommandTheDefaultKeymapBindsIsReachableFromItsContext() {
        let km = Fixture.keymap()
        for b in km.allBindings {
            guard let c = Commands.named(b.command) else { continue }
            // A binding in a pane context runs commands declared for that pane or for everywhere.
            if b.context == "ask" { XCTAssertTrue([CommandContext.ask, .global].contains(c.context), "\(b.command) bound in [ask]") }
        }
    }

    func testPaletteAndHelpReadTheTable() {
        var s = Fixture.state()
        let entries = App.paletteEntries(s, filter: "clear the thread")
        XCTAssertEqual(entries.first?.command.name, "ask.clear")
        XCTAssertEqual(entries.first?.keys.map(\.description), ["ctrl-n"])
        Fixture.press(&s, "?")
        let help = Render.helpLines(s)
        XCTAssertTrue(help.contains { $0.title == "Ask" && $0.key.isEmpty }, "a section per context")
        XCTAssertTrue(help.contains { $0.title == Commands.named("ask.scope")!.title && $0.key == "ctrl-t" })
    }

    func testPaneKeysFromInsideTheEditorSwitchWithoutTypingAndDigitsType() {
        var s = Fixture.state()
        _ = App.update(&s, .snippetLoaded(SnippetDoc(id: "s1", title: "Borrowing rules", body: "x", contentHash: "h0"), focusTerms: []), now: Fixture.now)
        XCTAssertEqual(s.focus, .editor)
        Fixture.type(&s, "2")
        XCTAssertEqual(s.editor?.text, "2x", "a plain digit types in a note")
        Fixture.press(&s, "alt-2")
        XCTAssertEqual(s.focus, .ask)
        Fixture.press(&s, "f2")
        XCTAssertEqual(s.focus, .editor)
        Fixture.press(&s, "f4")
        XCTAssertEqual(s.focus, .review)
        Fixture.press(&s, "f6")
        XCTAssertEqual(s.focus, .navigator, "f6 cycles the panes")
        Fixture.press(&s, "f6")
        XCTAssertEqual(s.focus, .editor)
        // The tab bar shows keys that work here: not plain digits while typing.
        let tabs = Fixture.screen(s)[0]
        XCTAssertTrue(tabs.contains("Ask (alt-2)") || tabs.contains("Ask (f3)"), tabs)
        XCTAssertFalse(tabs.contains("Ask (2)"), tabs)
    }

    func testFindReportsFoundAndNotFoundAsValues() {
        var s = Fixture.state()
        _ = App.update(&s, .snippetLoaded(SnippetDoc(id: "s1", title: "t", body: "alpha beta"), focusTerms: ["no match", "beta"]), now: Fixture.now)
        XCTAssertEqual(s.editor?.editor.selectedText, "beta", "the first term that is found places the cursor")
    }

    func testASaveOverAChangedSnippetKeepsBothAndAutosaveStopsUntilCtrlS() {
        var s = Fixture.state()
        _ = App.update(&s, .snippetLoaded(SnippetDoc(id: "s1", title: "Borrowing rules", body: "mine", contentHash: "h0"), focusTerms: []), now: Fixture.now)
        Fixture.type(&s, "A")
        guard case .store(.saveSnippet(_, "Amine", let gen, "h0", _))? = App.update(&s, .timer(.autosave), now: Fixture.now).last else {
            return XCTFail("autosave names the hash it started from")
        }
        let theirs = SnippetDoc(id: "s1", title: "Borrowing rules", body: "theirs", contentHash: "h1")
        _ = App.update(&s, .saveConflict(snippetId: "s1", generation: gen, current: theirs), now: Fixture.now)
        XCTAssertTrue(Fixture.screen(s).last!.contains("changed in another process"), Fixture.screen(s).last!)
        XCTAssertEqual(s.editor?.text, "Amine", "the user's text stays on screen")
        Fixture.type(&s, "B")
        XCTAssertFalse(App.update(&s, .timer(.autosave), now: Fixture.now).contains { if case .store(.saveSnippet) = $0 { return true }; return false },
                       "autosave does not write over their text")
        let fx = Fixture.press(&s, "ctrl-s")
        XCTAssertTrue(fx.contains(.store(.saveSnippet(id: "s1", body: "ABmine", generation: s.editor!.generation, basedOn: "h1", origin: .editor))), "\(fx)")
    }

    func testAChangeElsewhereReloadsAnUnchangedEditorAndWarnsAnEditedOne() {
        var s = Fixture.state()
        _ = App.update(&s, .snippetLoaded(SnippetDoc(id: "s1", title: "T", body: "old", contentHash: "h0"), focusTerms: []), now: Fixture.now)
        _ = App.update(&s, .snippetChangedElsewhere(SnippetDoc(id: "s1", title: "T", body: "new from the CLI", contentHash: "h1")), now: Fixture.now)
        XCTAssertEqual(s.editor?.text, "new from the CLI")
        Fixture.type(&s, "x")
        _ = App.update(&s, .snippetChangedElsewhere(SnippetDoc(id: "s1", title: "T", body: "again", contentHash: "h2")), now: Fixture.now)
        XCTAssertEqual(s.editor?.text, "xnew from the CLI", "unsaved text is never replaced")
        XCTAssertEqual(s.editor?.conflict, "h2")
        // Reload takes theirs (the user's text is kept by the conflict); without a conflict it asks to save first.
        XCTAssertEqual(App.run(&s, named: "edit.reload"), [.store(.openSnippet(id: "s1", focusTerms: []))])
        _ = App.update(&s, .snippetLoaded(SnippetDoc(id: "s1", title: "T", body: "again", contentHash: "h2"), focusTerms: []), now: Fixture.now)
        Fixture.type(&s, "y")
        XCTAssertFalse(App.run(&s, named: "edit.reload").contains { if case .store = $0 { return true }; return false })
        XCTAssertTrue(Fixture.screen(s).last!.contains("Unsaved changes"), Fixture.screen(s).last!)
    }
}
