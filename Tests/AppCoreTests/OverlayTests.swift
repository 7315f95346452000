import TUI
import XCTest
@testable import AppCore

final class OverlayTests: XCTestCase {
    func testSearchSendsRequestsWithIdsAndDropsStaleResults() {
        var s = Fixture.state()
        Fixture.press(&s, "/")
        let a = Fixture.type(&s, "bo")
        let idle = AppEffect.ui(.startTimer(.searchIdle, milliseconds: App.searchIdleLogMs))
        XCTAssertEqual(a, [.search(.run(query: "b", requestId: 1, ranking: .hybrid)), idle, .search(.run(query: "bo", requestId: 2, ranking: .hybrid)), idle])
        // A late answer to request 1 is dropped; the answer to 2 shows.
        let hit = SearchResult(snippetId: "s1", title: "Borrowing rules", location: "Rust study ▸ Ownership",
                               excerpt: "One mutable \u{E000}borrow\u{E001} at a time")
        _ = App.update(&s, .searchResults(requestId: 2, hits: [hit]), now: Fixture.now)
        _ = App.update(&s, .searchResults(requestId: 1, hits: []), now: Fixture.now)
        guard case .search(let o)? = s.overlay else { return XCTFail() }
        XCTAssertEqual(o.hits, [hit])
        let screen = Fixture.screen(s).joined(separator: "\n")
        XCTAssertTrue(screen.contains("Borrowing rules  Rust study ▸ Ownership"))
        XCTAssertTrue(screen.contains("One mutable borrow at a time"))
        // Enter opens the snippet at the hit, and logs the search the user made (request 2) once.
        XCTAssertEqual(Fixture.press(&s, "enter"), [.ui(.cancelTimer(.searchIdle)), .search(.log(requestId: 2)),
                                                    .store(.openSnippet(id: "s1", focusTerms: ["borrow"]))])
        XCTAssertNil(s.overlay)
    }

    func testASearchIsLoggedOnceWhenIdleOrLeftNeverPerKeystroke() {
        var s = Fixture.state()
        Fixture.press(&s, "/")
        let typed = Fixture.type(&s, "own")
        XCTAssertFalse(typed.contains { if case .search(.log) = $0 { return true } else { return false } }, "\(typed)")
        // The query idled: request 3 is logged; idling again or leaving does not log it twice.
        XCTAssertEqual(App.update(&s, .timer(.searchIdle), now: Fixture.now), [.search(.log(requestId: 3))])
        XCTAssertEqual(App.update(&s, .timer(.searchIdle), now: Fixture.now), [])
        XCTAssertEqual(Fixture.press(&s, "esc"), [.ui(.cancelTimer(.searchIdle))])
        // Leaving with an empty query logs nothing; leaving with an unlogged query logs it.
        Fixture.press(&s, "/")
        XCTAssertEqual(Fixture.press(&s, "esc"), [.ui(.cancelTimer(.searchIdle))])
        Fixture.press(&s, "/")
        _ = Fixture.type(&s, "x")
        XCTAssertEqual(Fixture.press(&s, "esc"), [.ui(.cancelTimer(.searchIdle)), .search(.log(requestId: 4))])
    }

    func testHelpIsGeneratedFromTheKeymap() {
        var s = Fixture.state()
        Fixture.press(&s, "?")
        let screen = Fixture.screen(s).joined(separator: "\n")
        XCTAssertTrue(screen.contains("Keys — default keymap"))
        XCTAssertTrue(screen.contains("Search all snippets"))
        // Every line the help shows comes from a binding in the table.
        for line in Render.helpLines(s) where !line.key.isEmpty {
            for k in line.key.split(separator: " ") {
                XCTAssertNotNil(KeyEvent(name: String(k)), "help shows a key the table cannot parse: \(k)")
            }
        }
        // Rebinding a key changes the help.
        s.keymap.bind(.alt("z"), to: "search.open", in: "global")
        XCTAssertTrue(Render.helpLines(s).contains { $0.key.contains("alt-z") && $0.title == "Search all snippets" })
    }

    func testPaletteListsCommandsWithKeysAndRunsThem() {
        var s = Fixture.state()
        Fixture.press(&s, ":")
        Fixture.type(&s, "new proj")
        let screen = Fixture.screen(s).joined(separator: "\n")
        XCTAssertTrue(screen.contains("New project"), screen)
        Fixture.press(&s, "enter")
        guard case .prompt(let p)? = s.overlay else { return XCTFail("palette did not run the command") }
        XCTAssertEqual(p.purpose, .newProject)
    }

    func testTooSmallTerminalShowsANotice() {
        var s = Fixture.state()
        _ = App.update(&s, .resize(width: 50, height: 12), now: Fixture.now)
        let lines = Fixture.screen(s)
        XCTAssertTrue(lines.contains { $0.contains("Terminal too small") })
        XCTAssertTrue(lines.contains { $0.contains("50×12 — need at least 60×16") })
        _ = App.update(&s, .resize(width: 120, height: 40), now: Fixture.now)
        XCTAssertTrue(Fixture.screen(s)[0].hasPrefix(" Notebooks"))
    }

