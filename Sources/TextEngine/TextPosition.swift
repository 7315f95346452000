/// A place in a document: a line index and a UTF-8 byte offset into that line.
///
/// Offsets are bytes so that every edit is exactly invertible even when it changes grapheme boundaries
/// (typing a combining mark after `e`). Cursor and selection ends are always kept on grapheme boundaries.
public struct TextPosition: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Zero-based line index.
    public var line: Int
    /// UTF-8 byte offset within the line.
    public var offset: Int

    /// Creates a position from a line index and a UTF-8 byte offset.
    public init(line: Int, offset: Int) {
        self.line = line
        self.offset = offset
    }

    /// The start of the document.
    public static let zero = TextPosition(line: 0, offset: 0)

    /// Orders positions by line, then by offset.
    public static func < (lhs: TextPosition, rhs: TextPosition) -> Bool {
        lhs.line != rhs.line ? lhs.line < rhs.line : lhs.offset < rhs.offset
    }

    /// `line:offset`, for messages and test failures.
    public var description: String { "\(line):\(offset)" }
}

/// A half-open range of text between two positions, `lower <= upper`.
public struct TextRange: Hashable, Sendable, CustomStringConvertible {
    /// The first position in the range.
    public var lower: TextPosition
    /// The position just past the range.
    public var upper: TextPosition

    /// Creates a range from two positions in any order.
    public init(_ a: TextPosition, _ b: TextPosition) {
        lower = min(a, b)
        upper = max(a, b)
    }

    /// An empty range at a position.
    public init(at position: TextPosition) {
        lower = position
        upper = position
    }

    /// Whether the range holds no text.
    public var isEmpty: Bool { lower == upper }

    /// `lower..<upper`, for messages and test failures.
    public var description: String { "\(lower)..<\(upper)" }
}

/// A selection: the fixed `anchor` and the moving `head` (the cursor). Empty when they are equal.
public struct Selection: Hashable, Sendable, CustomStringConvertible {
    /// The end that stays put while extending.
    public var anchor: TextPosition
    /// The end that moves: the cursor.
    public var head: TextPosition

    /// Creates a selection from an anchor and a head.
    public init(anchor: TextPosition, head: TextPosition) {
        self.anchor = anchor
        self.head = head
    }

    /// A caret (empty selection) at a position.
    public init(caret: TextPosition) {
        anchor = caret
        head = caret
    }

    /// Whether nothing is selected.
    public var isEmpty: Bool { anchor == head }

    /// The selected range, ordered.
    public var range: TextRange { TextRange(anchor, head) }

    /// `anchor->head`, for messages and test failures.
    public var description: String { "\(anchor)->\(head)" }
}
