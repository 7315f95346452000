import Foundation
import SRS
import TUI
import XCTest
@testable import AppCore

/// The card proposals overlay driven by keys: keep, edit (a reversed pair's twin follows), drop, close.
final class ProposalsOverlayTests: XCTestCase {
    let t0 = Fixture.now

    func arrived(_ s: inout AppState) {
        let groups = [CardDraft.basic(front: "Q1?", back: "A1"), CardDraft.reversed(front: "hund", back: "dog"),
                      try! CardDraft.cloze("{{c1::Paris}} is in {{c2::France}}")]
        _ = App.update(&s, .cardProposals(snippetId: "s1", title: "Borrowing rules", groups: groups, refused: 1), now: t0)
    }

    func testTheGenerateCommandSavesFirstAndStartsTheJob() {
        var s = Fixture.state()
        _ = App.update(&s, .snippetLoaded(SnippetDoc(id: "s1", title: "Borrowing rules", kind: .markdown, language: nil, body: "Notes", contentHash: "h"), focusTerms: []), now: t0)
        s.editor?.insert(" more")
        let fx = App.run(&s, named: "cards.generate")
        XCTAssertTrue(fx.contains { if case .store(.saveSnippet) = $0 { return true } else { return false } }, "\(fx)")
        XCTAssertTrue(fx.contains(.cards(.generate(snippetId: "s1", title: "Borrowing rules"))), "\(fx)")
    }

    func testKeepEditDropAndClose() throws {
        var s = Fixture.state()
        arrived(&s)
        var screen = Fixture.screen(s).joined(separator: "\n")
        XCTAssertTrue(screen.contains("1/3 · kept 0 · 1 refused or already present") && screen.contains("Q: Q1?"), screen)
        XCTAssertTrue(screen.contains("enter/y: keep · e: edit · del/d/n: drop · down/j: next · esc/q: close"), screen)
        var fx = Fixture.press(&s, "y")
        XCTAssertEqual(fx, [.cards(.saveProposal(snippetId: "s1", title: "Borrowing rules", drafts: CardDraft.basic(front: "Q1?", back: "A1")))])
        // Edit the reversed pair: both sides' twins follow.
        Fixture.press(&s, "e")
        screen = Fixture.screen(s).joined(separator: "\n")
        XCTAssertTrue(screen.contains("Question: hund"), screen)
        Fixture.press(&s, "backspace", "backspace", "backspace", "backspace")
        _ = App.update(&s, .paste("Hund"), now: t0)
        Fixture.press(&s, "enter")
        XCTAssertTrue(Fixture.screen(s).joined(separator: "\n").contains("Answer: dog"))
        Fixture.press(&s, "enter")
        fx = Fixture.press(&s, "enter")
        XCTAssertEqual(fx, [.cards(.saveProposal(snippetId: "s1", title: "Borrowing rules", drafts: CardDraft.reversed(front: "Hund", back: "dog")))])
        // A cloze edited without any gap is refused and stays in the editor.
        Fixture.press(&s, "e")
        for _ in 0..<40 { Fixture.press(&s, "backspace") }
        _ = App.update(&s, .paste("no gaps"), now: t0)
        Fixture.press(&s, "enter")
        XCTAssertEqual(s.status.message?.isError, true)
        Fixture.press(&s, "esc")
        fx = Fixture.press(&s, "n")
        XCTAssertEqual(fx.count, 1, "dropping stores nothing, only the closing message: \(fx)")
        XCTAssertNil(s.overlay)
        XCTAssertEqual(s.status.message?.text, "Kept 2 of 3 proposed cards")
    }

    func testProposalsThatArriveOverAnotherOverlayWaitForTheCommand() {
        var s = Fixture.state()
        _ = Fixture.press(&s, "f1")
        arrived(&s)
        guard case .help? = s.overlay else { return XCTFail("the help stays open") }
        XCTAssertTrue(s.status.message?.text.contains("Show card proposals") == true)
        Fixture.press(&s, "esc")
        _ = App.run(&s, named: "cards.proposals")
        guard case .proposals(let o)? = s.overlay else { return XCTFail("opened") }
        XCTAssertEqual(o.proposals.count, 3)
    }
}
