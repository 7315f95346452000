import Seeded
import Notebook
import XCTest

/// The chunker: byte ranges, size limits, fences kept whole, headings starting chunks, full coverage, UTF-8 safety.
final class ChunkerTests: XCTestCase {
    // MARK: Examples

    func testGivenShortParagraphs_whenChunked_thenTheyArePackedIntoOneChunkWithExactByteRange() {
        let body = "\n\nFirst paragraph.\n\nSecond paragraph.\n\n"
        let chunks = Chunker().chunks(of: body, kind: .markdown)
        XCTAssertEqual(chunks.count, 1)
        XCTAssertEqual(chunks[0].text, "First paragraph.\n\nSecond paragraph.")
        XCTAssertEqual(chunks[0].byteStart, 2)
        XCTAssertEqual(chunks[0].ordinal, 0)
        XCTAssertEqual(chunks[0].contentHash, ContentHash.of(chunks[0].text))
    }

    func testGivenHeadings_whenChunked_thenEachHeadingStartsAChunkAndSticksToTheBlockAfterIt() {
        let body = "Intro text.\n\n### Setup\n\nInstall it.\n\n### Use\nRun it."
        let chunks = Chunker().chunks(of: body, kind: .markdown)
        XCTAssertEqual(chunks.map(\.text), ["Intro text.", "### Setup\n\nInstall it.", "### Use\nRun it."])
        XCTAssertEqual(chunks.map(\.ordinal), [0, 1, 2])
    }

    func testGivenAFencedBlockThatFits_whenChunked_thenItIsInOneChunkEvenWhenLargerThanTheTarget() {
        let code = (1...30).map { "let value\($0) = compute(\($0))" }.joined(separator: "\n")
        let fence = "```swift\n" + code + "\n```"
        let body = "Intro paragraph.\n\n" + fence + "\n\nAfter."
        let chunker = Chunker(targetBytes: 200, maxBytes: 2000)
        XCTAssertGreaterThan(fence.utf8.count, 200)
        let chunks = chunker.chunks(of: body, kind: .markdown)
        XCTAssertTrue(chunks.contains { $0.text.contains(fence) }, "fence split: \(chunks.map(\.text))")
    }

    func testGivenABlankLineInsideAFence_whenChunked_thenTheFenceIsNotSplitThere() {
        let fence = "```python\ndef f():\n    return 1\n\n\ndef g():\n    return 2\n```"
        let chunks = Chunker(targetBytes: 20, maxBytes: 400).chunks(of: "Text.\n\n" + fence, kind: .markdown)
        XCTAssertTrue(chunks.contains { $0.text == fence }, "\(chunks.map(\.text))")
    }

    func testGivenCode_whenChunked_thenGroupsSeparatedByBlankLinesArePacked() {
        let body = String(repeating: "a = 1\nb = 2\n\n", count: 40)
        let chunks = Chunker(targetBytes: 60, maxBytes: 120).chunks(of: body, kind: .code)
        XCTAssertGreaterThan(chunks.count, 1)
        for c in chunks { XCTAssertLessThanOrEqual(c.text.utf8.count, 120) }
    }

    func testGivenAWhitespaceOnlyBody_whenChunked_thenThereAreNoChunks() {
        XCTAssertEqual(Chunker().chunks(of: "  \n\t\n\n", kind: .markdown), [])
        XCTAssertEqual(Chunker().chunks(of: "", kind: .code), [])
    }

    func testGivenOneHugeWordOfMultibyteCharacters_whenChunked_thenCutsFallOnCharacterBoundaries() {
        let body = String(repeating: "é日本👩‍💻", count: 300)
        let chunker = Chunker(targetBytes: 50, maxBytes: 64)
        let chunks = chunker.chunks(of: body, kind: .markdown)
        XCTAssertGreaterThan(chunks.count, 10)
        let bytes = Array(body.utf8)
        for c in chunks {
            XCTAssertLessThanOrEqual(c.byteEnd - c.byteStart, 64)
            XCTAssertNotNil(String(bytes: bytes[c.byteStart..<c.byteEnd], encoding: .utf8), "cut inside a UTF-8 sequence at \(c.byteStart)..<\(c.byteEnd)")
        }
        XCTAssertEqual(chunks.map(\.text).joined(), body, "a word without spaces must be covered exactly")
    }

