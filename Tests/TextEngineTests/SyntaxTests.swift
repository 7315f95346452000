import Testing
@testable import TextEngine

/// The text of each span of a line, with its kind, e.g. `["# Title": .heading]` as pairs.
func tokens(_ lines: [String], _ language: Language) -> [[(String, TokenKind)]] {
    var state = LineState()
    var out: [[(String, TokenKind)]] = []
    for line in lines {
        let (spans, next) = SyntaxHighlighter.highlight(line: line, language: language, state: state)
        out.append(spans.map { (String(Substring(line.utf8.dropFirst($0.range.lowerBound).prefix($0.range.count))), $0.kind) })
        state = next
    }
    return out
}

/// The kind of the span holding `text` in a line's tokens.
func kind(of text: String, in line: [(String, TokenKind)]) -> TokenKind? {
    line.first { $0.0 == text }?.1
}

@Suite struct SyntaxTests {
    @Test func markdownBlocks() {
        let result = tokens(["# Title", "> quoted *em*", "- [ ] todo", "- [~] doing", "- [x] done", "1. first", "---"], .markdown)
        #expect(kind(of: "# Title", in: result[0]) == .heading)
        #expect(kind(of: "> ", in: result[1]) == .punctuation)
        #expect(kind(of: "*em*", in: result[1]) == .emphasis)
        #expect(kind(of: "quoted ", in: result[1]) == .quote)
        #expect(kind(of: "-", in: result[2]) == .listBullet)
        #expect(kind(of: "[ ]", in: result[2]) == .taskTodo)
        #expect(kind(of: "[~]", in: result[3]) == .taskPartial)
        #expect(kind(of: "[x] done", in: result[4]) == .taskDone)
        #expect(kind(of: "1.", in: result[5]) == .listBullet)
        #expect(kind(of: "---", in: result[6]) == .punctuation)
    }

    @Test func markdownInline() {
        let line = tokens(["Use `code`, **bold**, _it_, [link](http://x.y) and https://example.com now"], .markdown)[0]
        #expect(kind(of: "`code`", in: line) == .code)
        #expect(kind(of: "**bold**", in: line) == .strong)
        #expect(kind(of: "_it_", in: line) == .emphasis)
        #expect(kind(of: "[link](http://x.y)", in: line) == .link)
        #expect(kind(of: "https://example.com", in: line) == .link)
        let snake = tokens(["snake_case_name stays plain"], .markdown)[0]
        #expect(snake.isEmpty)
    }

    @Test func fencedCodeIsHighlightedInItsLanguageAndEnds() {
        let result = tokens(["```python", "def f(): # note", "```", "# heading again", "```", "plain fence", "```"], .markdown)
        #expect(kind(of: "def", in: result[1]) == .keyword)
        #expect(kind(of: "# note", in: result[1]) == .comment)
        #expect(kind(of: "```", in: result[2]) == .punctuation)
        #expect(kind(of: "# heading again", in: result[3]) == .heading)
        #expect(kind(of: "plain fence", in: result[5]) == .code)
    }

    @Test func pythonTripleQuotedStringsSpanLines() {
        let result = tokens(["x = \"\"\"start", "# not a comment", "end\"\"\" + 1  # comment"], .python)
        #expect(kind(of: "\"\"\"start", in: result[0]) == .string)
        #expect(kind(of: "# not a comment", in: result[1]) == .string)
        #expect(kind(of: "end\"\"\"", in: result[2]) == .string)
        #expect(kind(of: "1", in: result[2]) == .number)
        #expect(kind(of: "# comment", in: result[2]) == .comment)
    }

    @Test func shellCommentsNeedAWordStart() {
        let line = tokens(["echo $HOME a#b 'it''s' # done"], .shell)[0]
        #expect(kind(of: "echo", in: line) == nil)
        #expect(kind(of: "$HOME", in: line) == .property)
        #expect(kind(of: "# done", in: line) == .comment)
        #expect(!line.contains { $0.0.contains("#b") })
        #expect(kind(of: "'it'", in: line) == .string)
    }

    @Test func swiftAndJavaScriptBlockCommentsSpanLines() {
        let swift = tokens(["let x: Int = 0x1F /* open", "still */ return \"s\\\"q\""], .swift)
        #expect(kind(of: "let", in: swift[0]) == .keyword)
        #expect(kind(of: "Int", in: swift[0]) == .type)
        #expect(kind(of: "0x1F", in: swift[0]) == .number)
        #expect(kind(of: "/* open", in: swift[0]) == .comment)
        #expect(kind(of: "still */", in: swift[1]) == .comment)
        #expect(kind(of: "return", in: swift[1]) == .keyword)
        #expect(kind(of: "\"s\\\"q\"", in: swift[1]) == .string)
        let js = tokens(["const t = `a", "b` // c"], .typescript)
        #expect(kind(of: "`a", in: js[0]) == .string)
        #expect(kind(of: "b`", in: js[1]) == .string)
        #expect(kind(of: "// c", in: js[1]) == .comment)
    }

