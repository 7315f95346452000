/// Markdown colouring: block structure per line (fences, headings, quotes, lists, tasks) and inline spans.
enum MarkdownHighlighter {
    /// Spans for one markdown line and the state for the next.
    static func highlight(line: String, state: LineState) -> ([TokenSpan], LineState) {
        let bytes = Array(line.utf8)
        var next = state
        var indent = 0
        while indent < bytes.count && indent < 4 && bytes[indent] == 0x20 { indent += 1 }
        let body = bytes[min(indent, bytes.count)...]

        if state.fence == nil && state.code == .blockComment {
            // Inside an HTML comment `<!-- … -->`.
            guard let close = find(Array("-->".utf8), in: bytes, from: 0) else {
                return (bytes.isEmpty ? [] : [TokenSpan(0..<bytes.count, .comment)], next)
            }
            next.code = .none
            var rest = highlight(line: String(decoding: bytes[(close + 3)...], as: UTF8.self), state: next)
            rest.0 = [TokenSpan(0..<(close + 3), .comment)] + rest.0.map { TokenSpan(($0.range.lowerBound + close + 3)..<($0.range.upperBound + close + 3), $0.kind) }
            return rest
        }
        if let fence = state.fence {
            if isFence(body, closing: fence.marker) {
                next.fence = nil
                next.code = .none
                return ([TokenSpan(0..<bytes.count, .punctuation)], next)
            }
            guard let language = fence.language, language != .markdown, language != .plain else {
                return (bytes.isEmpty ? [] : [TokenSpan(0..<bytes.count, .code)], next)
            }
            let scanner = CodeHighlighter(language: language)
            let (spans, code) = scanner.highlight(line: bytes, continuation: state.code)
            next.code = code
            return (spans, next)
        }
        if indent < 4, let marker = fenceMarker(body) {
            let info = String(decoding: body.dropFirst(marker.utf8.count), as: UTF8.self)
            let name = info.split(whereSeparator: { $0 == " " || $0 == "{" || $0 == "," }).first.map(String.init) ?? ""
            next.fence = LineState.Fence(marker: marker, language: Language(name: name))
            next.code = .none
            return ([TokenSpan(0..<bytes.count, .punctuation)], next)
        }
        if indent < 4, body.starts(with: Array("<!--".utf8)) {
            let start = indent
            guard let close = find(Array("-->".utf8), in: bytes, from: start + 4) else {
                next.code = .blockComment
                return ([TokenSpan(start..<bytes.count, .comment)], next)
            }
            return ([TokenSpan(start..<(close + 3), .comment)] + inline(bytes, from: close + 3, base: nil), next)
        }
        if indent < 4, isHeading(body) { return ([TokenSpan(0..<bytes.count, .heading)], next) }
        if indent < 4, isRule(body) { return ([TokenSpan(0..<bytes.count, .punctuation)], next) }
        if indent < 4, body.first == UInt8(ascii: ">") {
            var end = indent
            while end < bytes.count && (bytes[end] == UInt8(ascii: ">") || bytes[end] == 0x20) { end += 1 }
            return ([TokenSpan(indent..<end, .punctuation)] + inline(bytes, from: end, base: .quote), next)
        }
        if let item = MarkdownListItem(line: line) {
            var spans = [TokenSpan(item.markerOffset..<(item.markerOffset + item.marker.utf8.count), .listBullet)]
            if let box = item.taskBoxOffset {
                switch item.taskMark {
                case " ":
                    spans.append(TokenSpan(box..<(box + 3), .taskTodo))
                case "~":
                    spans.append(TokenSpan(box..<(box + 3), .taskPartial))
                default:
                    spans.append(TokenSpan(box..<bytes.count, .taskDone))
                    return (spans, next)
                }
            }
            return (spans + inline(bytes, from: item.markerEnd, base: nil), next)
        }
        if indent < 4, body.first == UInt8(ascii: "|") { return (table(bytes), next) }
        return (inline(bytes, from: 0, base: nil), next)
    }

