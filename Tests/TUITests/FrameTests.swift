import TextEngine
import XCTest
@testable import TUI

final class FrameTests: XCTestCase {
    func testWideCharactersTakeTwoCellsAndLinesReadBack() {
        // Given a frame, when text with accents, CJK, an arrow and an emoji ZWJ sequence is drawn
        var f = Frame(width: 20, height: 1)
        let end = f.put("é 日本 → 👩‍💻!", x: 0, y: 0, style: .plain)
        // Then the line reads back as typed and widths add up (é 1, space 1, 日本 4, space 1, → 1, space 1, emoji 2, ! 1)
        XCTAssertEqual(f.line(0), "é 日本 → 👩‍💻!")
        XCTAssertEqual(end, 12)
        XCTAssertEqual(f[2, 0].width, 2)
        XCTAssertTrue(f[3, 0].isContinuation)
    }

    func testOverwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var f = Frame(width: 6, height: 1)
        f.put("日本", x: 0, y: 0, style: .plain)
        f.put("x", x: 1, y: 0, style: .plain)  // lands on the right half of 日
        XCTAssertEqual(f.line(0), " x本")
        XCTAssertFalse(f[0, 0].isContinuation)
        XCTAssertEqual(f[0, 0].width, 1)
    }

    func testWideCharacterThatDoesNotFitIsPadded() {
        var f = Frame(width: 3, height: 1)
        f.put("ab日", x: 0, y: 0, style: .plain)
        XCTAssertEqual(f.line(0), "ab")
        XCTAssertEqual(f[2, 0].width, 1)
    }

    func testControlCharactersNeverReachACell() {
        // Given note text carrying an escape sequence (title change + clear screen) and C1 controls
        var f = Frame(width: 40, height: 1)
        f.put("a\u{1B}]0;pwned\u{07}\u{1B}[2Jb\u{9B}c", x: 0, y: 0, style: .plain)
        // Then no cell holds a control character
        for x in 0..<40 {
            for s in f[x, 0].char.unicodeScalars {
                XCTAssertFalse(s.value < 0x20 || (0x7F...0x9F).contains(s.value), "control U+\(String(s.value, radix: 16)) at \(x)")
            }
        }
        XCTAssertTrue(f.line(0).hasPrefix("a^["))
    }

    func testClippingStopsAtMaxX() {
        var f = Frame(width: 10, height: 1)
        f.put("abcdefgh", x: 2, y: 0, style: .plain, maxX: 5)
        XCTAssertEqual(f.line(0), "  abc")
    }

    func testBoxDrawsBordersAndTitle() {
        var f = Frame(width: 12, height: 3)
        f.box(f.bounds, style: .plain, borderStyle: .plain, title: "Hi")
        XCTAssertEqual(f.lines, ["┌─ Hi ─────┐", "│          │", "└──────────┘"])
    }
}

final class FrameDiffTests: XCTestCase {
    func testIdenticalFramesWriteNothing() {
        var a = Frame(width: 10, height: 3)
        a.put("hello", x: 0, y: 1, style: .plain)
        XCTAssertTrue(FrameDiff.runs(from: a, to: a).isEmpty)
    }

    func testOneChangedCellWritesOneCell() {
        var a = Frame(width: 80, height: 24)
        a.put("hello world", x: 0, y: 5, style: .plain)
        var b = a
        b.put("J", x: 0, y: 5, style: .plain)
        let runs = FrameDiff.runs(from: a, to: b)
        XCTAssertEqual(runs.count, 1)
        XCTAssertEqual(runs[0].y, 5)
        XCTAssertEqual(runs[0].x, 0)
        XCTAssertEqual(FrameDiff.cellCount(runs), 1)
    }

    func testChangingTheRightHalfOfAWideCharacterRewritesItsLeftHalf() {
        var a = Frame(width: 10, height: 1)
        a.put("日本", x: 0, y: 0, style: .plain)
        var b = a
        b.put("xy", x: 1, y: 0, style: .plain)
        let runs = FrameDiff.runs(from: a, to: b)
        XCTAssertEqual(runs.first?.x, 0, "the run starts at the wide character's left half")
        // Applying the runs to the old frame gives the new one.
        var applied = a
        for r in runs { for (i, c) in r.cells.enumerated() where !c.isContinuation { applied.set(x: r.x + i, y: r.y, c) } }
        XCTAssertEqual(applied.lines, b.lines)
    }

    func testSizeChangeRedrawsEverything() {
        let a = Frame(width: 10, height: 2)
        let b = Frame(width: 12, height: 2)
        XCTAssertEqual(FrameDiff.runs(from: a, to: b).count, 2)
        XCTAssertEqual(FrameDiff.cellCount(FrameDiff.runs(from: nil, to: b)), 24)
    }
}