    @Test func jsonKeysValuesAndLiterals() {
        let line = tokens(["{\"name\": \"x\", \"n\": -1.5e3, \"ok\": true}"], .json)[0]
        #expect(kind(of: "\"name\"", in: line) == .property)
        #expect(kind(of: "\"x\"", in: line) == .string)
        #expect(kind(of: "1.5e3", in: line) == .number)
        #expect(kind(of: "true", in: line) == .keyword)
    }

    @Test func sqlKeywordsIgnoreCase() {
        let line = tokens(["SELECT name FROM t where id = 'a' -- note"], .sql)[0]
        #expect(kind(of: "SELECT", in: line) == .keyword)
        #expect(kind(of: "where", in: line) == .keyword)
        #expect(kind(of: "'a'", in: line) == .string)
        #expect(kind(of: "-- note", in: line) == .comment)
    }

    @Test func languageNamesAndAliases() {
        #expect(Language(name: "py") == .python)
        #expect(Language(name: "Bash") == .shell)
        #expect(Language(name: "tsx") == .typescript)
        #expect(Language(name: "cobol") == nil)
        #expect(Editor(text: "", kind: .code, language: "cobol").language == .plain)
    }

    @Test func spansAreSortedAndInsideTheLine() {
        let lines = ["# h", "**a** *b* `c` [d](e) <http://f>", "- [x] g", "```js", "let a = 'x' // y", "```", "> q",
                     "<!-- c", "x --> *y* <!-- z --> w", "| a | `b` | c", "|--|--|", "x <!-- y --> z"]
        var state = LineState()
        for line in lines {
            let (spans, next) = SyntaxHighlighter.highlight(line: line, language: .markdown, state: state)
            var last = 0
            for span in spans {
                #expect(span.range.lowerBound >= last && span.range.upperBound <= line.utf8.count && !span.range.isEmpty)
                last = span.range.upperBound
            }
            state = next
        }
    }

    @Test func editorRecomputesStatesAfterAnEditOpensAComment() {
        var editor = makeEditor("|a\nb\nc", kind: .code, language: "swift")
        editor.setViewport(width: 20, height: 5)
        #expect(editor.highlight(line: 2).isEmpty)
        editor.apply(.insert("/*"), now: t0)
        #expect(editor.highlight(line: 2).map(\.kind) == [.comment])
        #expect(editor.visibleRows()[2].cells.first?.token == .comment)
        editor.apply(.undo, now: at(1))
        #expect(editor.visibleRows()[2].cells.first?.token == nil)
    }
}

@Suite struct MarkdownExtrasTests {
    @Test func htmlCommentsSpanLines() {
        let result = tokens(["before <!-- not at start", "<!-- open", "still *hidden*", "done --> after **b**", "# Title"], .markdown)
        #expect(!result[0].contains { $0.1 == .comment })
        #expect(kind(of: "<!-- open", in: result[1]) == .comment)
        #expect(kind(of: "still *hidden*", in: result[2]) == .comment)
        #expect(kind(of: "done -->", in: result[3]) == .comment)
        #expect(kind(of: "**b**", in: result[3]) == .strong)
        #expect(kind(of: "# Title", in: result[4]) == .heading)
    }

    @Test func tablesAndSetextUnderlines() {
        let result = tokens(["| a | **b** |", "|---|:-:|", "Title", "====="], .markdown)
        #expect(result[0].filter { $0.0 == "|" }.count == 3)
        #expect(kind(of: "**b**", in: result[0]) == .strong)
        #expect(kind(of: "---", in: result[1]) == .punctuation)
        #expect(kind(of: "=====", in: result[3]) == .punctuation)
    }
}

@Suite struct MarkdownBackspaceTests {
    @Test func backspaceAfterABulletRemovesTheMarker() {
        var editor = makeEditor("  - [ ] |")
        editor.apply(.deleteBackward, now: t0)
        #expect(marked(editor) == "  |")
        editor = makeEditor("- x|")
        editor.apply(.deleteBackward, now: t0)
        #expect(marked(editor) == "- |")
        editor.apply(.deleteBackward, now: at(5))
        #expect(marked(editor) == "|")
    }
}