    /// A table row: the pipes (and alignment rows) as punctuation, cells coloured inline.
    static func table(_ bytes: [UInt8]) -> [TokenSpan] {
        var spans: [TokenSpan] = []
        var cellStart = 0
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "|") {
            if cellStart < index {
                let cell = Array(bytes[cellStart..<index])
                if cell.allSatisfy({ $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ":") || $0 == 0x20 }) {
                    spans.append(TokenSpan(cellStart..<index, .punctuation))
                } else {
                    spans += inline(cell, from: 0, base: nil).map { TokenSpan(($0.range.lowerBound + cellStart)..<($0.range.upperBound + cellStart), $0.kind) }
                }
            }
            spans.append(TokenSpan(index..<(index + 1), .punctuation))
            cellStart = index + 1
        }
        if cellStart < bytes.count {
            spans += inline(Array(bytes[cellStart...]), from: 0, base: nil)
                .map { TokenSpan(($0.range.lowerBound + cellStart)..<($0.range.upperBound + cellStart), $0.kind) }
        }
        return spans
    }

    /// The opening fence marker (3+ backticks or tildes), if the text starts a fenced block.
    static func fenceMarker(_ body: ArraySlice<UInt8>) -> String? {
        guard let first = body.first, first == UInt8(ascii: "`") || first == UInt8(ascii: "~") else { return nil }
        let run = body.prefix { $0 == first }.count
        guard run >= 3 else { return nil }
        if first == UInt8(ascii: "`") && body.dropFirst(run).contains(UInt8(ascii: "`")) { return nil }
        return String(repeating: Character(UnicodeScalar(first)), count: run)
    }

    /// Whether the text closes a fence opened with `marker`.
    static func isFence(_ body: ArraySlice<UInt8>, closing marker: String) -> Bool {
        guard let first = marker.utf8.first, body.first == first else { return false }
        let run = body.prefix { $0 == first }.count
        return run >= marker.utf8.count && body.dropFirst(run).allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    /// `#` to `######` followed by a space or the end of the line.
    static func isHeading(_ body: ArraySlice<UInt8>) -> Bool {
        let run = body.prefix { $0 == UInt8(ascii: "#") }.count
        guard run >= 1 && run <= 6 else { return false }
        let after = body.dropFirst(run).first
        return after == nil || after == 0x20 || after == 0x09
    }

    /// A thematic break: three or more `-`, `*` or `_` and nothing else but spaces.
    static func isRule(_ body: ArraySlice<UInt8>) -> Bool {
        guard let first = body.first,
              first == UInt8(ascii: "-") || first == UInt8(ascii: "*") || first == UInt8(ascii: "_") || first == UInt8(ascii: "=")
        else { return false }
        let marks = body.filter { $0 == first }.count
        return marks >= 3 && body.allSatisfy { $0 == first || $0 == 0x20 || $0 == 0x09 }
    }

    /// The first occurrence of a byte pattern at or after `start`.
    static func find(_ pattern: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard pattern.count <= bytes.count else { return nil }
        var index = start
        while index + pattern.count <= bytes.count {
            if bytes[index..<(index + pattern.count)].elementsEqual(pattern) { return index }
            index += 1
        }
        return nil
    }

    /// Inline spans from `start`: code, strong, emphasis, links, URLs. Gaps get `base` when given.
    static func inline(_ bytes: [UInt8], from start: Int, base: TokenKind?) -> [TokenSpan] {
        var spans: [TokenSpan] = []
        var gapStart = start
        var index = start
        let count = bytes.count
        func emit(_ range: Range<Int>, _ kind: TokenKind) {
            if let base, gapStart < range.lowerBound { spans.append(TokenSpan(gapStart..<range.lowerBound, base)) }
            spans.append(TokenSpan(range, kind))
            gapStart = range.upperBound
            index = range.upperBound
        }
        while index < count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\\"):
                index += 2
            case UInt8(ascii: "`"):
                let run = runLength(bytes, at: index, of: byte)
                if let close = findRun(bytes, of: byte, length: run, from: index + run) {
                    emit(index..<(close + run), .code)
                } else {
                    index += run
                }
            case UInt8(ascii: "*"), UInt8(ascii: "_"):
                let run = min(runLength(bytes, at: index, of: byte), 3)
                let previous = index > 0 ? bytes[index - 1] : 0x20
                let opensWord = byte == UInt8(ascii: "*") || !isAlphanumeric(previous)
                let nextByte = index + run < count ? bytes[index + run] : 0x20
                if opensWord, nextByte != 0x20, let close = findClosingEmphasis(bytes, of: byte, length: run, from: index + run) {
                    emit(index..<(close + run), run >= 2 ? .strong : .emphasis)
                } else {
                    index += runLength(bytes, at: index, of: byte)
                }
            case UInt8(ascii: "["), UInt8(ascii: "!"):
                if let end = linkEnd(bytes, at: index) { emit(index..<end, .link) } else { index += 1 }
            case UInt8(ascii: "<"):
                if let close = bytes[index...].firstIndex(of: UInt8(ascii: ">")),
                   startsWithScheme(bytes, at: index + 1) { emit(index..<(close + 1), .link) } else { index += 1 }
            case UInt8(ascii: "h"):
                if (index == 0 || !isAlphanumeric(bytes[index - 1])) && startsWithScheme(bytes, at: index) {
                    var end = index
                    while end < count && bytes[end] != 0x20 && bytes[end] != 0x09 && bytes[end] != UInt8(ascii: ">") && bytes[end] != UInt8(ascii: ")") { end += 1 }
                    emit(index..<end, .link)
                } else {
                    index += 1
                }
            default:
                index += 1
            }
        }
        if let base, gapStart < count { spans.append(TokenSpan(gapStart..<count, base)) }
        return spans
    }

    /// Length of a run of one byte.
    static func runLength(_ bytes: [UInt8], at index: Int, of byte: UInt8) -> Int {
        var end = index
        while end < bytes.count && bytes[end] == byte { end += 1 }
        return end - index
    }

    /// The start of the next run of exactly `length` bytes.
    static func findRun(_ bytes: [UInt8], of byte: UInt8, length: Int, from start: Int) -> Int? {
        var index = start
        while index < bytes.count {
            if bytes[index] == byte {
                let run = runLength(bytes, at: index, of: byte)
                if run == length { return index }
                index += run
            } else {
                index += 1
            }
        }
        return nil
    }

    /// The closing run for emphasis: not preceded by a space, and for `_` not followed by a word character.
    static func findClosingEmphasis(_ bytes: [UInt8], of byte: UInt8, length: Int, from start: Int) -> Int? {
        var index = start
        while index < bytes.count {
            if bytes[index] == byte, index > start, bytes[index - 1] != 0x20, runLength(bytes, at: index, of: byte) >= length {
                let after = index + length < bytes.count ? bytes[index + length] : 0x20
                if byte == UInt8(ascii: "*") || !isAlphanumeric(after) { return index }
            }
            if bytes[index] == UInt8(ascii: "`") { return nil }
            index += 1
        }
        return nil
    }

    /// The end of `[text](target)` or `![alt](target)` starting at `index`.
    static func linkEnd(_ bytes: [UInt8], at index: Int) -> Int? {
        var open = index
        if bytes[index] == UInt8(ascii: "!") {
            guard index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "[") else { return nil }
            open += 1
        }
        guard let close = bytes[(open + 1)...].firstIndex(of: UInt8(ascii: "]")), close + 1 < bytes.count else { return nil }
        let after = bytes[close + 1]
        if after == UInt8(ascii: "("), let end = bytes[(close + 1)...].firstIndex(of: UInt8(ascii: ")")) { return end + 1 }
        if after == UInt8(ascii: "["), let end = bytes[(close + 1)...].firstIndex(of: UInt8(ascii: "]")) { return end + 1 }
        return nil
    }

    /// Whether `http://` or `https://` starts at `index`.
    static func startsWithScheme(_ bytes: [UInt8], at index: Int) -> Bool {
        let http = Array("http://".utf8)
        let https = Array("https://".utf8)
        return bytes[index...].starts(with: http) || bytes[index...].starts(with: https)
    }

    /// ASCII letters and digits, and any non-ASCII byte (part of a letter in most text).
    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte >= 0x80
    }
}
