import Notebook
import XCTest

/// Turning user text into FTS5 queries: phrases, exclusion, prefix, stop words, and safe quoting.
final class SearchQueryTests: XCTestCase {
    func testGivenPlainWords_whenParsed_thenEachIsAQuotedTermJoinedByAND() {
        let q = SearchQuery("borrow checker")
        XCTAssertEqual(q.terms.map(\.words), [["borrow"], ["checker"]])
        XCTAssertEqual(q.ftsExpression(matchAll: true), "(\"borrow\" AND \"checker\")")
        XCTAssertEqual(q.ftsExpression(matchAll: false), "(\"borrow\" OR \"checker\")")
    }

    func testGivenAQuotedPhrase_whenParsed_thenItIsOnePhraseTerm() {
        let q = SearchQuery("\"write ahead log\" sqlite")
        XCTAssertEqual(q.terms.map(\.words), [["write", "ahead", "log"], ["sqlite"]])
        XCTAssertEqual(q.ftsExpression(matchAll: true), "(\"write ahead log\" AND \"sqlite\")")
    }

    func testGivenAnUnclosedQuote_whenParsed_thenThePhraseRunsToTheEnd() {
        XCTAssertEqual(SearchQuery("\"fts5 ranking").terms.map(\.words), [["fts5", "ranking"]])
    }

    func testGivenAMinusBeforeAWordOrPhrase_whenParsed_thenItIsExcluded() {
        let q = SearchQuery("rust -unsafe -\"raw pointers\"")
        XCTAssertEqual(q.terms.map(\.words), [["rust"]])
        XCTAssertEqual(q.excluded.map(\.words), [["unsafe"], ["raw", "pointers"]])
        XCTAssertEqual(q.ftsExpression(matchAll: true), "\"rust\" NOT \"unsafe\" NOT \"raw pointers\"")
    }

    func testGivenAHyphenInsideAWord_whenParsed_thenTheSecondPartIsNotExcluded() {
        let q = SearchQuery("state-of-the-art")
        XCTAssertTrue(q.excluded.isEmpty)
        XCTAssertEqual(q.terms.map(\.words).flatMap { $0 }, ["state", "art"])
    }

    func testGivenAStar_whenParsed_thenTheTermIsAPrefix() {
        let q = SearchQuery("embed* model")
        XCTAssertEqual(q.terms.first?.words, ["embed"])
        XCTAssertEqual(q.terms.first?.prefix, true)
        XCTAssertEqual(q.terms.last?.prefix, false)
        XCTAssertEqual(q.ftsExpression(matchAll: true), "(\"embed\" * AND \"model\")")
    }

    func testGivenStopWords_whenParsed_thenTheyAreDroppedUnlessNothingElseRemains() {
        XCTAssertEqual(SearchQuery("how does the borrow checker work with a closure").terms.map(\.words),
                       [["borrow"], ["checker"], ["work"], ["closure"]])
        XCTAssertEqual(SearchQuery("The Who").terms.map(\.words), [["The"], ["Who"]])
        XCTAssertEqual(SearchQuery("\"the\"").terms.map(\.words), [["the"]], "a quoted stop word is kept")
    }

    func testGivenFTSSyntaxAsText_whenParsed_thenOperatorsBecomeQuotedWordsAndPunctuationIsDropped() {
        let q = SearchQuery("a AND b OR NOT NEAR(c d, 3) col:e ^f (((")
        for t in q.terms { XCTAssertFalse(t.words.joined().contains { "()\":^*,".contains($0) }) }
        let expr = q.ftsExpression(matchAll: true) ?? ""
        // Every bare word is inside quotes: removing quoted strings leaves only connectives, parentheses and stars.
        let unquoted = expr.replacingOccurrences(of: "\"[^\"]*\"", with: "", options: .regularExpression)
        XCTAssertTrue(unquoted.split(separator: " ").allSatisfy { ["AND", "OR", "NOT", "*", "(", ")", "()"].contains(String($0)) || $0.allSatisfy { "()".contains($0) } }, expr)
    }

    func testGivenOnlyPunctuation_whenParsed_thenTheQueryIsEmpty() {
        for text in ["", "   ", "\"", "***", "-", "(((", ":", "^", "\"\"", "- - -", "\u{0}\u{7}"] {
            let q = SearchQuery(text)
            XCTAssertTrue(q.isEmpty, text.debugDescription)
            XCTAssertNil(q.ftsExpression(matchAll: true))
        }
    }

    func testGivenUnicodeWords_whenParsed_thenLettersDigitsAndCombiningMarksStayInOneWord() {
        XCTAssertEqual(SearchQuery("café 日本語 e\u{301}t\u{e9} x2").terms.map(\.words), [["café"], ["日本語"], ["e\u{301}t\u{e9}"], ["x2"]])
    }

    func testGivenAVeryLongQuery_whenParsed_thenTermsAreCapped() {
        let q = SearchQuery((0..<500).map { "word\($0)" }.joined(separator: " ") + " " + (0..<50).map { "-no\($0)" }.joined(separator: " "))
        XCTAssertLessThanOrEqual(q.terms.count, 32)
        XCTAssertLessThanOrEqual(q.excluded.count, 16)
    }

    func testGivenAnExcerptWithMarkers_whenSplitAndRendered_thenHitsAreMarked() {
        let marked = "the \(Excerpt.open)borrow\(Excerpt.close) checker and \(Excerpt.open)lifetimes\(Excerpt.close)."
        let runs = Excerpt.runs(marked)
        XCTAssertEqual(runs.map(\.text), ["the ", "borrow", " checker and ", "lifetimes", "."])
        XCTAssertEqual(runs.map(\.hit), [false, true, false, true, false])
        XCTAssertEqual(Excerpt.render(marked, open: "**", close: "**"), "the **borrow** checker and **lifetimes**.")
    }
}