    func testStatusLineFieldsAreSetByMessages() {
        var s = Fixture.state()
        XCTAssertTrue(Fixture.screen(s).last!.contains("model checking…"))
        _ = App.update(&s, .modelStatus(.offline), now: Fixture.now)
        XCTAssertTrue(Fixture.screen(s).last!.contains("model offline"))
        _ = App.update(&s, .modelStatus(.ready("llama3.2")), now: Fixture.now)
        _ = App.update(&s, .dueSummary(count: 0, nextDue: "in 3 h"), now: Fixture.now)
        let last = Fixture.screen(s).last!
        XCTAssertTrue(last.contains("db test.db"))
        XCTAssertTrue(last.contains("model llama3.2 ready"))
        XCTAssertTrue(last.contains("due 0 (next in 3 h)"))
    }

    func testPanesSwitchAndShowSideBySideWhenWide() {
        var s = Fixture.state(width: 160)
        Fixture.press(&s, "2")
        XCTAssertEqual(s.focus, .ask)
        let lines = Fixture.screen(s).joined(separator: "\n")
        XCTAssertTrue(lines.contains("No snippet open"), "editor shown beside Ask")
        XCTAssertTrue(lines.contains("Ask answers questions from your notes"), "Ask shown")
        Fixture.press(&s, "f4")
        XCTAssertEqual(s.focus, .review)
        _ = App.update(&s, .dueSummary(count: 0, nextDue: "in 3 h"), now: Fixture.now)
        XCTAssertTrue(Fixture.screen(s).joined().contains("No cards due — next due in 3 h"))
        var narrow = Fixture.state(width: 90)
        Fixture.press(&narrow, "2")
        XCTAssertFalse(Fixture.screen(narrow).joined().contains("No snippet open"), "one pane at a time when narrow")
    }
}

/// The search overlay's ranking is one key apart: ctrl-t cycles hybrid → bm25 → vector, each change searches again,
/// and the ranking really used (with the reason for a fallback) is shown.
final class SearchRankingTests: XCTestCase {
    func testCtrlTCyclesTheRankingAndSearchesAgain() {
        var s = Fixture.state()
        Fixture.press(&s, "/")
        _ = Fixture.type(&s, "rag")
        let idle = AppEffect.ui(.startTimer(.searchIdle, milliseconds: App.searchIdleLogMs))
        XCTAssertEqual(Fixture.press(&s, "ctrl-t"), [.search(.run(query: "rag", requestId: 4, ranking: .bm25)), idle])
        XCTAssertEqual(Fixture.press(&s, "ctrl-t"), [.search(.run(query: "rag", requestId: 5, ranking: .vector)), idle])
        XCTAssertEqual(Fixture.press(&s, "ctrl-t"), [.search(.run(query: "rag", requestId: 6, ranking: .hybrid)), idle])
    }

    func testTheRankingUsedIsShownWithItsReason() {
        var s = Fixture.state()
        Fixture.press(&s, "/")
        _ = Fixture.type(&s, "rag")
        _ = App.update(&s, .searchRanking(requestId: 3, used: "bm25 — no embeddings"), now: Fixture.now)
        _ = App.update(&s, .searchResults(requestId: 3, hits: []), now: Fixture.now)
        let screen = Fixture.screen(s).joined(separator: "\n")
        XCTAssertTrue(screen.contains("bm25 — no embeddings · 0 hits"), screen)
        _ = App.update(&s, .searchRanking(requestId: 2, used: "vector"), now: Fixture.now)  // stale: dropped
        XCTAssertFalse(Fixture.screen(s).joined(separator: "\n").contains("vector ·"))
    }
}

/// Importing a pack from the palette previews it first: the dry run's lines with Enter to import, Esc to write nothing.
final class PackPreviewTests: XCTestCase {
    func testTheImportPromptAsksForADryRun_EnterImports_EscWritesNothing() {
        var s = Fixture.state()
        s.overlay = .prompt(PromptOverlay(title: "Import pack file", input: LineInput(), purpose: .packImport))
        _ = Fixture.type(&s, "/tmp/p.zip")
        XCTAssertEqual(Fixture.press(&s, "enter").first, .packs(.previewImport(path: "/tmp/p.zip")), "the dry run, not the import")
        _ = App.update(&s, .packPreview(path: "/tmp/p.zip", lines: ["would add: 1 snippet(s)", "conflicts: none"]), now: Fixture.now)
        let screen = Fixture.screen(s).joined(separator: "\n")
        XCTAssertTrue(screen.contains("Import this pack? (enter imports · esc cancels)") && screen.contains("would add: 1 snippet(s)"), screen)
        XCTAssertEqual(Fixture.press(&s, "esc"), [.ui(.startTimer(.clearMessage, milliseconds: App.messageMs))])
        XCTAssertNil(s.overlay)
        XCTAssertEqual(s.status.message?.text, "Import cancelled — nothing was written")
        _ = App.update(&s, .packPreview(path: "/tmp/p.zip", lines: []), now: Fixture.now)
        XCTAssertEqual(Fixture.press(&s, "enter").first, .packs(.importPack(path: "/tmp/p.zip")))
        XCTAssertNil(s.overlay)
    }
}
