import XCTest
@testable import TUI

final class InputDecoderTests: XCTestCase {
    private func keys(_ s: String, flush: Bool = true) -> [InputEvent] {
        var d = InputDecoder()
        var out = d.feed(Array(s.utf8))
        if flush { out += d.flushPending() }
        return out
    }

    func testArrowsInBothCursorModes() {
        XCTAssertEqual(keys("\u{1B}[A\u{1B}OB\u{1B}[C\u{1B}OD"), [.key(KeyEvent(.up)), .key(KeyEvent(.down)), .key(KeyEvent(.right)), .key(KeyEvent(.left))])
    }

    func testModifiedKeys() {
        XCTAssertEqual(keys("\u{1B}[1;5C"), [.key(KeyEvent(.right, .ctrl))])
        XCTAssertEqual(keys("\u{1B}[1;2A"), [.key(KeyEvent(.up, .shift))])
        XCTAssertEqual(keys("\u{1B}[Z"), [.key(KeyEvent(.tab, .shift))])
        XCTAssertEqual(keys("\u{1B}[13;2~"), [.key(KeyEvent(.function(3), .shift))])
        XCTAssertEqual(keys("\u{10}\u{1A}"), [.key(.ctrl("p")), .key(.ctrl("z"))])
        XCTAssertEqual(keys("\u{1B}1"), [.key(.alt("1"))])
        XCTAssertEqual(keys("\r\t\u{7F}"), [.key(KeyEvent(.enter)), .key(KeyEvent(.tab)), .key(KeyEvent(.backspace))])
        XCTAssertEqual(keys("\u{1B}[5~\u{1B}[6~\u{1B}[3~"), [.key(KeyEvent(.pageUp)), .key(KeyEvent(.pageDown)), .key(KeyEvent(.delete))])
    }

    func testLoneEscapeWaitsThenBecomesEscape() {
        var d = InputDecoder()
        XCTAssertEqual(d.feed([0x1B]), [])
        XCTAssertTrue(d.hasPending)
        XCTAssertEqual(d.flushPending(), [.key(KeyEvent(.escape))])
    }

    func testUTF8SplitAcrossReads() {
        var d = InputDecoder()
        let bytes = Array("é日👩".utf8)
        var out: [InputEvent] = []
        for b in bytes { out += d.feed([b]) }
        XCTAssertEqual(out, [.key(.char("é")), .key(.char("日")), .key(.char("👩"))])
    }

    func testInvalidUTF8BecomesReplacementCharacter() {
        var d = InputDecoder()
        XCTAssertEqual(d.feed([0xFF, 0x41]), [.key(.char("\u{FFFD}")), .key(.char("A"))])
    }

    func testBracketedPasteIsOneEventEvenWhenSplit() {
        // Given a paste with escape bytes, CRLF and its end marker split across reads
        var d = InputDecoder()
        var out = d.feed(Array("x\u{1B}[200~line1\r\nli".utf8))
        XCTAssertTrue(d.isPasting)
        out += d.feed(Array("ne2 \u{1B}[A\u{1B}[20".utf8))
        out += d.feed(Array("1~y".utf8))
        // Then the paste arrives as one event, keys inside it are text, and typing resumes after it
        XCTAssertEqual(out, [.key(.char("x")), .paste("line1\nline2 \u{1B}[A"), .key(.char("y"))])
    }

    func testLargePasteIsFast() {
        let body = String(repeating: "0123456789abcdef\n", count: 300_000)  // ~5 MB
        var d = InputDecoder()
        var out: [InputEvent] = []
        let bytes = Array(("\u{1B}[200~" + body + "\u{1B}[201~").utf8)
        var i = 0
        while i < bytes.count {
            out += d.feed(Array(bytes[i..<min(bytes.count, i + 65536)]))
            i += 65536
        }
        XCTAssertEqual(out.count, 1)
        if case .paste(let t) = out.first { XCTAssertEqual(t.utf8.count, body.utf8.count) } else { XCTFail("no paste") }
    }
}
