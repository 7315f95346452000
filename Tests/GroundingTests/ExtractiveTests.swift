import XCTest
@testable import Grounding

final class ExtractiveTests: XCTestCase {
    func testTheBestMatchingSentencesComeFirstWithTheirCitations() {
        let sources = [
            passage(1, "# KV cache\nThe KV cache stores keys and values for every token. It grows with the context length. Unrelated words here."),
            passage(2, "Quantisation shrinks model weights. A smaller cache also needs less memory for long context."),
        ]
        let answer = Extractor.answer(question: "Why does the KV cache grow with context length?", passages: sources)
        XCTAssertFalse(answer.sentences.isEmpty)
        XCTAssertEqual(answer.sentences.first?.n, 1)
        XCTAssertTrue(answer.sentences.first!.text.contains("grows with the context length") ||
                      answer.sentences.first!.text.contains("KV cache stores"))
        XCTAssertFalse(answer.sentences.contains { $0.text == "KV cache" }, "headings are not answers")
        let report = CitationChecker.check(answer.text, passages: sources)
        XCTAssertTrue(report.grounded)
        XCTAssertTrue(report.citations.allSatisfy { $0.support == .supported })
        XCTAssertTrue(answer.text.hasPrefix("- "))
    }

    func testNothingMatchingGivesNoSentences() {
        XCTAssertEqual(Extractor.answer(question: "bananas?", passages: [passage(1, "Rayleigh scattering makes skies blue.")]).sentences, [])
        XCTAssertEqual(Extractor.answer(question: "the of and", passages: [passage(1, "the of and")]).sentences, [])
    }

    func testAtMostTwoSentencesFromOneSourceAndNoRepeats() {
        let text = "Tokens are pieces of words. Tokens are pieces of words. Tokens cost money. Tokens are counted. Tokens matter."
        let answer = Extractor.answer(question: "what are tokens", passages: [passage(1, text), passage(2, "A token is a piece of text.")])
        XCTAssertLessThanOrEqual(answer.sentences.filter { $0.n == 1 }.count, 2)
        XCTAssertEqual(Set(answer.sentences.map(\.text)).count, answer.sentences.count)
    }

    func testSentenceSplittingDropsMarkdownMarkers() {
        XCTAssertEqual(Extractor.sentences(in: "## Title\n- one thing. Two things!\n1. numbered\n```\ncode\n```\n<!-- tags: x -->\n> quoted   text"),
                       ["Title", "one thing.", "Two things!", "numbered", "quoted text"])
        XCTAssertEqual(Extractor.sentences(in: "- [x] done task\n- [ ] open task"), ["done task", "open task"])
        // A chunk that starts inside a code block: code lines are not sentences.
        XCTAssertEqual(Extractor.sentences(in: "con.execute(\"SELECT x FROM t WHERE a = ?\", (term,))\nThe cache grows (a lot)."),
                       ["The cache grows (a lot)."])
    }
}
