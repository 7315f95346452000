import Seeded
import Notebook
import XCTest

/// Property: for any notebook `parse` can produce, `parse(render(x)) == x` (export then import loses nothing).
final class MarkdownFormatRoundTripTests: XCTestCase {
    func testGivenRandomNotebooks_whenRenderedAndParsedBack_thenTheyAreEqual() {
        for seed in UInt64(1)...400 {
            var rng = SeededGenerator(seed: seed)
            let nb = NotebookGenerator.notebook(&rng)
            let text = MarkdownFormat.render(nb)
            let back = MarkdownFormat.parse(text, fallbackTitle: "fallback")
            if back != nb {
                XCTFail("seed \(seed): round trip differs\n--- rendered ---\n\(text)\n--- first difference ---\n\(NotebookGenerator.firstDifference(nb, back))")
                return
            }
        }
    }

    func testGivenRandomNotebooksWithoutTrailingBlankCodeLines_whenRoundTripped_thenTheyAreEqual() {
        // The same property with the one known-lossy shape (code ending in an empty line) left out, so that any
        // other loss still shows here while that one is reported by its own test below.
        for seed in UInt64(5000)...5400 {
            var rng = SeededGenerator(seed: seed)
            let nb = NotebookGenerator.notebook(&rng, trailingBlankCodeLines: false)
            let text = MarkdownFormat.render(nb)
            let back = MarkdownFormat.parse(text, fallbackTitle: "fallback")
            if back != nb {
                XCTFail("seed \(seed): round trip differs\n--- rendered ---\n\(text)\n--- first difference ---\n\(NotebookGenerator.firstDifference(nb, back))")
                return
            }
        }
    }

    func testGivenRandomNotebooks_whenRenderedTwice_thenTheTextIsIdentical() {
        for seed in UInt64(1000)...1100 {
            var rng = SeededGenerator(seed: seed)
            let nb = NotebookGenerator.notebook(&rng)
            let once = MarkdownFormat.render(nb)
            let twice = MarkdownFormat.render(MarkdownFormat.parse(once, fallbackTitle: "x"))
            XCTAssertEqual(once, twice, "seed \(seed)")
        }
    }

    func testGivenACodeSnippetWhoseCodeEndsWithABlankLine_whenRoundTripped_thenTheBlankLineIsKept() {
        // parse itself produces this value from a fence whose last code line is empty.
        let parsed = MarkdownFormat.parse("## Code\n```python\nprint(1)\n\n```", fallbackTitle: "f")
        XCTAssertEqual(parsed.snippets.first?.body, "print(1)\n")
        XCTAssertEqual(MarkdownFormat.parse(MarkdownFormat.render(parsed), fallbackTitle: "f"), parsed)
    }

    func testGivenCodeWithLongBacktickRuns_whenRendered_thenTheFenceIsLongerAndTheCodeSurvives() {
        let body = "````\n  ```` indented\n`````five\ninline ``` run"
        let nb = ParsedNotebook(title: "Fences", snippets: [ParsedSnippet(title: "Meta", kind: .code, language: "md", body: body)])
        let text = MarkdownFormat.render(nb)
        XCTAssertTrue(text.contains("``````md\n"), text)
        XCTAssertEqual(MarkdownFormat.parse(text, fallbackTitle: "f"), nb)
    }
}

/// Generates notebooks in the domain of `MarkdownFormat.parse`: trimmed one-line titles, normalised tags, markdown
/// bodies without level-2 headings outside fences and without surrounding blank lines, code with backtick runs.
enum NotebookGenerator {
    static let words = ["rust", "borrow", "SQLite", "WAL", "é", "naïve", "日本語", "👩‍💻", "x", "C#", "a:b", "50%", "`tick`",
                        "*star*", "_u_", "[link](http://x)", "<tag>", "&amp;", "\\", "\"q\"", "'s", "#hash", "--", "~", "|", "{}"]
    static let languages: [String?] = [nil, "python", "bash", "swift", "c++", "objective-c", "sh"]

    static func title(_ rng: inout SeededGenerator) -> String {
        var parts: [String] = []
        for _ in 0..<rng.int(1...5) { parts.append(rng.pick(words)) }
        var t = parts.joined(separator: rng.chance(0.8) ? " " : ": ")
        if rng.chance(0.1) { t = rng.pick(["\"", "'", "-", "*", "!", "[", "{", "&", "%", "@", "|", ">", "`", "#"]) + t }
        return t
    }

