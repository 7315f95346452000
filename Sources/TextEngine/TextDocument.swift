import Foundation

/// How lines end when the document is saved.
public enum LineEnding: String, Hashable, Sendable {
    /// `\n` (Unix).
    case lf
    /// `\r\n` (Windows).
    case crlf

    /// The separator text.
    public var separator: String { self == .lf ? "\n" : "\r\n" }
}

/// The lines of a document, stored as an array of strings without their line endings.
///
/// Loading splits on `\n` and `\r\n`. The document remembers the first line ending it saw and joins with
/// it on save, so a file with consistent endings (either style) round-trips byte for byte, including a
/// missing or present final newline (a final newline is an empty last line). Mixed endings are normalised
/// to the first one seen (`hadMixedLineEndings` says so). A lone `\r` is not a line break: it stays in the
/// line and is drawn as `^M`. Editing one line costs O(length of that line); inserting or removing lines
/// moves array slots (pointer-sized, a memmove), never line contents.
public struct TextDocument: Hashable, Sendable {
    /// The lines, without line endings; never empty (an empty document is one empty line).
    public private(set) var lines: [String]
    /// The line ending used when saving.
    public var lineEnding: LineEnding
    /// Whether the loaded text mixed `\n` and `\r\n` (saving normalises to `lineEnding`).
    public private(set) var hadMixedLineEndings: Bool

    /// Loads a document from text.
    public init(_ text: String) {
        var lines: [String] = []
        var lf = 0
        var crlf = 0
        var first: LineEnding?
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            var index = 0
            let count = bytes.count
            while index < count {
                if bytes[index] == 0x0A {
                    var end = index
                    if end > start && bytes[end - 1] == 0x0D {
                        end -= 1
                        crlf += 1
                        if first == nil { first = .crlf }
                    } else {
                        lf += 1
                        if first == nil { first = .lf }
                    }
                    lines.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
                    start = index + 1
                }
                index += 1
            }
            lines.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<count]), as: UTF8.self))
        }
        self.lines = lines
        self.lineEnding = first ?? .lf
        self.hadMixedLineEndings = lf > 0 && crlf > 0
    }

    /// Loads a document from raw bytes; invalid UTF-8 becomes U+FFFD (drawn as such, never as raw bytes).
    public init(bytes: some Collection<UInt8>) {
        self.init(String(decoding: bytes, as: UTF8.self))
    }

    /// The whole text, lines joined with `lineEnding` (what to save).
    public var text: String { lines.joined(separator: lineEnding.separator) }

    /// Number of lines (at least 1).
    public var lineCount: Int { lines.count }

    /// The text of a line (clamped to the document).
    public func line(_ index: Int) -> String { lines[max(0, min(index, lines.count - 1))] }

    /// UTF-8 length of a line.
    public func length(ofLine index: Int) -> Int { lines[index].utf8.count }

    /// The first position of the document.
    public var start: TextPosition { .zero }

    /// The last position of the document.
    public var end: TextPosition { TextPosition(line: lines.count - 1, offset: lines[lines.count - 1].utf8.count) }

    /// Total UTF-8 size of the text with `\n` endings.
    public var utf8Count: Int { lines.reduce(lines.count - 1) { $0 + $1.utf8.count } }

    /// The string index of a byte offset in a line.
    static func index(in line: String, offset: Int) -> String.Index {
        line.utf8.index(line.utf8.startIndex, offsetBy: offset)
    }

    /// The byte offset of a string index in a line.
    static func offset(in line: String, of index: String.Index) -> Int {
        line.utf8.distance(from: line.utf8.startIndex, to: index)
    }

    /// The text in a range, lines joined with `\n`.
    public func text(in range: TextRange) -> String {
        let lower = clampRaw(range.lower)
        let upper = clampRaw(range.upper)
        if lower.line == upper.line {
            let line = lines[lower.line]
            return String(decoding: line.utf8[Self.index(in: line, offset: lower.offset)..<Self.index(in: line, offset: upper.offset)], as: UTF8.self)
        }
        var out = ""
        let first = lines[lower.line]
        out += String(decoding: first.utf8[Self.index(in: first, offset: lower.offset)...], as: UTF8.self)
        for index in (lower.line + 1)..<upper.line {
            out += "\n"
            out += lines[index]
        }
        out += "\n"
        let last = lines[upper.line]
        out += String(decoding: last.utf8[..<Self.index(in: last, offset: upper.offset)], as: UTF8.self)
        return out
    }

    /// A position clamped into the document (line and offset), without grapheme snapping.
    public func clampRaw(_ position: TextPosition) -> TextPosition {
        if position.line < 0 { return .zero }
        if position.line >= lines.count { return end }
        return TextPosition(line: position.line, offset: max(0, min(position.offset, lines[position.line].utf8.count)))
    }

    /// The position just after `text` if it were inserted at `position`.
    public static func endPosition(inserting text: String, at position: TextPosition) -> TextPosition {
        var line = position.line
        var lastLineLength = 0
        var sawNewline = false
        for byte in text.utf8 {
            if byte == 0x0A {
                line += 1
                lastLineLength = 0
                sawNewline = true
            } else {
                lastLineLength += 1
            }
        }
        return TextPosition(line: line, offset: sawNewline ? lastLineLength : position.offset + lastLineLength)
    }

    /// Replaces the text in `range` with `text` (`\n` separates lines) and returns the range now holding `text`.
    @discardableResult
    public mutating func replace(_ range: TextRange, with text: String) -> TextRange {
        let lower = clampRaw(range.lower)
        let upper = clampRaw(range.upper)
        let hasNewline = text.utf8.contains(0x0A)
        if lower.line == upper.line && !hasNewline {
            let line = lines[lower.line]
            let from = Self.index(in: line, offset: lower.offset)
            let to = Self.index(in: line, offset: upper.offset)
            lines[lower.line].unicodeScalars.replaceSubrange(from..<to, with: text.unicodeScalars)
            return TextRange(lower, TextPosition(line: lower.line, offset: lower.offset + text.utf8.count))
        }
        let firstLine = lines[lower.line]
        let lastLine = lines[upper.line]
        let prefix = Substring(firstLine.utf8[..<Self.index(in: firstLine, offset: lower.offset)])
        let suffix = Substring(lastLine.utf8[Self.index(in: lastLine, offset: upper.offset)...])
        var pieces = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(Substring($0)) }
        pieces[0] = String(prefix) + pieces[0]
        let lastLength = pieces[pieces.count - 1].utf8.count
        pieces[pieces.count - 1] += suffix
        let endLine = lower.line + pieces.count - 1
        let endOffset = pieces.count == 1 ? lower.offset + text.utf8.count : lastLength
        lines.replaceSubrange(lower.line...upper.line, with: pieces)
        return TextRange(lower, TextPosition(line: endLine, offset: endOffset))
    }
}
