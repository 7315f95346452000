import Notebook
import TUI
import XCTest
@testable import AppCore

final class NavigatorTests: XCTestCase {
    func testNavigatorShowsTreeWithCounts() {
        let s = Fixture.state()
        let lines = Fixture.screen(s)
        XCTAssertTrue(lines[0].hasPrefix(" Notebooks"))
        XCTAssertTrue(lines[1].contains("▾ Rust study") && lines[1].contains(" 3"), lines[1])
        XCTAssertTrue(lines[2].contains("▸ Ownership") && lines[2].contains(" 2"), lines[2])
        XCTAssertTrue(lines[3].contains("▸ Traits"), lines[3])
        XCTAssertTrue(lines[4].contains("▾ Japanese 日本語"), lines[4])
    }

    func testExpandCollapseAndOpen() {
        var s = Fixture.state()
        Fixture.press(&s, "j", "l")  // Ownership, expand
        XCTAssertTrue(Fixture.screen(s)[3].contains("· Borrowing rules"))
        let fx = Fixture.press(&s, "j", "enter")
        XCTAssertEqual(fx, [.store(.openSnippet(id: "s1", focusTerms: []))])
        Fixture.press(&s, "k", "h")  // back on Ownership, collapse
        XCTAssertFalse(Fixture.screen(s).joined().contains("Borrowing rules"))
    }

    func testCreateSnippetAsksForATitleThenCreatesIt() {
        var s = Fixture.state()
        Fixture.press(&s, "j", "n")
        guard case .prompt(let p)? = s.overlay else { return XCTFail("no prompt") }
        XCTAssertTrue(p.title.contains("Ownership"))
        Fixture.type(&s, "sort.py")
        let fx = Fixture.press(&s, "enter")
        XCTAssertEqual(fx, [.store(.createSnippet(notebookId: "n1", title: "sort.py", kind: .code))])
        // When the store answers, the tree reloads and the new snippet opens.
        XCTAssertEqual(App.update(&s, .created(.snippet("s9")), now: Fixture.now), [.store(.loadOutline)])
        var outline = Fixture.outline
        outline.projects[0].notebooks[0].snippets.append(OutlineSnippet(id: "s9", title: "sort.py", kind: .code))
        XCTAssertEqual(App.update(&s, .outlineLoaded(outline), now: Fixture.now), [.store(.openSnippet(id: "s9", focusTerms: []))])
    }

    func testDeleteAsksFirstThenTrashesAndUndoRestores() {
        var s = Fixture.state()
        Fixture.press(&s, "j", "d")
        guard case .confirm(let c)? = s.overlay else { return XCTFail("no confirmation") }
        XCTAssertTrue(c.question.contains("Ownership") && c.question.contains("trash"))
        XCTAssertTrue(Fixture.screen(s).joined(separator: "\n").contains("to the trash? (y/n)"))
        XCTAssertEqual(Fixture.press(&s, "n").filter { if case .store(.trash) = $0 { return true }; return false }, [])
        Fixture.press(&s, "d")
        XCTAssertEqual(Fixture.press(&s, "y"), [.store(.trash(.notebook("n1")))])
        _ = App.update(&s, .trashed(.notebook("n1"), title: "Ownership"), now: Fixture.now)
        XCTAssertTrue(s.status.message?.text.contains("press u to undo") ?? false)
        XCTAssertEqual(Fixture.press(&s, "u"), [.store(.restore(.notebook("n1")))])
    }

    func testMoveSnippetPicksANotebook() {
        var s = Fixture.state()
        Fixture.press(&s, "j", "l", "j", "m")
        guard case .picker(let p)? = s.overlay else { return XCTFail("no picker") }
        XCTAssertEqual(p.items.map(\.label), ["Rust study ▸ Ownership", "Rust study ▸ Traits"])
        Fixture.type(&s, "trai")
        XCTAssertEqual(Fixture.press(&s, "enter"), [.store(.moveSnippet(id: "s1", toNotebook: "n2"))])
    }

    func testRenamePrefillsTheTitle() {
        var s = Fixture.state()
        Fixture.press(&s, "r")
        guard case .prompt(let p)? = s.overlay else { return XCTFail("no prompt") }
        XCTAssertEqual(p.input.text, "Rust study")
        Fixture.press(&s, "backspace", "backspace", "backspace", "backspace", "backspace")
        Fixture.type(&s, "notes")
        XCTAssertEqual(Fixture.press(&s, "enter"), [.store(.rename(.project("p1"), title: "Rust notes"))])
    }

    func testTenThousandSnippetsScrollOnlyTheVisibleRows() {
        var big = Outline(projects: [OutlineProject(id: "p", title: "Big", notebooks: [
            OutlineNotebook(id: "n", title: "All", snippets: (0..<10_000).map { OutlineSnippet(id: "s\($0)", title: "Snippet \($0)") }),
        ])])
        big.projects[0].notebooks[0].title = "All"
        var s = AppState(width: 100, height: 30, keymap: Fixture.keymap(), database: "x")
        _ = App.update(&s, .outlineLoaded(big), now: Fixture.now)
        Fixture.press(&s, "j", "l", "end")
        let lines = Fixture.screen(s)
        XCTAssertTrue(lines[28].contains("Snippet 9999"), lines[28])
        XCTAssertEqual(s.navigator.rows.count, 10_002)
    }
}
