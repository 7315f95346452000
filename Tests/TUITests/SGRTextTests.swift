import TUI
import XCTest

/// Program colours: SGR sequences become styles; any other escape sequence stays in the text (to be shown, never
/// obeyed).
final class SGRTextTests: XCTestCase {
    func testColoursBecomeStylesAndOtherEscapesStayText() {
        let (runs, end) = SGRText.runs("a\u{1B}[1;31mred\u{1B}[0m \u{1B}]0;title\u{07}\u{1B}[2J\u{1B}[38;5;208mo\u{1B}[48;2;1;2;3mx")
        XCTAssertEqual(runs.map(\.text), ["a", "red", " \u{1B}]0;title\u{07}\u{1B}[2J", "o", "x"])
        XCTAssertEqual(runs[1].style, Style(fg: .ansi(1), attrs: [.bold]))
        XCTAssertEqual(runs[2].style, .plain)
        XCTAssertEqual(runs[3].style.fg, .indexed(208))
        XCTAssertEqual(runs[4].style, Style(fg: .indexed(208), bg: .rgb(1, 2, 3)))
        XCTAssertEqual(end, runs[4].style)
        XCTAssertEqual(SGRText.apply([92, 4], to: .plain), Style(fg: .ansi(10), attrs: [.underline]))
    }
}
