/// One line of a text split for diffing: its text without the line break, and whether a break followed it.
/// Lines compare by their UTF-8 bytes, so a change between canonically equal spellings (NFC/NFD) is a change.
public struct TextLine: Hashable, Sendable {
    /// The line's characters, without the terminating `\n`.
    public var text: String
    /// False only for a last line that the text does not end with `\n`.
    public var hasNewline: Bool

    /// A line with its text and whether a newline ended it.
    public init(_ text: String, hasNewline: Bool = true) {
        self.text = text
        self.hasNewline = hasNewline
    }

    /// Equal when the bytes and the newline flag are equal.
    public static func == (lhs: TextLine, rhs: TextLine) -> Bool {
        lhs.hasNewline == rhs.hasNewline && lhs.text.utf8.elementsEqual(rhs.text.utf8)
    }

    /// Hashes the UTF-8 bytes and the newline flag.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(hasNewline)
        for byte in text.utf8 { hasher.combine(byte) }
    }

    /// Splits a text into lines; an empty text has no lines, a text ending in `\n` has no empty last line.
    public static func split(_ text: String) -> [TextLine] {
        if text.isEmpty { return [] }
        var parts = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let endsWithNewline = text.hasSuffix("\n")
        if endsWithNewline { parts.removeLast() }
        return parts.enumerated().map { index, part in
            TextLine(part, hasNewline: endsWithNewline || index < parts.count - 1)
        }
    }
}

/// What a line of a diff is: kept in both texts, only in the old one, or only in the new one.
public enum DiffLineKind: Hashable, Sendable {
    /// In both texts.
    case context
    /// Only in the old text.
    case removed
    /// Only in the new text.
    case added
}

/// One line of a diff, with its line numbers (1-based) on the sides it belongs to.
public struct DiffLine: Hashable, Sendable {
    /// Context, removed or added.
    public var kind: DiffLineKind
    /// The line's text and newline flag.
    public var line: TextLine
    /// Its 1-based number in the old text (nil for an added line).
    public var oldNumber: Int?
    /// Its 1-based number in the new text (nil for a removed line).
    public var newNumber: Int?
    /// For a removed line paired with an added one (or the reverse): which parts of the line changed.
    public var segments: [InlineSegment]?

    /// A diff line; `segments` is filled by `LineDiff` for paired changed lines.
    public init(kind: DiffLineKind, line: TextLine, oldNumber: Int?, newNumber: Int?, segments: [InlineSegment]? = nil) {
        self.kind = kind
        self.line = line
        self.oldNumber = oldNumber
        self.newNumber = newNumber
        self.segments = segments
    }

    /// The line's text without the line break.
    public var text: String { line.text }
}
