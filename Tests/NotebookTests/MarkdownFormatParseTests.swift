import Notebook
import XCTest

/// Parsing Recall's markdown convention: front matter, `#` title, one snippet per `##`, fences, tags, code detection.
final class MarkdownFormatParseTests: XCTestCase {
    func testGivenFrontMatterWithTitleAndTags_whenParsed_thenNotebookTakesThem() {
        let text = """
            ---
            title: "Rust: the ownership chapter"
            tags: [Rust, Ownership, study notes]
            author: someone
            ---

            ## Borrowing
            You may have many `&T` or one `&mut T`.
            """
        let nb = MarkdownFormat.parse(text, fallbackTitle: "file")
        XCTAssertEqual(nb.title, "Rust: the ownership chapter")
        XCTAssertEqual(nb.tags, ["rust", "ownership", "study-notes"])
        XCTAssertEqual(nb.snippets, [ParsedSnippet(title: "Borrowing", body: "You may have many `&T` or one `&mut T`.")])
    }

    func testGivenNoFrontMatterButH1_whenParsed_thenH1IsTheTitleAndNotASnippet() {
        let nb = MarkdownFormat.parse("\n# SQLite notes\n\n## WAL\nReaders do not block writers.\n", fallbackTitle: "sqlite")
        XCTAssertEqual(nb.title, "SQLite notes")
        XCTAssertEqual(nb.snippets.map(\.title), ["WAL"])
        XCTAssertEqual(nb.snippets.first?.body, "Readers do not block writers.")
    }

    func testGivenFrontMatterTitleAndH1_whenParsed_thenFrontMatterWinsAndH1StaysInTheText() {
        let nb = MarkdownFormat.parse("---\ntitle: From front matter\n---\n# Big heading\nintro\n\n## A\nbody", fallbackTitle: "f")
        XCTAssertEqual(nb.title, "From front matter")
        XCTAssertEqual(nb.snippets.map(\.title), ["Overview", "A"])
        XCTAssertEqual(nb.snippets[0].body, "# Big heading\nintro")
    }

    func testGivenNoTitleAnywhere_whenParsed_thenFallbackTitleIsUsed() {
        let nb = MarkdownFormat.parse("## Only section\ntext", fallbackTitle: "my-file")
        XCTAssertEqual(nb.title, "my-file")
        XCTAssertEqual(nb.snippets.map(\.title), ["Only section"])
    }

    func testGivenSeveralLevel2Headings_whenParsed_thenOneSnippetEachInOrderAndDeeperHeadingsStayInside() {
        let text = "# T\n\n## One\nfirst\n\n### Detail\nmore\n\n## Two\nsecond\n## Three\nthird"
        let nb = MarkdownFormat.parse(text, fallbackTitle: "f")
        XCTAssertEqual(nb.snippets.map(\.title), ["One", "Two", "Three"])
        XCTAssertEqual(nb.snippets[0].body, "first\n\n### Detail\nmore")
        XCTAssertEqual(nb.snippets[1].body, "second")
        XCTAssertEqual(nb.snippets[2].body, "third")
    }

    func testGivenHeadingsWithClosingHashSequences_whenParsed_thenTheClosingHashesAreNotPartOfTheTitle() {
        // CommonMark: "## Title ##" has an optional closing sequence of any number of '#'.
        let nb = MarkdownFormat.parse("## One #\na\n## Two ##\nb\n## Three ###   \nc\n## C#\nd", fallbackTitle: "f")
        XCTAssertEqual(nb.snippets.map(\.title), ["One", "Two", "Three", "C#"])
    }

    func testGivenAFenceContainingAHeadingLine_whenParsed_thenTheSectionIsNotSplit() {
        let text = """
            ## Shell
            Run this:

            ```bash
            echo "## not a heading"
            ## also not a heading
            ```

            ~~~~
            ## inside a tilde fence
            ```
            ~~~~
            after
            ## Next
            x
            """
        let nb = MarkdownFormat.parse(text, fallbackTitle: "f")
        XCTAssertEqual(nb.snippets.map(\.title), ["Shell", "Next"])
        XCTAssertTrue(nb.snippets[0].body.contains("## also not a heading"))
        XCTAssertTrue(nb.snippets[0].body.contains("## inside a tilde fence"))
        XCTAssertTrue(nb.snippets[0].body.hasSuffix("after"))
        XCTAssertEqual(nb.snippets[0].kind, .markdown)
    }

    func testGivenATagsCommentAfterAHeading_whenParsed_thenTheSnippetIsTaggedAndTheCommentIsNotInTheBody() {
        let nb = MarkdownFormat.parse("## Cards\n<!-- tags: SRS, fsrs , Spaced Repetition -->\nbody text", fallbackTitle: "f")
        XCTAssertEqual(nb.snippets.first?.tags, ["srs", "fsrs", "spaced-repetition"])
        XCTAssertEqual(nb.snippets.first?.body, "body text")
    }

    func testGivenATagsCommentLaterInTheBody_whenParsed_thenItStaysText() {
        let nb = MarkdownFormat.parse("## Cards\nbody\n<!-- tags: x -->", fallbackTitle: "f")
        XCTAssertEqual(nb.snippets.first?.tags, [])
        XCTAssertEqual(nb.snippets.first?.body, "body\n<!-- tags: x -->")
    }

