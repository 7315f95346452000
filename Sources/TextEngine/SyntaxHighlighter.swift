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

/// Pure syntax colouring, one line at a time, with a carried `LineState`.
public enum SyntaxHighlighter {
    /// Lines longer than this many bytes are not coloured (their state passes through unchanged), so a
    /// minified one-line file costs nothing to colour on each keystroke.
    public static let maxLineLength = 10_000

    /// Spans for one line (sorted, not overlapping) and the state for the next line.
    public static func highlight(line: String, language: Language, state: LineState) -> ([TokenSpan], LineState) {
        if line.utf8.count > maxLineLength { return ([], state) }
        switch language {
        case .plain: return ([], state)
        case .markdown: return MarkdownHighlighter.highlight(line: line, state: state)
        default:
            let scanner = CodeHighlighter(language: language)
            let (spans, code) = scanner.highlight(line: Array(line.utf8), continuation: state.code)
            var next = state
            next.code = code
            return (spans, next)
        }
    }
}
