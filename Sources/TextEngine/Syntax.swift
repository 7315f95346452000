/// What a span of text is, for the app's theme to colour.
public enum TokenKind: String, Hashable, Sendable, CaseIterable {
    /// A markdown heading line.
    case heading
    /// Markdown `*emphasis*`.
    case emphasis
    /// Markdown `**strong**`.
    case strong
    /// Inline code or a fenced code line without a known language.
    case code
    /// A link or URL.
    case link
    /// A block quote.
    case quote
    /// A list bullet or number.
    case listBullet
    /// An open task box `[ ]`.
    case taskTodo
    /// A task in progress `[~]`.
    case taskPartial
    /// A done task `[x]` and its text.
    case taskDone
    /// A language keyword (or JSON literal).
    case keyword
    /// A type name (capitalised identifier) or decorator/attribute.
    case type
    /// A string literal.
    case string
    /// A comment.
    case comment
    /// A number literal.
    case number
    /// A JSON object key.
    case property
    /// Operators, brackets and markdown markers.
    case punctuation
}

/// A coloured byte range of one line.
public struct TokenSpan: Hashable, Sendable {
    /// UTF-8 offsets in the line.
    public var range: Range<Int>
    /// What the text is.
    public var kind: TokenKind

    /// Creates a span.
    public init(_ range: Range<Int>, _ kind: TokenKind) {
        self.range = range
        self.kind = kind
    }
}

/// What carries over from one line to the next (an open fence, block comment or multi-line string).
public struct LineState: Hashable, Sendable {
    /// An open markdown code fence: its marker (e.g. "```") and the language named after it.
    public var fence: Fence?
    /// An open construct in code.
    public var code: CodeContinuation = .none

    /// An open markdown code fence.
    public struct Fence: Hashable, Sendable {
        /// The opening run of backticks or tildes.
        public var marker: String
        /// The language of the fenced code, if known.
        public var language: Language?
    }

    /// A code construct that continues on the next line.
    public enum CodeContinuation: Hashable, Sendable {
        /// Nothing open.
        case none
        /// Inside a block comment.
        case blockComment
        /// Inside a string closed by this delimiter (triple quotes, template literal).
        case string(String)
    }

    /// The state at the start of a document.
    public init() {}
}

/// The languages the highlighter knows.
public enum Language: String, Hashable, Sendable, CaseIterable {
    /// Markdown prose.
    case markdown
    /// No colouring.
    case plain
    /// Python.
    case python
    /// POSIX shell / bash.
    case shell
    /// Swift.
    case swift
    /// JavaScript.
    case javascript
    /// TypeScript.
    case typescript
    /// JSON.
    case json
    /// SQL.
    case sql

    /// Recognises a language name or file extension ("py", "bash", "ts", "jsonc" …), case-insensitively.
    public init?(name: String) {
        switch name.lowercased().trimmingCharacters(in: .whitespaces) {
        case "markdown", "md": self = .markdown
        case "python", "py", "python3": self = .python
        case "shell", "sh", "bash", "zsh", "console", "shell-session": self = .shell
        case "swift": self = .swift
        case "javascript", "js", "jsx", "mjs", "cjs", "node": self = .javascript
        case "typescript", "ts", "tsx": self = .typescript
        case "json", "jsonc", "json5": self = .json
        case "sql", "sqlite", "postgres", "postgresql", "mysql": self = .sql
        case "text", "txt", "plain", "": self = .plain
        default: return nil
        }
    }
}

/// Pure syntax colouring, one line at a time, with a carried `LineState`.
public enum SyntaxHighlighter {
    /// Spans for one line (sorted, not overlapping) and the state for the next line.
    public static func highlight(line: String, language: Language, state: LineState) -> ([TokenSpan], LineState) {
        switch language {
        case .plain: return ([], state)
        case .markdown: return MarkdownHighlighter.highlight(line: line, state: state)
        default:
            var scanner = CodeHighlighter(language: language)
            let (spans, code) = scanner.highlight(line: Array(line.utf8), continuation: state.code)
            var next = state
            next.code = code
            return (spans, next)
        }
    }
}

import Foundation

extension Editor {
    /// The syntax state at the start of a line (from the cache, extended on the fly when needed).
    func syntaxState(atLine line: Int) -> LineState {
        if line < syntaxValid { return syntaxStates[line] }
        var state = syntaxStates[syntaxValid - 1]
        for index in (syntaxValid - 1)..<line {
            state = SyntaxHighlighter.highlight(line: document.lines[index], language: language, state: state).1
        }
        return state
    }

    /// Extends the valid cached line states through `line` (called after each command for the visible lines).
    /// Costs O(lines between the first edited line and the view), not O(document), after the first display.
    mutating func refreshSyntax(upTo line: Int) {
        guard language != .plain else { return }
        while syntaxValid <= line {
            let index = syntaxValid - 1
            let next = SyntaxHighlighter.highlight(line: document.lines[index], language: language, state: syntaxStates[index]).1
            if syntaxValid < syntaxStates.count {
                syntaxStates[syntaxValid] = next
            } else {
                syntaxStates.append(next)
            }
            syntaxValid += 1
        }
    }

    /// The spans of one line, for an app that draws lines itself.
    public func highlight(line: Int) -> [TokenSpan] {
        SyntaxHighlighter.highlight(line: document.lines[line], language: language, state: syntaxState(atLine: line)).0
    }
}