    static func tags(_ rng: inout SeededGenerator) -> [String] {
        guard rng.chance(0.5) else { return [] }
        var out: [String] = []
        for _ in 0..<rng.int(1...4) {
            let t = rng.pick(["rust", "sql", "fts5", "study-notes", "ml", "é-t", "日本", "v2", "c-sharp"])
            if !out.contains(t) { out.append(t) }
        }
        return out
    }

    static func line(_ rng: inout SeededGenerator) -> String {
        var parts: [String] = []
        for _ in 0..<rng.int(1...8) { parts.append(rng.pick(words)) }
        let text = parts.joined(separator: " ")
        switch rng.int(0...9) {
        case 0: return "- " + text
        case 1: return "### " + text
        case 2: return "    " + text + "  "
        case 3: return "> " + text
        case 4: return "1. " + text
        case 5: return "#" + text.replacingOccurrences(of: " ", with: "")
        default: return text
        }
    }

    static func fence(_ rng: inout SeededGenerator) -> [String] {
        let marker = rng.chance(0.7) ? String(repeating: "`", count: rng.int(3...5)) : "~~~"
        var out = [marker + (rng.pick(languages) ?? "")]
        for _ in 0..<rng.int(0...4) {
            out.append(rng.chance(0.3) ? "## inside the fence " + rng.pick(words) : line(&rng))
        }
        out.append(marker)
        return out
    }

    static func markdownBody(_ rng: inout SeededGenerator) -> String {
        var lines: [String] = []
        for _ in 0..<rng.int(0...6) {
            switch rng.int(0...5) {
            case 0: lines += fence(&rng)
            case 1: lines.append(rng.chance(0.5) ? "" : "   ")
            default: lines.append(line(&rng))
            }
        }
        while let f = lines.first, f.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeFirst() }
        while let l = lines.last, l.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
        // A markdown body is never only one fenced block (that would be a code snippet).
        if let first = lines.first, first.hasPrefix("```") || first.hasPrefix("~~~") { lines.insert("Intro " + rng.pick(words), at: 0) }
        return lines.joined(separator: "\n")
    }

    static func codeBody(_ rng: inout SeededGenerator, trailingBlankLine: Bool) -> String {
        var lines: [String] = []
        for _ in 0..<rng.int(0...6) {
            switch rng.int(0...7) {
            case 0: lines.append(String(repeating: "`", count: rng.int(1...7)) + rng.pick(["", "js", " x"]))
            case 1: lines.append("  " + String(repeating: "`", count: rng.int(3...6)))
            case 2: lines.append("")
            case 3: lines.append("## a heading-looking comment")
            case 4: lines.append("~~~")
            default: lines.append("\t" + line(&rng))
            }
        }
        if !trailingBlankLine { while lines.last == "" { lines.removeLast() } }
        return lines.joined(separator: "\n")
    }

    static func notebook(_ rng: inout SeededGenerator, trailingBlankCodeLines: Bool = true) -> ParsedNotebook {
        var snippets: [ParsedSnippet] = []
        for _ in 0..<rng.int(0...5) {
            if rng.chance(0.35) {
                snippets.append(ParsedSnippet(title: title(&rng), kind: .code, language: rng.pick(languages), tags: tags(&rng), body: codeBody(&rng, trailingBlankLine: trailingBlankCodeLines)))
            } else {
                snippets.append(ParsedSnippet(title: title(&rng), kind: .markdown, tags: tags(&rng), body: markdownBody(&rng)))
            }
        }
        return ParsedNotebook(title: title(&rng), tags: tags(&rng), snippets: snippets)
    }

    static func firstDifference(_ a: ParsedNotebook, _ b: ParsedNotebook) -> String {
        if a.title != b.title { return "title \(a.title.debugDescription) vs \(b.title.debugDescription)" }
        if a.tags != b.tags { return "tags \(a.tags) vs \(b.tags)" }
        if a.snippets.count != b.snippets.count { return "snippet count \(a.snippets.count) vs \(b.snippets.count): \(b.snippets.map(\.title))" }
        for (x, y) in zip(a.snippets, b.snippets) where x != y {
            return "snippet\n  expected \(x)\n  actual   \(y)"
        }
        return "none"
    }
}
