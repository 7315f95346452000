import Foundation
import Notebook
import TUI
import XCTest
@testable import AppCore

/// Ctrl-Q quits from every overlay. The search box, the palette, the assistant's menu and the history view used to
/// swallow it (only Esc first, then Ctrl-Q, quit), while help, jobs and progress quit at once.
final class QuitFromOverlayTests: XCTestCase {
    private func opened() -> AppState {
        var s = Fixture.state()
        _ = App.update(&s, .snippetLoaded(SnippetDoc(id: "s2", title: "double.py", kind: .code, language: "python",
                                                     body: "print(1)\n", contentHash: "h0"), focusTerms: []), now: Fixture.now)
        return s
    }

    func testGivenAnyOverlayOpen_whenCtrlQIsPressed_thenTheAppQuits() {
        for opener in ["ctrl-f", "ctrl-p", "alt-e", "alt-h", "f1", "f7", "f8"] {
            var s = opened()
            Fixture.press(&s, opener)
            XCTAssertNotNil(s.overlay, "\(opener) opens an overlay")
            let fx = Fixture.press(&s, "ctrl-q")
            XCTAssertEqual(fx.last, .ui(.quit), "ctrl-q with the overlay of \(opener) open: \(fx)")
        }
    }

    func testGivenTheSearchBox_whenQIsTyped_thenItTypesAndDoesNotQuit() {
        var s = opened()
        Fixture.press(&s, "ctrl-f")
        let fx = Fixture.type(&s, "q")
        XCTAssertFalse(fx.contains(.ui(.quit)))
        guard case .search(let o)? = s.overlay else { return XCTFail("the search box stays open") }
        XCTAssertEqual(o.input.text, "q")
    }
}
