import Foundation
import Notebook
import SRS
import XCTest
@testable import AppCore

/// Alt-C / Alt-B / Alt-V in the editor: the effects they ask for (the store's side is tested on a real database).
final class SelectionCardTests: XCTestCase {
    let t0 = Fixture.now
    let body = "# Borrowing\n\nOne mutable or many shared references."

    func editing() -> AppState {
        var s = Fixture.state()
        _ = App.update(&s, .snippetLoaded(SnippetDoc(id: "s1", title: "Borrowing rules", body: body, contentHash: ContentHash.of(body)), focusTerms: []), now: t0)
        return s
    }

    func testClozeOfAnUnsavedEditSavesFirstThenNamesTheSavedTextAndTheByteRange() throws {
        var s = editing()
        Fixture.press(&s, "ctrl-end")
        Fixture.type(&s, " Ünïcode")
        Fixture.press(&s, "shift-left", "shift-left", "shift-left", "shift-left", "shift-left", "shift-left", "shift-left")
        let fx = Fixture.press(&s, "alt-c")
        let text = body + " Ünïcode"
        XCTAssertEqual(fx.count, 3, "\(fx)")
        guard fx.count == 3, case .cards(.fromSelection(let r)) = fx[2] else { return XCTFail("save, then the card: \(fx)") }
        var saved: String?
        if case .store(let e) = fx[1], case .saveSnippet(id: _, body: let b, generation: _, basedOn: _, origin: _) = e { saved = b }
        XCTAssertEqual(saved, text)
        XCTAssertEqual(r.contentHash, ContentHash.of(text), "the store checks it holds the text the selection was made in")
        XCTAssertEqual(r.kind, .cloze)
        let bytes = Array(text.utf8)
        XCTAssertEqual(String(decoding: bytes[r.start..<r.end], as: UTF8.self), "Ünïcode")
    }

    func testBasicAndReversedAskForTheQuestionAndNothingSelectedIsRefused() throws {
        var s = editing()
        XCTAssertEqual(Fixture.press(&s, "alt-b").count, 1, "only the message")
        XCTAssertEqual(s.status.message?.isError, true)
        XCTAssertNil(s.overlay)
        Fixture.press(&s, "ctrl-end", "shift-left", "shift-left", "shift-left", "shift-left", "shift-left", "shift-left", "shift-left", "shift-left", "shift-left", "shift-left", "shift-left")
        XCTAssertTrue(Fixture.press(&s, "alt-v").isEmpty)
        XCTAssertTrue(Fixture.screen(s).joined(separator: "\n").contains("Reversed card — question for “references.”"))
        Fixture.type(&s, "What does Rust lend?")
        let fx = Fixture.press(&s, "enter")
        guard case .cards(.fromSelection(let r))? = fx.last else { return XCTFail("\(fx)") }
        XCTAssertEqual(r.kind, .reversed(prompt: "What does Rust lend?"))
        XCTAssertEqual(String(decoding: Array(body.utf8)[r.start..<r.end], as: UTF8.self), "references.")
    }
}