    func testGivenASectionThatIsOneFencedBlock_whenParsed_thenItIsACodeSnippetInThatLanguage() {
        let nb = MarkdownFormat.parse("## Hello\n\n```python title=x\nprint('hi')\n\n# comment\n```\n\n## Plain fence\n````\nraw\n````", fallbackTitle: "f")
        XCTAssertEqual(nb.snippets[0], ParsedSnippet(title: "Hello", kind: .code, language: "python", body: "print('hi')\n\n# comment"))
        XCTAssertEqual(nb.snippets[1], ParsedSnippet(title: "Plain fence", kind: .code, language: nil, body: "raw"))
    }

    func testGivenAFenceWithTextAroundIt_whenParsed_thenItStaysMarkdown() {
        let nb = MarkdownFormat.parse("## Mixed\nIntro\n```sh\nls\n```", fallbackTitle: "f")
        XCTAssertEqual(nb.snippets.first?.kind, .markdown)
        XCTAssertNil(nb.snippets.first?.language)
        XCTAssertEqual(nb.snippets.first?.body, "Intro\n```sh\nls\n```")
    }

    func testGivenTwoFencedBlocksBackToBack_whenParsed_thenItStaysMarkdown() {
        let nb = MarkdownFormat.parse("## Two blocks\n```sh\nls\n```\n```sh\npwd\n```", fallbackTitle: "f")
        XCTAssertEqual(nb.snippets.first?.kind, .markdown)
    }

    func testGivenCRLFLineEndings_whenParsed_thenTheResultEqualsTheLFFile() {
        let lf = "---\ntitle: Windows file\ntags: [a, b]\n---\n\n## One\n<!-- tags: x -->\nline 1\nline 2\n\n## Code\n```js\nlet a = 1;\n```\n"
        let crlf = lf.replacingOccurrences(of: "\n", with: "\r\n")
        let a = MarkdownFormat.parse(lf, fallbackTitle: "f")
        let b = MarkdownFormat.parse(crlf, fallbackTitle: "f")
        XCTAssertEqual(a, b)
        XCTAssertFalse(b.snippets.contains { $0.body.contains("\r") || $0.title.contains("\r") })
        XCTAssertEqual(b.snippets.last?.kind, .code)
    }

    func testGivenTextBeforeTheFirstHeading_whenParsed_thenItBecomesAnOverviewSnippet() {
        let nb = MarkdownFormat.parse("# Notebook\n\nSome intro.\n\n## First\nx", fallbackTitle: "f")
        XCTAssertEqual(nb.snippets.map(\.title), ["Overview", "First"])
        XCTAssertEqual(nb.snippets[0].body, "Some intro.")
    }

    func testGivenAFileWithoutLevel2Headings_whenParsed_thenTheWholeTextIsOneSnippetNamedLikeTheNotebook() {
        let nb = MarkdownFormat.parse("# Lone note\n\nJust a paragraph.\n\n### Small heading\nmore", fallbackTitle: "f")
        XCTAssertEqual(nb.snippets, [ParsedSnippet(title: "Lone note", body: "Just a paragraph.\n\n### Small heading\nmore")])
    }

    func testGivenBlankLinesAroundBodiesAndAnEmptyHeading_whenParsed_thenBodiesAreTrimmedAndTitleIsUntitled() {
        let nb = MarkdownFormat.parse("##\n\n\n   \nbody\n\n  \n## Next\n\n", fallbackTitle: "f")
        XCTAssertEqual(nb.snippets.map(\.title), ["Untitled", "Next"])
        XCTAssertEqual(nb.snippets[0].body, "body")
        XCTAssertEqual(nb.snippets[1].body, "")
    }

    func testGivenAHashtagWithoutSpace_whenParsed_thenItIsNotAHeading() {
        let nb = MarkdownFormat.parse("## A\n##not-a-heading\n#tag", fallbackTitle: "f")
        XCTAssertEqual(nb.snippets.map(\.title), ["A"])
        XCTAssertEqual(nb.snippets[0].body, "##not-a-heading\n#tag")
    }

    func testGivenANotebook_whenRendered_thenItHasFrontMatterHeadingsTagCommentsAndFences() {
        let nb = ParsedNotebook(title: "C#: tips", tags: ["lang", "dotnet"], snippets: [
            ParsedSnippet(title: "Intro", tags: ["basics"], body: "Hello *world*"),
            ParsedSnippet(title: "Fences inside", kind: .code, language: "markdown", body: "```swift\nlet x = 1\n```"),
        ])
        let text = MarkdownFormat.render(nb)
        XCTAssertTrue(text.hasPrefix("---\ntitle: \"C#: tips\"\ntags: [lang, dotnet]\n---\n"), text)
        XCTAssertTrue(text.contains("\n## Intro\n<!-- tags: basics -->\n\nHello *world*\n"), text)
        XCTAssertTrue(text.contains("\n````markdown\n```swift\nlet x = 1\n```\n````\n"), "the fence must be longer than any run inside: \(text)")
        XCTAssertEqual(MarkdownFormat.parse(text, fallbackTitle: "x"), nb)
    }
}
