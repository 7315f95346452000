import Notebook
import TUI
import XCTest
@testable import AppCore

/// The history view: revisions listed with their size change, diffs between any two, restore as an undoable edit.
final class HistoryViewTests: XCTestCase {
    private let revisions = [
        RevisionEntry(id: 7, when: "2026-12-05 10:30", origin: .editor, body: "# Borrowing\n\nOne mutable borrow at a time.\nMany shared borrows.\n"),
        RevisionEntry(id: 5, when: "2026-12-05 10:10", origin: .editor, body: "# Borrowing\n\nOne mutable borrow.\n"),
        RevisionEntry(id: 2, when: "2026-12-04 09:00", origin: .import, body: "# Borrowing\n"),
    ]

    /// A state with snippet s1 open (its text = the newest revision plus one unsaved line) and history loaded.
    private func withHistory() -> AppState {
        var s = Fixture.state()
        _ = App.update(&s, .snippetLoaded(SnippetDoc(id: "s1", title: "Borrowing rules", kind: .markdown, language: nil, body: revisions[0].body), focusTerms: []), now: Fixture.now)
        Fixture.press(&s, "ctrl-end")
        Fixture.type(&s, "Draft line")
        let fx = Fixture.press(&s, "alt-h")
        XCTAssertTrue(fx.contains(.store(.loadRevisions(snippetId: "s1"))), "\(fx)")
        XCTAssertTrue(fx.contains { if case .store(.saveSnippet(_, _, _, _, .editor)) = $0 { return true }; return false },
                      "unsaved text is saved first, so it is in the list: \(fx)")
        _ = App.update(&s, .revisionsLoaded(snippetId: "s1", revisions), now: Fixture.now)
        return s
    }

    func testListShowsTimeOriginAndSizeChange() {
        let s = withHistory()
        let screen = Fixture.screen(s).joined(separator: "\n")
        XCTAssertTrue(screen.contains("History — Borrowing rules"), screen)
        XCTAssertTrue(screen.contains("#7") && screen.contains("2026-12-05 10:30") && screen.contains("editor") && screen.contains("+31 B     One mutable borrow at a time."), screen)
        XCTAssertTrue(screen.contains("#2") && screen.contains("import") && screen.contains("new"), screen)
        XCTAssertTrue(screen.contains("enter diff") && screen.contains("r restore"), "hints come from the keymap: \(screen)")
    }

    func testEnterShowsWhatARevisionChangedWithWordLevelMarks() {
        var s = withHistory()
        Fixture.press(&s, "enter")
        guard case .history(let o)? = s.overlay, let d = o.diff else { return XCTFail("no diff open") }
        XCTAssertEqual(d.from, .revision(5))
        XCTAssertEqual(d.to, .revision(7))
        let rows = d.rows
        XCTAssertEqual(rows, App.historyDiffRows(o, s), "the rows stored when the diff opened are the diff of the two texts")
        XCTAssertEqual(rows.first, .hunk("@@ -1,3 +1,4 @@"))
        let changed = rows.compactMap { row -> DiffRowSummary? in
            guard case .line(let l) = row, l.kind != .context else { return nil }
            return DiffRowSummary(kind: l.kind == .added ? "+" : "-", text: l.text,
                                  words: (l.segments ?? []).filter(\.changed).map(\.text))
        }
        XCTAssertEqual(changed, [
            DiffRowSummary(kind: "-", text: "One mutable borrow.", words: []),
            DiffRowSummary(kind: "+", text: "One mutable borrow at a time.", words: [" at a time"]),
            DiffRowSummary(kind: "+", text: "Many shared borrows.", words: []),
        ])
        let screen = Fixture.screen(s).joined(separator: "\n")
        XCTAssertTrue(screen.contains("Diff #5 → #7") && screen.contains("+2 −1 lines"), screen)
        XCTAssertTrue(screen.contains("+ One mutable borrow at a time.") && screen.contains("- One mutable borrow."), screen)
        Fixture.press(&s, "esc")
        guard case .history(let back)? = s.overlay else { return XCTFail("esc in a diff goes back to the list") }
        XCTAssertNil(back.diff)
    }

