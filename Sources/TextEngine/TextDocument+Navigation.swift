/// Grapheme, word and indentation navigation over a document. Every result is on a grapheme boundary.
extension TextDocument {
    /// The class of a character for word motions.
    enum CharClass: Equatable {
        case word, space, punctuation
    }

    /// Classifies a character: letters, digits and `_` form words; whitespace; everything else punctuation.
    static func charClass(_ character: Character) -> CharClass {
        if character.isWhitespace { return .space }
        if character.isLetter || character.isNumber || character == "_" { return .word }
        return .punctuation
    }

    /// The position clamped into the document and rounded down to a grapheme boundary.
    public func snap(_ position: TextPosition) -> TextPosition {
        let raw = clampRaw(position)
        let line = lines[raw.line]
        if raw.offset == 0 || raw.offset == line.utf8.count { return raw }
        // Between two ASCII bytes there is always a grapheme break (except CR LF): walk clusters only from the
        // last such place before the offset, so this is cheap on mostly-ASCII lines however long they are.
        let start = Self.lastASCIIBreak(in: line, atOrBefore: raw.offset)
        if start == raw.offset { return raw }
        let target = Self.index(in: line, offset: raw.offset)
        var index = Self.index(in: line, offset: start)
        while index < line.endIndex {
            let next = line.index(after: index)
            if next > target { break }
            index = next
        }
        return TextPosition(line: raw.line, offset: Self.offset(in: line, of: index))
    }

    /// The greatest offset `<= offset` that is certainly a grapheme boundary because it lies between two
    /// ASCII bytes (not CR LF), or 0.
    static func lastASCIIBreak(in line: String, atOrBefore offset: Int) -> Int {
        let utf8 = line.utf8
        var position = offset
        var index = utf8.index(utf8.startIndex, offsetBy: offset)
        while position > 0 {
            let previous = utf8.index(before: index)
            let before = utf8[previous]
            if index < utf8.endIndex {
                let after = utf8[index]
                if before < 0x80 && after < 0x80 && !(before == 0x0D && after == 0x0A) { return position }
            }
            index = previous
            position -= 1
        }
        return 0
    }

    /// Whether a position lies on a grapheme boundary of its line.
    public func isBoundary(_ position: TextPosition) -> Bool {
        snap(position) == position
    }

    /// The next grapheme boundary after a position; the start of the next line at a line end.
    public func position(after position: TextPosition) -> TextPosition {
        let line = lines[position.line]
        if position.offset >= line.utf8.count {
            return position.line + 1 < lines.count ? TextPosition(line: position.line + 1, offset: 0) : position
        }
        let next = line.index(after: Self.index(in: line, offset: position.offset))
        return TextPosition(line: position.line, offset: Self.offset(in: line, of: next))
    }

    /// The previous grapheme boundary before a position; the end of the previous line at a line start.
    public func position(before position: TextPosition) -> TextPosition {
        if position.offset == 0 {
            return position.line > 0 ? TextPosition(line: position.line - 1, offset: lines[position.line - 1].utf8.count) : position
        }
        let line = lines[position.line]
        let previous = line.index(before: Self.index(in: line, offset: position.offset))
        return TextPosition(line: position.line, offset: Self.offset(in: line, of: previous))
    }

    /// The character just after a position in its line, if any.
    public func character(at position: TextPosition) -> Character? {
        let line = lines[position.line]
        guard position.offset < line.utf8.count else { return nil }
        return line[Self.index(in: line, offset: position.offset)]
    }

    /// The character just before a position in its line, if any.
    public func character(before position: TextPosition) -> Character? {
        guard position.offset > 0 else { return nil }
        let line = lines[position.line]
        return line[line.index(before: Self.index(in: line, offset: position.offset))]
    }

    /// The end of the next word (crossing whitespace and line breaks), like Ctrl-Right.
    public func wordEnd(after position: TextPosition) -> TextPosition {
        var current = position
        // Cross whitespace and line ends first.
        while true {
            if let character = character(at: current) {
                if Self.charClass(character) != .space { break }
                current = self.position(after: current)
            } else if current.line + 1 < lines.count {
                current = self.position(after: current)
                if current.offset == 0 && current != position { break }
            } else {
                return current
            }
        }
        guard let first = character(at: current) else { return current }
        let kind = Self.charClass(first)
        while let character = character(at: current), Self.charClass(character) == kind {
            current = self.position(after: current)
        }
        return current
    }

    /// The start of the previous word (crossing whitespace and line breaks), like Ctrl-Left.
    public func wordStart(before position: TextPosition) -> TextPosition {
        var current = position
        while true {
            if let character = character(before: current) {
                if Self.charClass(character) != .space { break }
                current = self.position(before: current)
            } else if current.line > 0 {
                current = self.position(before: current)
                if current != position { return current }
            } else {
                return current
            }
        }
        guard let last = character(before: current) else { return current }
        let kind = Self.charClass(last)
        while let character = character(before: current), Self.charClass(character) == kind {
            current = self.position(before: current)
        }
        return current
    }

    /// The word (or run of punctuation or spaces) around a position.
    public func wordRange(at position: TextPosition) -> TextRange {
        let probe = character(at: position) ?? character(before: position)
        guard let probe else { return TextRange(at: position) }
        let kind = Self.charClass(probe)
        var lower = position
        while let character = character(before: lower), Self.charClass(character) == kind {
            lower = self.position(before: lower)
        }
        var upper = position
        while let character = character(at: upper), Self.charClass(character) == kind {
            upper = self.position(after: upper)
        }
        return TextRange(lower, upper)
    }

    /// The leading whitespace of a line.
    public func indentation(ofLine index: Int) -> Substring {
        let line = lines[index]
        return line.prefix { $0 == " " || $0 == "\t" }
    }

    /// The offset of the first non-blank character of a line (its length when blank).
    public func firstNonBlank(ofLine index: Int) -> Int {
        indentation(ofLine: index).utf8.count
    }

    /// The position of a UTF-8 byte offset into `text` (as saved, with this document's line endings), e.g. a
    /// chunk's byte range in a snippet body; clamped and rounded down to a grapheme boundary. O(lines).
    public func position(forTextOffset offset: Int) -> TextPosition {
        let separator = lineEnding.separator.utf8.count
        var remaining = max(offset, 0)
        for (index, line) in lines.enumerated() {
            let length = line.utf8.count
            if remaining <= length { return snap(TextPosition(line: index, offset: remaining)) }
            remaining -= length + separator
            if remaining < 0 { return TextPosition(line: index, offset: length) }
        }
        return end
    }

    /// The UTF-8 byte offset of a position in `text` (as saved, with this document's line endings). O(lines).
    public func textOffset(of position: TextPosition) -> Int {
        let clamped = clampRaw(position)
        let separator = lineEnding.separator.utf8.count
        return lines[..<clamped.line].reduce(0) { $0 + $1.utf8.count + separator } + clamped.offset
    }
}
