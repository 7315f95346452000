import Foundation

/// Anki's plain-text note format (Anki ≥ 2.1.54): `#key:value` headers, then separated fields
/// with RFC-4180 quoting. Reading maps rows to card drafts; writing keeps scheduling out.
public enum AnkiText {
    /// One note read from or written to a file.
    public struct Note: Equatable, Sendable {
        /// Basic, reversed (both directions) or cloze.
        public var kind: CardKind
        /// First field (Front, or the cloze Text).
        public var front: String
        /// Second field (Back, or Back Extra for cloze).
        public var back: String
        /// The deck name, if the file names one.
        public var deck: String?
        /// Tags of the note.
        public var tags: [String]

        /// Memberwise initialiser.
        public init(kind: CardKind, front: String, back: String, deck: String? = nil, tags: [String] = []) {
            self.kind = kind
            self.front = front
            self.back = back
            self.deck = deck
            self.tags = tags
        }

        /// The cards this note makes.
        public func drafts() throws(CardContentError) -> [CardDraft] {
            switch kind {
            case .basic: return CardDraft.basic(front: front, back: back)
            case .reversed: return CardDraft.reversed(front: front, back: back)
            case .cloze: return try CardDraft.cloze(front, extra: back)
            }
        }
    }

    /// Why a file could not be read.
    public enum ParseError: Error, Equatable, CustomStringConvertible, Sendable {
        /// A header value that makes no sense.
        case badHeader(String)
        /// A quoted field that never closes.
        case unterminatedQuote(line: Int)

        /// The message shown to a person.
        public var description: String {
            switch self {
            case .badHeader(let h): "unreadable header \"\(h)\": expected e.g. #separator:tab"
            case .unterminatedQuote(let line): "a quoted field starting on line \(line) never closes: add the closing \""
            }
        }
    }

    /// Notes read from a file plus anything that was skipped.
    public struct ParseResult: Equatable, Sendable {
        /// The notes, in file order.
        public var notes: [Note]
        /// Rows without a first field, by line number.
        public var skippedLines: [Int]
    }

    static let namedSeparators: [String: Character] = [
        "comma": ",", "semicolon": ";", "tab": "\t", "space": " ", "pipe": "|", "colon": ":",
    ]

    /// Parses the text of an Anki plain-text export.
    public static func parse(_ input: String) throws(ParseError) -> ParseResult {
        var text = Substring(input)
        if text.first == "\u{FEFF}" { text = text.dropFirst() }
        var separator: Character?
        var html = false
        var tags: [String] = []
        var deck: String?
        var notetype: String?
        var deckColumn: Int?, tagsColumn: Int?, notetypeColumn: Int?, guidColumn: Int?
        var line = 1

        // Headers: `#key:value` lines at the very top (and Anki's legacy `tags:` first line).
        while !text.isEmpty {
            let end = text.firstIndex(where: { $0 == "\n" || $0 == "\r\n" }) ?? text.endIndex
            let raw = String(text[..<end])
            let header: Substring
            if raw.hasPrefix("#"), raw.contains(":") {
                header = raw.dropFirst()
            } else if line == 1 && raw.lowercased().hasPrefix("tags:") {
                header = Substring(raw)
            } else { break }
            guard let colon = header.firstIndex(of: ":") else { break }
            let key = header[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = String(header[header.index(after: colon)...])
            switch key {
            case "separator":
                let v = value.trimmingCharacters(in: .whitespaces).lowercased()
                if let named = namedSeparators[v] { separator = named }
                else if value.count == 1 { separator = value.first }
                else { throw .badHeader(raw) }
            case "html": html = value.trimmingCharacters(in: .whitespaces).lowercased() == "true"
            case "tags": tags = value.split(separator: " ").map(String.init)
            case "deck": deck = value.trimmingCharacters(in: .whitespaces)
            case "notetype": notetype = value.trimmingCharacters(in: .whitespaces)
            case "deck column": deckColumn = Int(value.trimmingCharacters(in: .whitespaces))
            case "tags column": tagsColumn = Int(value.trimmingCharacters(in: .whitespaces))
            case "notetype column": notetypeColumn = Int(value.trimmingCharacters(in: .whitespaces))
            case "guid column": guidColumn = Int(value.trimmingCharacters(in: .whitespaces))
            default: break  // `columns` names and unknown headers do not change how fields map here
            }
            line += 1
            text = end == text.endIndex ? text[end...] : text[text.index(after: end)...]
        }
        let sep = separator ?? detectSeparator(text.prefix(8192))

        let rows = try records(text, separator: sep, firstLine: line)
        var result = ParseResult(notes: [], skippedLines: [])
        let meta = Set([deckColumn, tagsColumn, notetypeColumn, guidColumn].compactMap { $0 })
        for (lineNo, fields) in rows {
            func column(_ n: Int?) -> String? {
                guard let n, n >= 1, n <= fields.count else { return nil }
                return fields[n - 1]
            }
            let content = fields.enumerated().filter { !meta.contains($0.offset + 1) }.map(\.element)
            var front = content.first ?? ""
            var back = content.count > 1 ? content[1] : ""
            if html { front = plainText(fromHTML: front); back = plainText(fromHTML: back) }
            guard !front.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                result.skippedLines.append(lineNo); continue
            }
            let type = (column(notetypeColumn) ?? notetype ?? "").lowercased()
            let kind: CardKind
            if type.contains("cloze") || (type.isEmpty && !Cloze.numbers(in: front).isEmpty) { kind = .cloze }
            else if type.contains("reverse") { kind = .reversed }
            else { kind = .basic }
            var noteTags = tags
            if let t = column(tagsColumn) { noteTags += t.split(separator: " ").map(String.init) }
            let noteDeck = column(deckColumn).flatMap { $0.isEmpty ? nil : $0 } ?? deck
            result.notes.append(Note(kind: kind, front: front, back: back, deck: noteDeck, tags: noteTags))
        }
        return result
    }

