import Foundation
import Notebook
import TUI
import XCTest
@testable import AppCore

/// Study status in the app: cycling it in the navigator and the editor moves the percentages at once; the tags prompt;
/// the progress view's rows, folding and status changes; the web address under the cursor.
final class StudyTests: XCTestCase {
    static let outline = Outline(projects: [
        OutlineProject(id: "p1", title: "Roadmap", notebooks: [
            OutlineNotebook(id: "n1", title: "Models", snippets: [
                OutlineSnippet(id: "s1", title: "Sampling", status: .done, tags: ["sampling"]),
                OutlineSnippet(id: "s2", title: "Attention", status: .todo),
                OutlineSnippet(id: "s3", title: "Reading list"),
            ]),
        ]),
    ])

    func state() -> AppState {
        var s = AppState(width: 120, height: 40, keymap: Fixture.keymap(), database: "test.db")
        _ = App.update(&s, .outlineLoaded(Self.outline), now: Fixture.now)
        return s
    }

    func testNavigatorShowsThePercentageAndCyclingAStatusMovesIt() {
        var s = state()
        XCTAssertTrue(Fixture.screen(s)[1].contains("Roadmap") && Fixture.screen(s)[1].contains("50%"), Fixture.screen(s)[1])
        Fixture.press(&s, "j", "l", "j", "j")  // Models, expand, Sampling, Attention
        XCTAssertTrue(Fixture.screen(s)[4].contains("○ Attention"), Fixture.screen(s)[4])
        let fx = Fixture.press(&s, "s")
        XCTAssertTrue(fx.contains(.store(.setStatus(snippetId: "s2", status: .partial))), "\(fx)")
        XCTAssertTrue(Fixture.screen(s)[1].contains("75%"), Fixture.screen(s)[1])
        XCTAssertTrue(Fixture.screen(s)[4].contains("◐ Attention"))
        XCTAssertEqual(s.status.message?.text, "“Attention”: ◐ partial — Models 75%")
        Fixture.press(&s, "s", "s")  // done, then a plain note: 1 item, done
        XCTAssertTrue(Fixture.screen(s)[1].contains("100%"), Fixture.screen(s)[1])
        XCTAssertNil(s.navigator.outline.snippet("s2")?.status)
        Fixture.press(&s, "k", "k", "s")  // on the notebook row: not a snippet
        XCTAssertEqual(s.status.message?.isError, true)
    }

    func testTheEditorCyclesTheOpenSnippetsStatus() {
        var s = state()
        _ = App.update(&s, .snippetLoaded(SnippetDoc(id: "s3", title: "Reading list", body: "x"), focusTerms: []), now: Fixture.now)
        let fx = Fixture.press(&s, "alt-d")
        XCTAssertTrue(fx.contains(.store(.setStatus(snippetId: "s3", status: .todo))), "\(fx)")
        XCTAssertEqual(s.navigator.outline.projects[0].notebooks[0].tally, TaskTally(done: 1, partial: 0, todo: 2))
    }

    func testTheTagsPromptShowsTagsAndAStatusWordSetsTheStatus() {
        var s = state()
        Fixture.press(&s, "j", "l", "j", "t")
        guard case .prompt(let p)? = s.overlay else { return XCTFail("no tags prompt") }
        XCTAssertEqual(p.input.text, "sampling")
        Fixture.type(&s, ", decoding, partial")
        let fx = Fixture.press(&s, "enter")
        XCTAssertTrue(fx.contains(.store(.setTags(snippetId: "s1", tags: ["sampling", "decoding", "partial"]))), "\(fx)")
        XCTAssertEqual(s.navigator.outline.snippet("s1")?.tags, ["sampling", "decoding"])
        XCTAssertEqual(s.navigator.outline.snippet("s1")?.status, .partial)
    }

    func progress() -> [ProgressProject] {
        [ProgressProject(id: "p1", title: "Roadmap", notebooks: [
            ProgressNotebook(id: "n1", title: "Models", items: [
                ProgressItem(id: "s1", title: "Sampling", status: .done, steps: StepCount(done: 3, total: 3), cards: 2),
                ProgressItem(id: "s2", title: "Attention", status: .todo, steps: StepCount(done: 1, total: 5), cards: 0),
            ], snippets: 3, snippetsWithCards: 1),
            ProgressNotebook(id: "n2", title: "Empty", items: [], snippets: 1, snippetsWithCards: 0),
        ])]
    }

