import Foundation
import Seeded
import TextDiff
import XCTest

/// Large texts: a note rewritten from top to bottom used to take Myers' O((N+M)·D) time on the app's main thread
/// (a 20,000-line note froze the history view — and Ctrl-Q — for over a minute). Large stretches are now split on
/// lines unique to both sides; the diff still rebuilds both texts exactly and keeps the lines that did not change.
final class LargeDiffTests: XCTestCase {
    /// Diffs on a background thread and waits with a generous deadline (a hang fails instead of stalling the suite).
    private func diff(_ old: String, _ new: String, file: StaticString = #filePath, line: UInt = #line) throws -> LineDiff {
        final class Box: @unchecked Sendable { var diff: LineDiff? }
        let box = Box(), done = DispatchSemaphore(value: 0)
        Thread.detachNewThread { box.diff = LineDiff(old: old, new: new); done.signal() }
        XCTAssertEqual(done.wait(timeout: .now() + 120), .success, "the diff did not finish within 120 s", file: file, line: line)
        return try XCTUnwrap(box.diff, file: file, line: line)
    }

    private func rebuild(_ lines: [DiffLine]) -> String {
        lines.map { $0.text + ($0.line.hasNewline ? "\n" : "") }.joined()
    }

    func testGivenARewrittenFiftyThousandLineNote_whenDiffed_thenItFinishesAndRebuildsBothTexts() throws {
        let old = (0..<50_000).map { "old line \($0) " + String(repeating: "x", count: $0 % 40) }.joined(separator: "\n") + "\n"
        let new = (0..<50_000).map { "new line \($0) " + String(repeating: "y", count: $0 % 40) }.joined(separator: "\n") + "\n"
        let d = try diff(old, new)
        XCTAssertEqual(rebuild(d.lines.filter { $0.kind != .added }), old)
        XCTAssertEqual(rebuild(d.lines.filter { $0.kind != .removed }), new)
        XCTAssertEqual(d.removedCount, 50_000)
        XCTAssertEqual(d.addedCount, 50_000)
    }

    func testGivenScatteredEditsInALargeNoteWithRepeatedLines_whenDiffed_thenOnlyTheEditedLinesChange() throws {
        var random = SeededGenerator(seed: 7)
        let common = ["", "}", "    return x", "{"]
        var lines = (0..<30_000).map { i in i % 3 == 0 ? common[i % common.count] : "line \(i) of the note" }
        let old = lines.joined(separator: "\n") + "\n"
        var changed = 0
        for _ in 0..<150 {
            let at = random.int(0...(lines.count - 1))
            switch random.int(0...2) {
            case 0: lines[at] = "edited \(at)"; changed += 2
            case 1: lines.insert("inserted \(at)", at: at); changed += 1
            default: lines.remove(at: at); changed += 1
            }
        }
        // And one large block moved from the end to the start.
        let block = Array(lines[25_000..<26_000])
        lines.removeSubrange(25_000..<26_000)
        lines.insert(contentsOf: block, at: 100)
        let new = lines.joined(separator: "\n") + "\n"
        let d = try diff(old, new)
        XCTAssertEqual(rebuild(d.lines.filter { $0.kind != .added }), old)
        XCTAssertEqual(rebuild(d.lines.filter { $0.kind != .removed }), new)
        XCTAssertLessThanOrEqual(d.addedCount + d.removedCount, changed + 2 * 1_000 + 200,
                                 "the unchanged lines stay context (at most the edits and the moved block change)")
    }
}