    func testGivenCRLFLineEndings_whenChunked_thenAFenceClosesAndTheTextAfterItIsNotSwallowed() {
        // Bodies typed on Windows or piped through `recall new --stdin` keep their CRLF line endings.
        let fence = "```sh\r\necho hi\r\n```"
        let body = "Intro.\r\n\r\n" + fence + "\r\n\r\n### After the fence\r\n" + String(repeating: "more words here ", count: 20)
        let chunks = Chunker(targetBytes: 40, maxBytes: 400).chunks(of: body, kind: .markdown)
        XCTAssertTrue(chunks.contains { $0.text.hasPrefix("### After the fence") }, "heading after a CRLF fence must start a chunk: \(chunks.map(\.text))")
    }

    func testGivenAHeadingRightBeforeAFenceThatFitsOnlyAlone_whenChunked_thenTheFenceIsStillWhole() {
        let fence = "```\n" + (1...9).map { "line number \($0)" }.joined(separator: "\n") + "\n```"
        let maxBytes = fence.utf8.count + 4
        let body = "### A heading that is long enough to push it over\n" + fence
        let chunks = Chunker(targetBytes: 40, maxBytes: maxBytes).chunks(of: body, kind: .markdown)
        XCTAssertTrue(chunks.contains { $0.text.contains(fence) }, "fence of \(fence.utf8.count) bytes fits \(maxBytes) but was cut: \(chunks.map(\.text))")
    }

    // MARK: Properties over random bodies

    func testGivenRandomBodies_whenChunked_thenEveryInvariantHolds() {
        for seed in UInt64(1)...300 {
            var rng = SeededGenerator(seed: seed)
            let target = rng.int(16...300)
            let maxBytes = target + rng.int(0...300)
            let chunker = Chunker(targetBytes: target, maxBytes: maxBytes)
            let kind: SnippetKind = rng.chance(0.75) ? .markdown : .code
            let (body, fences) = RandomBody.make(&rng)
            let chunks = chunker.chunks(of: body, kind: kind)
            let context = "seed \(seed) kind \(kind) target \(target) max \(maxBytes)"
            if let problem = ChunkInvariants.check(body: body, kind: kind, chunks: chunks, maxBytes: maxBytes, fences: fences) {
                XCTFail("\(context): \(problem)\n--- body ---\n\(body)")
                return
            }
        }
    }
}

/// Random markdown/code bodies with headings, fences, lists and multibyte text (é 日本 👩‍💻).
enum RandomBody {
    static let words = ["rust", "borrow", "é", "naïve", "日本", "日本語の文", "👩‍💻", "🇫🇷", "x", "a-very-long-identifier_name",
                        "ümlaut", "résumé", "`code`", "**bold**", "1.", "-", "#tag", "emoji🎉"]

