/// Colouring for code: keywords, strings (incl. multi-line), comments, numbers, punctuation.
struct CodeHighlighter {
    /// The language's lexical rules.
    let rules: CodeRules

    /// Creates a highlighter for a language.
    init(language: Language) {
        rules = CodeRules.rules(for: language)
    }

    /// Spans for one line of bytes and the construct left open at its end.
    func highlight(line bytes: [UInt8], continuation: LineState.CodeContinuation) -> ([TokenSpan], LineState.CodeContinuation) {
        var spans: [TokenSpan] = []
        var index = 0
        let count = bytes.count
        switch continuation {
        case .none:
            break
        case .blockComment:
            guard let close = rules.blockComment?.close, let end = find(close, in: bytes, from: 0) else {
                return (count > 0 ? [TokenSpan(0..<count, .comment)] : [], .blockComment)
            }
            spans.append(TokenSpan(0..<(end + close.count), .comment))
            index = end + close.count
        case .string(let delimiter):
            let closer = Array(delimiter.utf8)
            guard let end = findUnescaped(closer, in: bytes, from: 0) else {
                return (count > 0 ? [TokenSpan(0..<count, .string)] : [], continuation)
            }
            spans.append(TokenSpan(0..<(end + closer.count), .string))
            index = end + closer.count
        }
        while index < count {
            let byte = bytes[index]
            if byte == 0x20 || byte == 0x09 { index += 1; continue }
            if rules.lineComments.contains(where: { starts(bytes, $0, at: index) }),
               !rules.commentNeedsWordStart || index == 0 || bytes[index - 1] == 0x20 || bytes[index - 1] == 0x09 {
                spans.append(TokenSpan(index..<count, .comment))
                return (spans, .none)
            }
            if let block = rules.blockComment, starts(bytes, block.open, at: index) {
                guard let end = find(block.close, in: bytes, from: index + block.open.count) else {
                    spans.append(TokenSpan(index..<count, .comment))
                    return (spans, .blockComment)
                }
                spans.append(TokenSpan(index..<(end + block.close.count), .comment))
                index = end + block.close.count
                continue
            }
            if let triple = rules.tripleQuotes.first(where: { starts(bytes, Array($0.utf8), at: index) }) {
                let closer = Array(triple.utf8)
                guard let end = findUnescaped(closer, in: bytes, from: index + closer.count) else {
                    spans.append(TokenSpan(index..<count, .string))
                    return (spans, .string(triple))
                }
                spans.append(TokenSpan(index..<(end + closer.count), .string))
                index = end + closer.count
                continue
            }
            if rules.quotes.contains(byte) {
                let multiline = rules.multilineQuotes.contains(byte)
                guard let end = findUnescaped([byte], in: bytes, from: index + 1, escapes: !(rules.rawSingleQuotes && byte == 0x27)) else {
                    spans.append(TokenSpan(index..<count, .string))
                    return (spans, multiline ? .string(String(UnicodeScalar(byte))) : .none)
                }
                var kind = TokenKind.string
                if rules.keysBeforeColon {
                    var after = end + 1
                    while after < count && (bytes[after] == 0x20 || bytes[after] == 0x09) { after += 1 }
                    if after < count && bytes[after] == UInt8(ascii: ":") { kind = .property }
                }
                spans.append(TokenSpan(index..<(end + 1), kind))
                index = end + 1
                continue
            }
            let previous: UInt8 = index > 0 ? bytes[index - 1] : 0x20
            if isDigit(byte) || (byte == UInt8(ascii: ".") && index + 1 < count && isDigit(bytes[index + 1])), !isIdentifier(previous) {
                var end = index + 1
                while end < count {
                    let current = bytes[end]
                    if isIdentifier(current) || current == UInt8(ascii: ".") {
                        end += 1
                    } else if (current == UInt8(ascii: "-") || current == UInt8(ascii: "+")),
                              bytes[end - 1] | 0x20 == UInt8(ascii: "e"), !starts(bytes, Array("0x".utf8), at: index) {
                        end += 1
                    } else {
                        break
                    }
                }
                spans.append(TokenSpan(index..<end, .number))
                index = end
                continue
            }
            if isIdentifierStart(byte) || (rules.sigils.contains(byte) && index + 1 < count && isIdentifierStart(bytes[index + 1])) {
                var end = index + 1
                while end < count && isIdentifier(bytes[end]) { end += 1 }
                let word = String(decoding: bytes[index..<end], as: UTF8.self)
                if rules.sigils.contains(byte) {
                    spans.append(TokenSpan(index..<end, rules.sigilKind))
                } else if rules.keywords.contains(rules.caseInsensitive ? word.lowercased() : word) {
                    spans.append(TokenSpan(index..<end, .keyword))
                } else if rules.capitalisedTypes, byte >= 0x41 && byte <= 0x5A {
                    spans.append(TokenSpan(index..<end, .type))
                }
                index = end
                continue
            }
            if Self.punctuation.contains(byte) {
                var end = index + 1
                while end < count && Self.punctuation.contains(bytes[end]) && !rules.lineComments.contains(where: { starts(bytes, $0, at: end) })
                        && !(rules.blockComment.map { starts(bytes, $0.open, at: end) } ?? false) { end += 1 }
                spans.append(TokenSpan(index..<end, .punctuation))
                index = end
                continue
            }
            index += 1
        }
        return (spans, .none)
    }

    /// Operator and bracket bytes.
    static let punctuation: Set<UInt8> = Set("{}[]()<>=+-*/%!&|^~?:;,.".utf8)

    /// Whether `pattern` starts at `index`.
    func starts(_ bytes: [UInt8], _ pattern: [UInt8], at index: Int) -> Bool {
        guard !pattern.isEmpty, index + pattern.count <= bytes.count else { return false }
        for offset in 0..<pattern.count where bytes[index + offset] != pattern[offset] { return false }
        return true
    }

    /// The first occurrence of `pattern` at or after `start`.
    func find(_ pattern: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while index + pattern.count <= bytes.count {
            if starts(bytes, pattern, at: index) { return index }
            index += 1
        }
        return nil
    }

    /// The first occurrence of `pattern` not escaped by a backslash.
    func findUnescaped(_ pattern: [UInt8], in bytes: [UInt8], from start: Int, escapes: Bool = true) -> Int? {
        var index = start
        while index + pattern.count <= bytes.count {
            if escapes && bytes[index] == UInt8(ascii: "\\") {
                index += 2
                continue
            }
            if starts(bytes, pattern, at: index) { return index }
            index += 1
        }
        return nil
    }

    /// ASCII digit.
    func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// Letter, `_`, or any non-ASCII byte.
    func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == UInt8(ascii: "_") || byte >= 0x80
            || (byte == UInt8(ascii: "$") && rules.dollarIdentifiers)
    }

    /// Identifier continuation.
    func isIdentifier(_ byte: UInt8) -> Bool { isIdentifierStart(byte) || isDigit(byte) }
}
