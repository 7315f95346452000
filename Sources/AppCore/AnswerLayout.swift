import Grounding
import TUI
import TextEngine

/// One styled character of a laid-out answer, with the citation stop it belongs to (if any).
struct AnswerCell: Equatable {
    /// The character.
    var ch: Character
    /// Theme key of its style.
    var style: String
    /// The index of the citation mark (in `CitationParser.marks`) this character is part of.
    var mark: Int?
}

/// Lays out an answer written in markdown for the terminal: headings, lists, quotes, **bold**, *italic*,
/// `inline code` and fenced code (with the editor's syntax colours), citation marks styled by what the check
/// found, wrapped at word boundaries to the pane's width. Pure: the same text and width give the same lines.
enum AnswerLayout {
    /// Lays out `text` at `width` columns. `markStyle` gives the style key of each citation mark by index.
    static func lines(_ text: String, width: Int, markStyle: (Int) -> String) -> [[AnswerCell]] {
        guard width > 4 else { return [] }
        let marks = CitationParser.marks(in: text)
        var markAt: [Int: Int] = [:]
        for (i, m) in marks.enumerated() { for o in m.range { markAt[o] = i } }
        var out: [[AnswerCell]] = []
        var offset = 0
        var fence: Language?? = nil  // .some(lang) inside a fence
        var codeState = LineState()
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            defer { offset += line.count + 1 }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                if fence == nil {
                    let name = trimmed.dropFirst(3).trimmingCharacters(in: .whitespaces)
                    fence = .some(Language(name: name))
                    codeState = LineState()
                    out.append(label(name.isEmpty ? "┌ code" : "┌ \(name)", style: "ui.ask.source"))
                } else {
                    fence = nil
                    out.append(label("└", style: "ui.ask.source"))
                }
                continue
            }
            if let lang = fence {
                out += wrapCode(code(line, language: lang ?? .plain, state: &codeState), width: width)
                continue
            }
            var cells: [AnswerCell] = []
            var indent = 0
            var body = Substring(line)
            var bodyOffset = offset
            var base = "ui.text"
            if let h = heading(line) {
                body = line.dropFirst(h)
                bodyOffset += h
                base = "syntax.heading"
            } else if let (bullet, skip) = listItem(line) {
                cells = bullet.map { AnswerCell(ch: $0, style: "syntax.listBullet", mark: nil) }
                indent = bullet.count
                body = line.dropFirst(skip)
                bodyOffset += skip
            } else if trimmed.hasPrefix(">") {
                cells = "│ ".map { AnswerCell(ch: $0, style: "syntax.quote", mark: nil) }
                indent = 2
                let skip = line.distance(from: line.startIndex, to: line.firstIndex(of: ">")!) + 1
                body = line.dropFirst(skip).drop { $0 == " " }
                bodyOffset += line.count - body.count
                base = "syntax.quote"
            }
            cells += inline(body, offset: bodyOffset, base: base, markAt: markAt, markStyle: markStyle)
            out += wrap(cells, width: width, indent: indent)
        }
        while out.last?.isEmpty == true { out.removeLast() }
        return out
    }

    /// A one-line label.
    static func label(_ text: String, style: String) -> [AnswerCell] {
        text.map { AnswerCell(ch: $0, style: style, mark: nil) }
    }

    /// `## Title` → the number of characters before the title.
    static func heading(_ line: String) -> Int? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes), line.dropFirst(hashes).first == " " else { return nil }
        return hashes + 1 + line.dropFirst(hashes + 1).prefix { $0 == " " }.count
    }

    /// `- item`, `* item`, `3. item` (indented too) → the bullet to show and the characters to skip.
    static func listItem(_ line: String) -> (String, Int)? {
        let lead = line.prefix { $0 == " " }.count
        let rest = line.dropFirst(lead)
        let pad = String(repeating: " ", count: min(lead, 8))
        if let f = rest.first, "-*+".contains(f), rest.dropFirst().first == " " { return (pad + "• ", lead + 2) }
        let digits = rest.prefix { $0.isNumber }.count
        if digits > 0, digits < 4, rest.dropFirst(digits).first == ".", rest.dropFirst(digits + 1).first == " " {
            return (pad + rest.prefix(digits + 1) + " ", lead + digits + 2)
        }
        return nil
    }

    /// Inline markdown: `**strong**`, `*emphasis*` / `_emphasis_`, `` `code` ``; markers are hidden; citation marks
    /// (found on the whole answer) keep their text and get their check's style.
    static func inline(_ text: Substring, offset: Int, base: String, markAt: [Int: Int], markStyle: (Int) -> String) -> [AnswerCell] {
        let chars = Array(text)
        var cells: [AnswerCell] = []
        var strong = false, emphasis = false, code = false
        var i = 0
        while i < chars.count {
            let c = chars[i]
            let o = offset + i
            if let m = markAt[o] {
                cells.append(AnswerCell(ch: c, style: markStyle(m), mark: m))
                i += 1
                continue
            }
            if c == "`" { code.toggle(); i += 1; continue }
            if !code {
                if c == "*", i + 1 < chars.count, chars[i + 1] == "*", strong || closes(chars, from: i + 2, marker: "**") {
                    strong.toggle(); i += 2; continue
                }
                if c == "*" || c == "_", emphasis || (i + 1 < chars.count && chars[i + 1] != " " && closes(chars, from: i + 1, marker: String(c))),
                   c == "*" || i == 0 || !chars[i - 1].isLetter {
                    emphasis.toggle(); i += 1; continue
                }
            }
            let style = code ? "syntax.code" : strong ? "syntax.strong" : emphasis ? "syntax.emphasis" : base
            cells.append(AnswerCell(ch: c, style: style == "syntax.strong" && base == "syntax.heading" ? base : style, mark: nil))
            i += 1
        }
        return cells
    }

    /// True when `marker` occurs again at or after `from` (so an opening marker is not a stray asterisk).
    static func closes(_ chars: [Character], from: Int, marker: String) -> Bool {
        let m = Array(marker)
        var j = from + 1
        while j + m.count <= chars.count {
            if Array(chars[j..<(j + m.count)]) == m { return true }
            j += 1
        }
        return false
    }

    /// One line of fenced code, coloured by the editor's highlighter.
    static func code(_ line: String, language: Language, state: inout LineState) -> [AnswerCell] {
        let (spans, next) = SyntaxHighlighter.highlight(line: line, language: language, state: state)
        state = next
        var cells: [AnswerCell] = []
        var byte = 0
        for ch in line {
            let kind = spans.first { $0.range.contains(byte) }?.kind
            cells.append(AnswerCell(ch: ch == "\t" ? " " : ch, style: kind.map { "syntax.\($0.rawValue)" } ?? "syntax.code", mark: nil))
            byte += ch.utf8.count
        }
        return cells
    }

    /// Code is not word-wrapped: long lines are cut into pieces of the width, marked with ↩.
    static func wrapCode(_ cells: [AnswerCell], width: Int) -> [[AnswerCell]] {
        let gutter = [AnswerCell(ch: "│", style: "ui.ask.source", mark: nil), AnswerCell(ch: " ", style: "ui.text", mark: nil)]
        var out: [[AnswerCell]] = []
        var line = gutter
        var w = 2
        for c in cells {
            let cw = TextWidth.of(c.ch)
            if w + cw > width {
                out.append(line)
                line = gutter
                w = 2
            }
            line.append(c)
            w += cw
        }
        out.append(line)
        return out
    }

    /// Word-wraps cells to `width`, continuation lines indented by `indent`.
    static func wrap(_ cells: [AnswerCell], width: Int, indent: Int) -> [[AnswerCell]] {
        guard !cells.isEmpty else { return [[]] }
        var out: [[AnswerCell]] = []
        var line: [AnswerCell] = []
        var w = 0
        var lastSpace: Int?
        let pad = Array(repeating: AnswerCell(ch: " ", style: "ui.text", mark: nil), count: min(indent, width / 2))
        for c in cells {
            let cw = TextWidth.of(c.ch)
            if w + cw > width, !line.isEmpty {
                if c.ch == " " {
                    // The line is full exactly at a space: break here.
                    out.append(line)
                    line = pad
                    w = pad.count
                    lastSpace = nil
                    continue
                }
                if let sp = lastSpace, sp > pad.count {
                    let rest = Array(line[(sp + 1)...])
                    out.append(Array(line[..<sp]))
                    line = pad + rest
                } else {
                    out.append(line)
                    line = pad
                }
                w = line.reduce(0) { $0 + TextWidth.of($1.ch) }
                lastSpace = nil
                if c.ch == " " && line.count == pad.count { continue }
            }
            if c.ch == " " { lastSpace = line.count }
            line.append(c)
            w += cw
        }
        out.append(line)
        return out
    }
}