    func testAMarkDiffsAnyTwoRevisionsOlderFirst() {
        var s = withHistory()
        Fixture.press(&s, "space", "down", "down", "enter")
        guard case .history(let o)? = s.overlay, let d = o.diff else { return XCTFail("no diff") }
        XCTAssertEqual(d.from, .revision(2))
        XCTAssertEqual(d.to, .revision(7))
        XCTAssertTrue(Fixture.screen(s).joined(separator: "\n").contains("+3 −0 lines"))
    }

    func testDiffAgainstTheCurrentTextShowsUnsavedLines() {
        var s = withHistory()
        Fixture.press(&s, "d")
        guard case .history(let o)? = s.overlay else { return XCTFail() }
        XCTAssertEqual(o.diff?.from, .revision(7))
        XCTAssertEqual(o.diff?.to, .current)
        XCTAssertTrue(Fixture.screen(s).joined(separator: "\n").contains("+ Draft line"))
    }

    func testRestoreIsOneUndoableEditSavedAsARestoreRevision() {
        var s = withHistory()
        let before = s.editor!.text
        let fx = Fixture.press(&s, "down", "down", "r")
        XCTAssertNil(s.overlay)
        XCTAssertEqual(s.editor!.text, "# Borrowing\n")
        XCTAssertTrue(fx.contains { if case .store(.saveSnippet("s1", "# Borrowing\n", _, _, .restore)) = $0 { return true }; return false }, "\(fx)")
        XCTAssertTrue(s.status.message?.text.contains("Restored revision #2") == true)
        // The restore is undoable like any edit; the next save is an ordinary one.
        guard case .store(.saveSnippet(_, _, let gen, _, _))? = fx.last(where: { if case .store = $0 { return true }; return false }) else { return XCTFail() }
        _ = App.update(&s, .saved(snippetId: "s1", generation: gen, hash: "hr"), now: Fixture.now)
        Fixture.press(&s, "ctrl-z")
        XCTAssertEqual(s.editor!.text, before)
        let save = App.update(&s, .timer(.autosave), now: Fixture.now)
        XCTAssertTrue(save.contains { if case .store(.saveSnippet(_, _, _, _, .editor)) = $0 { return true }; return false }, "\(save)")
    }

    func testRestoreRefusesDuringASaveConflict() {
        var s = withHistory()
        s.editor?.conflict = "theirs"
        Fixture.press(&s, "down", "r")
        XCTAssertNotNil(s.overlay, "nothing restored")
        XCTAssertTrue(s.status.message?.isError == true)
    }

    func testHFromTheNavigatorOpensTheSnippetThenItsHistory() {
        var s = Fixture.state()
        Fixture.press(&s, "j", "l", "j")
        var fx = Fixture.press(&s, "H")
        XCTAssertTrue(fx.contains(.store(.openSnippet(id: "s1", focusTerms: []))), "\(fx)")
        XCTAssertNil(s.overlay)
        fx = App.update(&s, .snippetLoaded(SnippetDoc(id: "s1", title: "Borrowing rules", kind: .markdown, language: nil, body: "x"), focusTerms: []), now: Fixture.now)
        XCTAssertTrue(fx.contains(.store(.loadRevisions(snippetId: "s1"))), "\(fx)")
        guard case .history(let o)? = s.overlay else { return XCTFail("history opens once the snippet is loaded") }
        XCTAssertEqual(o.snippetId, "s1")
    }

    func testHistoryWithoutAnOpenSnippetSaysSo() {
        var s = Fixture.state()
        _ = App.run(&s, named: "history.open")
        XCTAssertNil(s.overlay)
        XCTAssertNotNil(s.status.message)
    }
}

/// A changed diff line reduced to what the tests compare.
private struct DiffRowSummary: Equatable {
    var kind: String
    var text: String
    var words: [String]
}