    func testTheProgressViewListsItemsWithMarksStepsAndCardsAndFoldsDoneItems() {
        var s = state()
        XCTAssertEqual(Fixture.press(&s, "f8"), [.store(.loadProgress)])
        XCTAssertTrue(Fixture.screen(s).joined(separator: "\n").contains("Loading…"))
        _ = App.update(&s, .progressLoaded(progress()), now: Fixture.now)
        var screen = Fixture.screen(s).joined(separator: "\n")
        XCTAssertTrue(screen.contains("50% · 1 done · 0 partial · 1 todo"), screen)
        XCTAssertTrue(screen.contains("✓ Sampling") && screen.contains("3/3 steps · 2 cards"), screen)
        XCTAssertTrue(screen.contains("○ Attention") && screen.contains("1/5 steps · 0 cards"), screen)
        XCTAssertTrue(screen.contains("cards 1/3"), screen)
        XCTAssertFalse(screen.contains("Empty"), "a notebook without items is left out")
        Fixture.press(&s, "z")
        screen = Fixture.screen(s).joined(separator: "\n")
        XCTAssertFalse(screen.contains("✓ Sampling"), screen)
        XCTAssertTrue(screen.contains("✓ 1 done item folded"), screen)
        // The selection is on Attention: s cycles it; the navigator follows.
        guard case .progress(let o)? = s.overlay else { return XCTFail("closed") }
        XCTAssertEqual(o.selectedItem?.id, "s2")
        let fx = Fixture.press(&s, "s")
        XCTAssertTrue(fx.contains(.store(.setStatus(snippetId: "s2", status: .partial))), "\(fx)")
        XCTAssertTrue(Fixture.screen(s).joined(separator: "\n").contains("◐ Attention"))
        XCTAssertEqual(s.navigator.outline.snippet("s2")?.status, .partial)
        XCTAssertEqual(Fixture.press(&s, "enter"), [.store(.openSnippet(id: "s2", focusTerms: []))])
        XCTAssertNil(s.overlay)
    }

    func testLinkUnderTheCursor() {
        let line = "See https://arxiv.org/abs/2212.08073, or [the post](https://example.org/a_(b)) and developers.google.com/ml."
        func at(_ needle: String) -> String? {
            let r = line.range(of: needle)!
            return LinkFinder.url(in: line, atByte: line.utf8.distance(from: line.startIndex, to: r.lowerBound))
        }
        XCTAssertEqual(at("arxiv"), "https://arxiv.org/abs/2212.08073")
        XCTAssertEqual(at("2212"), "https://arxiv.org/abs/2212.08073")
        XCTAssertEqual(at("the post"), "https://example.org/a_(b)")
        XCTAssertEqual(at("example"), "https://example.org/a_(b)")
        XCTAssertEqual(at("google"), "https://developers.google.com/ml")
        XCTAssertNil(at("See"))
        XCTAssertNil(at("and"))
        XCTAssertNil(LinkFinder.url(in: "Sources/Store/Schema.swift e.g. v1.2", atByte: 3))
        XCTAssertNil(LinkFinder.url(in: "Sources/Store/Schema.swift e.g. v1.2", atByte: 28))
        XCTAssertEqual(LinkFinder.url(in: "www.sqlite.org", atByte: 0), "https://www.sqlite.org")
    }

    func testOpenURLInTheEditorAsksTheLoopAndSaysWhenThereIsNone() {
        var s = state()
        _ = App.update(&s, .snippetLoaded(SnippetDoc(id: "s1", title: "Sampling", body: "read https://example.org/x now"), focusTerms: []), now: Fixture.now)
        let none = Fixture.press(&s, "alt-o")  // the cursor is on "read"
        XCTAssertEqual(none, [.ui(.startTimer(.clearMessage, milliseconds: App.messageMs))])
        XCTAssertEqual(s.status.message?.isError, true)
        XCTAssertTrue(s.status.message?.text.hasPrefix("No web address under the cursor") == true)
        Fixture.press(&s, "right", "right", "right", "right", "right", "right")
        XCTAssertEqual(Fixture.press(&s, "alt-o"), [.ui(.openURL("https://example.org/x"))])
    }
}
