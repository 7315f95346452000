import XCTest
@testable import Grounding

final class CitationTests: XCTestCase {
    func numbers(_ s: String) -> [[Int]] { CitationParser.marks(in: s).map(\.numbers) }

    func testAllCitationFormsAreRead() {
        XCTAssertEqual(numbers("Blue [1]."), [[1]])
        XCTAssertEqual(numbers("Blue [1, 2] and [3,4]."), [[1, 2], [3, 4]])
        XCTAssertEqual(numbers("Blue [1][3]."), [[1], [3]])
        XCTAssertEqual(numbers("Blue [2-4] and [5–6]."), [[2, 3, 4], [5, 6]])
        XCTAssertEqual(numbers("Blue [1, 3-4; 7]."), [[1, 3, 4, 7]])
        XCTAssertEqual(numbers("Twice [2, 2] and [4-4]"), [[2], [4]])
    }

    func testThingsThatAreNotCitations() {
        XCTAssertEqual(numbers("[x] [ ] [] [1.5] [1,] [-2] [3-1] [1-100] [a1] [1 2]"), [])
        XCTAssertEqual(numbers("a link [1](http://x) and `code [2]` and"), [])
        XCTAssertEqual(numbers("```\nlet a = b[1]\n```\nafter [3]"), [[3]])
        XCTAssertEqual(numbers("  ~~~swift\nx[0]\n  ~~~\n[4]"), [[4]])
        XCTAssertEqual(numbers("[99999999999]"), [])
    }

    func testPositionsAreCharacterOffsets() {
        let answer = "日本 café [12] ok [1, 2]"
        let marks = CitationParser.marks(in: answer)
        XCTAssertEqual(marks.map(\.range), [8..<12, 16..<22])
        let chars = Array(answer)
        XCTAssertEqual(String(chars[marks[0].range]), "[12]")
        XCTAssertEqual(String(chars[marks[1].range]), "[1, 2]")
    }

    func testNumbersOutsideTheSourcesAreUnverified() {
        let sources = [passage(1, "The sky is blue because of Rayleigh scattering."), passage(2, "Grass is green from chlorophyll.")]
        let report = CitationChecker.check("The sky is blue [1]. Grass is green [2]. Mars is red [7].", passages: sources)
        XCTAssertEqual(report.citations.map(\.n), [1, 2, 7])
        XCTAssertEqual(report.citations.map(\.verified), [true, true, false])
        XCTAssertEqual(report.unverifiedNumbers, [7])
        XCTAssertTrue(report.grounded)
        XCTAssertEqual(report.validityRate, 2.0 / 3.0, accuracy: 1e-9)
        XCTAssertNil(report.citations[2].passage)
        XCTAssertEqual(report.citations[0].passage?.snippetID, "snip-1")
    }

    func testNoVerifiedCitationIsNotGrounded() {
        let sources = [passage(1, "text")]
        XCTAssertFalse(CitationChecker.check("No citations at all.", passages: sources).grounded)
        XCTAssertFalse(CitationChecker.check("Wrong [3].", passages: sources).grounded)
        XCTAssertFalse(CitationChecker.check("Anything [1].", passages: []).grounded)
        XCTAssertEqual(CitationChecker.check("None.", passages: sources).validityRate, 1)
    }

    func testACitationSharingNoContentWordWithItsSourceIsWeak() {
        let sources = [passage(1, "Embeddings map text to vectors.", title: "Vectors"), passage(2, "FSRS schedules reviews.", title: "SRS")]
        let report = CitationChecker.check("Embedded vectors represent text [1]. Bananas are yellow [2].", passages: sources)
        XCTAssertEqual(report.citations.map(\.support), [.supported, .weak])
        XCTAssertEqual(report.weakNumbers, [2])
    }

    func testTheCitingSentenceIsTheOneBeforeTheMark() {
        let sources = [passage(1, "Rayleigh scattering"), passage(2, "chlorophyll pigment")]
        // Mark after the full stop cites the sentence before it; [1][2] share their sentence.
        let a = CitationChecker.check("Rayleigh explains it. [1] Chlorophyll too [2][1].", passages: sources)
        XCTAssertEqual(a.citations.map(\.support), [.supported, .supported, .weak])
        // Decimal points do not end a sentence.
        let b = CitationChecker.check("Rayleigh is 3.5 times stronger [1].", passages: sources)
        XCTAssertEqual(b.citations.map(\.support), [.supported])
        // Each line of a list is its own sentence.
        let c = CitationChecker.check("- Rayleigh scattering\n- green leaves [1]", passages: sources)
        XCTAssertEqual(c.citations.map(\.support), [.weak])
    }

    /// Property: parsing never crashes and every mark's range holds exactly the bracket group it reports.
    func testRandomAnswersParseToWellFormedMarks() {
        var rng = SeededGenerator(seed: 7)
        let pieces = ["[", "]", "1", "2", "12", ",", "-", "–", " ", "text", "`", "```", "\n", "(", ")", ".", "日本", "é"]
        for _ in 0..<2000 {
            let answer = (0..<Int.random(in: 0...40, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            let chars = Array(answer)
            var last = 0
            for mark in CitationParser.marks(in: answer) {
                XCTAssertGreaterThanOrEqual(mark.range.lowerBound, last)
                last = mark.range.upperBound
                XCTAssertEqual(chars[mark.range.lowerBound], "[")
                XCTAssertEqual(chars[mark.range.upperBound - 1], "]")
                XCTAssertFalse(mark.numbers.isEmpty)
                XCTAssertEqual(Set(mark.numbers).count, mark.numbers.count)
            }
            let report = CitationChecker.check(answer, passages: [passage(1, "text"), passage(2, "日本")])
            XCTAssertEqual(report.grounded, report.citations.contains { $0.n == 1 || $0.n == 2 })
        }
    }
}