    /// Anki's guess: the first of tab, pipe, semicolon, colon, comma, space found.
    static func detectSeparator(_ sample: Substring) -> Character {
        for c: Character in ["\t", "|", ";", ":", ",", " "] where sample.contains(c) { return c }
        return "\t"
    }

    /// Splits records with RFC-4180 quoting; lines starting with `#` are comments.
    static func records(_ text: Substring, separator: Character, firstLine: Int) throws(ParseError) -> [(Int, [String])] {
        var out: [(Int, [String])] = []
        var fields: [String] = []
        var field = ""
        var line = firstLine
        var recordLine = firstLine
        var i = text.startIndex
        var atRecordStart = true
        var atFieldStart = true
        var inQuotes = false
        var quoteLine = line
        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty) { out.append((recordLine, fields)) }
            fields = []; field = ""
        }
        while i < text.endIndex {
            let c = text[i]
            if inQuotes {
                if c == "\"" {
                    let n = text.index(after: i)
                    if n < text.endIndex && text[n] == "\"" { field.append("\""); i = text.index(after: n); continue }
                    inQuotes = false
                } else {
                    if c == "\n" || c == "\r\n" { line += 1 }
                    field.append(c == "\r\n" ? "\n" : c)
                }
                i = text.index(after: i); continue
            }
            if atRecordStart && c == "#" {
                // Comment: skip to the end of the line.
                while i < text.endIndex && text[i] != "\n" && text[i] != "\r\n" { i = text.index(after: i) }
                if i < text.endIndex { i = text.index(after: i) }
                line += 1; recordLine = line
                continue
            }
            atRecordStart = false
            if c == "\"" && atFieldStart {
                inQuotes = true; quoteLine = line; atFieldStart = false
            } else if c == separator {
                fields.append(field); field = ""; atFieldStart = true
            } else if c == "\n" || c == "\r\n" {
                endRecord()
                line += 1; recordLine = line
                atRecordStart = true; atFieldStart = true
            } else {
                field.append(c); atFieldStart = false
            }
            i = text.index(after: i)
        }
        if inQuotes { throw .unterminatedQuote(line: quoteLine) }
        if !atRecordStart || !field.isEmpty || !fields.isEmpty { endRecord() }
        return out
    }

    /// A light HTML-to-text conversion for `#html:true` files: line breaks, tags and common entities.
    static func plainText(fromHTML s: String) -> String {
        var t = s.replacingOccurrences(of: "<br>", with: "\n", options: .caseInsensitive)
            .replacingOccurrences(of: "<br/>", with: "\n", options: .caseInsensitive)
            .replacingOccurrences(of: "<br />", with: "\n", options: .caseInsensitive)
            .replacingOccurrences(of: "<div>", with: "\n", options: .caseInsensitive)
        t = t.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
        for (entity, char) in [("&nbsp;", " "), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            t = t.replacingOccurrences(of: entity, with: char)
        }
        return t.trimmingCharacters(in: .newlines)
    }

    /// Writes notes as a tab-separated file Anki imports (`#html:false`, notetype, deck and tags columns).
    public static func write(_ notes: [Note]) -> String {
        var out = "#separator:tab\n#html:false\n#notetype column:1\n#deck column:2\n#tags column:5\n"
        out += "#columns:Notetype\tDeck\tFront\tBack\tTags\n"
        for n in notes {
            let type = switch n.kind {
            case .basic: "Basic"
            case .reversed: "Basic (and reversed card)"
            case .cloze: "Cloze"
            }
            let fields = [type, n.deck ?? "", n.front, n.back, n.tags.joined(separator: " ")]
            out += fields.map(quote).joined(separator: "\t") + "\n"
        }
        return out
    }

    /// Quotes a field when it holds a tab, newline, quote, or starts with `#`.
    static func quote(_ f: String) -> String {
        let needs = f.contains("\t") || f.contains("\n") || f.contains("\r") || f.contains("\"") || f.hasPrefix("#")
        return needs ? "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : f
    }
}
