import Testing
@testable import TextEngine

@Suite struct TextDocumentTests {
    @Test(arguments: ["", "a", "a\n", "a\nb", "a\nb\n", "\n\n", "a\r\nb\r\n", "a\r\nb", "é 日本 → 👩‍💻\nx", "tab\there\n", "cr\ralone\n"])
    func loadingAndSavingRoundTripsExactly(text: String) {
        #expect(TextDocument(text).text == text)
    }

    @Test func linesAreSplitOnLFAndCRLF() {
        let document = TextDocument("one\r\ntwo\r\nthree")
        #expect(document.lines == ["one", "two", "three"])
        #expect(document.lineEnding == .crlf)
        #expect(!document.hadMixedLineEndings)
    }

    @Test func mixedLineEndingsAreNormalisedToTheFirstOneAndReported() {
        let document = TextDocument("a\r\nb\nc")
        #expect(document.hadMixedLineEndings)
        #expect(document.text == "a\r\nb\r\nc")
    }

    @Test func aLoneCarriageReturnStaysInTheLine() {
        let document = TextDocument("a\rb\n")
        #expect(document.lines == ["a\rb", ""])
    }

    @Test func replaceWithinOneLine() {
        var document = TextDocument("hello world")
        let range = document.replace(TextRange(TextPosition(line: 0, offset: 6), TextPosition(line: 0, offset: 11)), with: "日本")
        #expect(document.text == "hello 日本")
        #expect(range.upper == TextPosition(line: 0, offset: 12))
    }

    @Test func replaceAcrossLinesWithMultilineText() {
        var document = TextDocument("one\ntwo\nthree")
        let range = document.replace(TextRange(TextPosition(line: 0, offset: 1), TextPosition(line: 2, offset: 2)), with: "X\nY\nZ")
        #expect(document.lines == ["oX", "Y", "Zree"])
        #expect(range.upper == TextPosition(line: 2, offset: 1))
        #expect(document.text(in: range) == "X\nY\nZ")
    }

    @Test func editsInvertExactlyEvenWhenTheyMergeClusters() {
        var document = TextDocument("e\nx")
        let edit = Edit(range: TextRange(at: TextPosition(line: 0, offset: 1)), inserted: "\u{301}", removed: "")
        document.apply(edit)
        #expect(document.lines[0] == "é")
        #expect(document.lines[0].count == 1)
        document.apply(edit.inverse)
        #expect(document.text == "e\nx")
    }

    @Test func graphemeNavigationNeverStopsInsideAnEmojiSequence() {
        let document = TextDocument("a👩‍💻b")
        let afterA = document.position(after: .zero)
        let afterEmoji = document.position(after: afterA)
        #expect(afterEmoji.offset == 1 + "👩‍💻".utf8.count)
        #expect(document.position(before: afterEmoji) == afterA)
        #expect(document.snap(TextPosition(line: 0, offset: 3)) == afterA)
    }

    @Test func wordBoundaries() {
        let document = TextDocument("let value = foo_bar(42)")
        #expect(document.wordEnd(after: .zero).offset == 3)
        #expect(document.wordEnd(after: TextPosition(line: 0, offset: 3)).offset == 9)
        #expect(document.wordStart(before: TextPosition(line: 0, offset: 19)).offset == 12)
        #expect(document.wordRange(at: TextPosition(line: 0, offset: 14)) == TextRange(TextPosition(line: 0, offset: 12), TextPosition(line: 0, offset: 19)))
    }
}

@Suite struct TextOffsetTests {
    @Test func textOffsetsMapToPositionsAndBackWithEitherLineEnding() {
        for text in ["one\ntwo 日本\nthree", "one\r\ntwo 日本\r\nthree"] {
            let document = TextDocument(text)
            let target = text.range(of: "日本")!.lowerBound
            let offset = text.utf8.distance(from: text.startIndex, to: target)
            let position = document.position(forTextOffset: offset)
            #expect(position == TextPosition(line: 1, offset: 4))
            #expect(document.textOffset(of: position) == offset)
            #expect(document.position(forTextOffset: 10_000) == document.end)
            // An offset inside a cluster rounds down to its start.
            #expect(document.position(forTextOffset: offset + 1) == position)
        }
    }
}
