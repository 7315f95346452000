import Foundation
import Seeded
import TextDiff
import XCTest

/// Line diffs, hunks, unified text and word-level changes, checked against what a user reads and what `patch` applies.
final class TextDiffTests: XCTestCase {
    func testGivenOneChangedLine_whenDiffed_thenTheUnifiedTextHasOneHunkWithThreeLinesOfContext() {
        let old = (1...10).map { "line \($0)" }.joined(separator: "\n") + "\n"
        let new = old.replacingOccurrences(of: "line 5\n", with: "line five\n")
        let diff = LineDiff(old: old, new: new)
        XCTAssertEqual(diff.addedCount, 1)
        XCTAssertEqual(diff.removedCount, 1)
        XCTAssertEqual(diff.unified(oldName: "a/x", newName: "b/x"), """
        --- a/x
        +++ b/x
        @@ -2,7 +2,7 @@
         line 2
         line 3
         line 4
        -line 5
        +line five
         line 6
         line 7
         line 8

        """)
    }

    func testGivenEqualTexts_whenDiffed_thenNoHunksAndNoText() {
        let diff = LineDiff(old: "a\nb\n", new: "a\nb\n")
        XCTAssertTrue(diff.isEmpty)
        XCTAssertEqual(diff.hunks(), [])
        XCTAssertEqual(diff.unified(), "")
    }

    func testGivenChangesFarApart_whenDiffed_thenTwoHunks_andCloseChangesShareOne() {
        let old = (1...30).map { "l\($0)" }.joined(separator: "\n") + "\n"
        let far = old.replacingOccurrences(of: "l3\n", with: "X\n").replacingOccurrences(of: "l25\n", with: "Y\n")
        XCTAssertEqual(LineDiff(old: old, new: far).hunks().map(\.header), ["@@ -1,6 +1,6 @@", "@@ -22,7 +22,7 @@"])
        let near = old.replacingOccurrences(of: "l3\n", with: "X\n").replacingOccurrences(of: "l9\n", with: "Y\n")
        XCTAssertEqual(LineDiff(old: old, new: near).hunks().map(\.header), ["@@ -1,12 +1,12 @@"])
        XCTAssertEqual(LineDiff(old: old, new: near).hunks(context: 0).map(\.header), ["@@ -3 +3 @@", "@@ -9 +9 @@"])
    }

    func testGivenAnEmptyOldText_whenDiffed_thenTheHunkStartsAtZeroOnTheOldSide() {
        let diff = LineDiff(old: "", new: "a\nb\n")
        XCTAssertEqual(diff.hunks().map(\.header), ["@@ -0,0 +1,2 @@"])
        XCTAssertEqual(LineDiff(old: "a\n", new: "").hunks().map(\.header), ["@@ -1 +0,0 @@"])
    }

    func testGivenAMissingFinalNewline_whenDiffed_thenTheMarkerLineIsWritten() {
        let text = LineDiff(old: "a\nb", new: "a\nb\n").unified()
        XCTAssertEqual(text, "--- a\n+++ b\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n")
    }

    func testGivenAChangedLine_whenDiffed_thenOnlyTheChangedWordsAreMarkedOnBothSides() {
        let diff = LineDiff(old: "let total = price * count\n", new: "let total = price * quantity\n")
        let removed = diff.lines.first { $0.kind == .removed }!, added = diff.lines.first { $0.kind == .added }!
        XCTAssertEqual(removed.segments, [InlineSegment("let total = price * ", changed: false), InlineSegment("count", changed: true)])
        XCTAssertEqual(added.segments, [InlineSegment("let total = price * ", changed: false), InlineSegment("quantity", changed: true)])
    }

    func testGivenMoreAddedThanRemovedLines_whenDiffed_thenOnlyPairedLinesGetSegments() {
        let diff = LineDiff(old: "a\nold line\nz\n", new: "a\nnew line\nextra\nz\n")
        XCTAssertEqual(diff.lines.map(\.kind), [.context, .removed, .added, .added, .context])
        XCTAssertNotNil(diff.lines[1].segments)
        XCTAssertNotNil(diff.lines[2].segments)
        XCTAssertNil(diff.lines[3].segments, "an added line with no removed partner is wholly new")
    }

    func testGivenWideAndCombiningCharacters_whenWordsDiffed_thenSegmentsJoinBackToTheLines() {
        let old = "日本語 の テキスト café 👍🏽", new = "日本語 は テキスト cafe\u{301} 👍🏽!"
        let (a, b) = WordDiff.segments(old: old, new: new)
        XCTAssertEqual(Array(a.map(\.text).joined().utf8), Array(old.utf8))
        XCTAssertEqual(Array(b.map(\.text).joined().utf8), Array(new.utf8))
        XCTAssertTrue(b.contains(InlineSegment("cafe\u{301}", changed: true)), "NFD is a byte change from NFC: \(b)")
        XCTAssertFalse(LineDiff(old: "café\n", new: "cafe\u{301}\n").isEmpty)
        XCTAssertEqual(WordDiff.tokens("foo_bar(x, 42)"), ["foo_bar", "(", "x", ",", " ", "42", ")"])
    }

    /// Random edits of random texts: the diff rebuilds both texts, its counts agree with its lines, and the
    /// unified text applied by `patch` turns the old file into the new one byte for byte.
    func testGivenRandomEdits_whenDiffed_thenTheDiffRebuildsBothTextsAndPatchAppliesIt() throws {
        var random = SeededGenerator(seed: 12)
        let words = ["alpha", "beta", "gamma", "delta", "", "    indented", "x = 1", "return y", "}", "日本"]
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("textdiff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for round in 0..<60 {
            var lines = (0..<random.int(0...25)).map { _ in random.pick(words) }
            let old = lines.joined(separator: "\n") + (random.chance(0.8) || lines.isEmpty ? (lines.isEmpty ? "" : "\n") : "")
            for _ in 0..<random.int(0...6) {
                switch random.int(0...2) {
                case 0: lines.insert(random.pick(words), at: random.int(0...lines.count))
                case 1: if !lines.isEmpty { lines.remove(at: random.int(0...(lines.count - 1))) }
                default: if !lines.isEmpty { lines[random.int(0...(lines.count - 1))] = random.pick(words) + "!" }
                }
            }
            let new = lines.joined(separator: "\n") + (random.chance(0.8) && !lines.isEmpty ? "\n" : "")
            let diff = LineDiff(old: old, new: new)
            XCTAssertEqual(rebuild(diff.lines.filter { $0.kind != .added }), old, "round \(round)")
            XCTAssertEqual(rebuild(diff.lines.filter { $0.kind != .removed }), new, "round \(round)")
            XCTAssertEqual(diff.isEmpty, old == new)

            let file = dir.appendingPathComponent("f\(round).txt"), patchFile = dir.appendingPathComponent("p\(round).diff")
            try Data(old.utf8).write(to: file)
            try Data(diff.unified(context: random.int(0...3)).utf8).write(to: patchFile)
            if !diff.isEmpty {
                let status = try run("/usr/bin/patch", ["--quiet", "--force", file.path, patchFile.path])
                XCTAssertEqual(status, 0, "patch refused round \(round):\n\(diff.unified())")
            }
            XCTAssertEqual(try String(contentsOf: file, encoding: .utf8), new, "round \(round)")
        }
    }

    private func rebuild(_ lines: [DiffLine]) -> String {
        lines.map { $0.text + ($0.line.hasNewline ? "\n" : "") }.joined()
    }

    private func run(_ path: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