    /// A body and the fenced blocks (as exact text) it contains.
    static func make(_ rng: inout SeededGenerator, lineEnding: String = "\n") -> (String, [String]) {
        var lines: [String] = []
        var fences: [String] = []
        for _ in 0..<rng.int(0...40) {
            switch rng.int(0...9) {
            case 0: lines.append(String(repeating: "#", count: rng.int(1...4)) + " " + sentence(&rng, 1...5))
            case 1:
                var f = ["```" + rng.pick(["", "python", "sh"])]
                for _ in 0..<rng.int(0...8) { f.append(rng.chance(0.2) ? "" : "    " + sentence(&rng, 1...8)) }
                f.append("```")
                // A heading right before a fence that fits only alone is its own test above; the property leaves it out.
                var k = lines.count - 1
                while k >= 0 && lines[k].isEmpty { k -= 1 }
                let headed = k >= 0 && lines[k].hasPrefix("#") && lines[k].drop(while: { $0 == "#" }).first == " "
                fences.append(((headed ? Array(lines[k...]) : []) + f).joined(separator: lineEnding))
                lines += f
            case 2, 3: lines.append("")
            case 4: lines.append("- " + sentence(&rng, 1...10))
            case 5: lines.append(String(repeating: rng.pick(["é", "日", "👩‍💻", "a"]), count: rng.int(1...120)))
            default: lines.append(sentence(&rng, 1...40))
            }
        }
        return (lines.joined(separator: lineEnding), fences)
    }

    static func sentence(_ rng: inout SeededGenerator, _ n: ClosedRange<Int>) -> String {
        (0..<rng.int(n)).map { _ in rng.pick(words) }.joined(separator: " ")
    }
}

/// The invariants a chunking must satisfy; returns a description of the first broken one.
enum ChunkInvariants {
    static func check(body: String, kind: SnippetKind, chunks: [ChunkDraft], maxBytes: Int, fences: [String]) -> String? {
        let bytes = Array(body.utf8)
        var covered = [Bool](repeating: false, count: bytes.count)
        var lastEnd = 0
        for (i, c) in chunks.enumerated() {
            guard c.ordinal == i else { return "ordinal \(c.ordinal) at index \(i)" }
            guard c.byteStart >= lastEnd, c.byteStart < c.byteEnd, c.byteEnd <= bytes.count else {
                return "bad or overlapping range \(c.byteStart)..<\(c.byteEnd) (previous end \(lastEnd), body \(bytes.count) bytes)"
            }
            lastEnd = c.byteEnd
            guard let slice = String(bytes: bytes[c.byteStart..<c.byteEnd], encoding: .utf8) else {
                return "range \(c.byteStart)..<\(c.byteEnd) cuts inside a UTF-8 sequence"
            }
            guard slice == c.text else { return "range \(c.byteStart)..<\(c.byteEnd) does not reproduce the chunk text" }
            guard c.text.utf8.count <= maxBytes else { return "chunk \(i) has \(c.text.utf8.count) bytes > max \(maxBytes)" }
            guard c.contentHash == ContentHash.of(c.text) else { return "chunk \(i) hash is not the hash of its text" }
            guard !c.text.allSatisfy(\.isWhitespace) else { return "chunk \(i) is only whitespace" }
            for b in c.byteStart..<c.byteEnd { covered[b] = true }
        }
        // Every non-whitespace byte of the body is inside some chunk.
        for (i, b) in bytes.enumerated() where !(b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09) && !covered[i] {
            let lineStart = bytes[..<i].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
            let lineEnd = bytes[i...].firstIndex(of: 0x0A) ?? bytes.count
            return "byte \(i) not covered, in line: \(String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self))"
        }
        guard kind == .markdown else { return nil }
        // Fenced blocks that fit are whole inside one chunk.
        for f in fences where f.utf8.count <= maxBytes {
            guard chunks.contains(where: { $0.text.contains(f) }) else { return "fence split although it fits (\(f.utf8.count) bytes): \(f)" }
        }
        // Headings outside fences start a chunk.
        var inFence = false
        var offset = 0
        for rawLine in body.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(rawLine)
            if line.hasPrefix("```") { inFence.toggle() } else if !inFence, line.hasPrefix("#"), line.drop(while: { $0 == "#" }).first == " " {
                let headingBytes = line.utf8.count
                if headingBytes <= maxBytes, !chunks.contains(where: { $0.byteStart == offset }) {
                    return "heading at byte \(offset) does not start a chunk: \(line)"
                }
            }
            offset += line.utf8.count + 1
        }
        return nil
    }
}
