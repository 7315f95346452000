import Foundation

/// A notebook as read from (or written to) one markdown file. See README "Import format".
public struct ParsedNotebook: Equatable, Sendable {
    public var title: String
    public var tags: [String]
    public var snippets: [ParsedSnippet]

    /// Creates a parsed notebook.
    public init(title: String, tags: [String] = [], snippets: [ParsedSnippet]) {
        self.title = title; self.tags = tags; self.snippets = snippets
    }
}

/// One snippet as read from a `## Heading` section of a markdown file.
public struct ParsedSnippet: Equatable, Sendable {
    public var title: String
    public var kind: SnippetKind
    public var language: String?
    public var tags: [String]
    public var body: String

    /// Creates a parsed snippet.
    public init(title: String, kind: SnippetKind = .markdown, language: String? = nil, tags: [String] = [], body: String) {
        self.title = title; self.kind = kind; self.language = language; self.tags = tags; self.body = body
    }
}

/// Recall's markdown convention: optional YAML front matter (`title`, `tags`), an optional `# Title` line when the
/// front matter has no title, then one snippet per level-2 heading. A `<!-- tags: a, b -->` line right after a
/// heading tags the snippet. A section whose whole body is one fenced code block is a code snippet in the fence's
/// language. Text before the first `##` becomes a snippet titled "Overview" (or the notebook title when the file has
/// no `##` at all). Blank lines around a body are not part of it.
public enum MarkdownFormat {
    /// Parses a whole file. `fallbackTitle` (usually the file name) is used when neither front matter nor `#` names it.
    public static func parse(_ text: String, fallbackTitle: String) -> ParsedNotebook {
        var lines = splitLines(text)
        var title: String?
        var tags: [String] = []

        // Front matter.
        if lines.first?.trimmingCharacters(in: .whitespaces) == "---",
           let end = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" || $0 == "..." }) {
            for line in lines[1..<end] {
                guard let colon = line.firstIndex(of: ":") else { continue }
                let key = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                switch key {
                case "title": title = unquote(value)
                case "tags": tags = Tags.parse(value)
                default: break
                }
            }
            lines.removeSubrange(0...end)
        }

        // Optional H1 as title.
        if title == nil, let first = lines.firstIndex(where: { !isBlank($0) }), lines[first].hasPrefix("# ") {
            title = String(lines[first].dropFirst(2)).trimmingCharacters(in: .whitespaces)
            lines.remove(at: first)
        }
        let notebookTitle = (title?.isEmpty == false ? title! : fallbackTitle)

        // Split into sections at level-2 headings outside fenced code.
        var sections: [(title: String?, lines: [String])] = [(nil, [])]
        var fence: Fence?
        for line in lines {
            if let open = fence {
                if open.closes(line) { fence = nil }
                sections[sections.count - 1].lines.append(line)
                continue
            }
            if let f = Fence(opening: line) {
                fence = f
                sections[sections.count - 1].lines.append(line)
            } else if let heading = headingTitle(line) {
                sections.append((heading, []))
            } else {
                sections[sections.count - 1].lines.append(line)
            }
        }

        var snippets: [ParsedSnippet] = []
        let hasHeadings = sections.count > 1
        for (index, section) in sections.enumerated() {
            var body = section.lines
            var snippetTags: [String] = []
            if section.title != nil, let first = body.first, let t = tagComment(first) {
                snippetTags = t
                body.removeFirst()
            }
            body = trimBlankLines(body)
            if index == 0 && body.isEmpty { continue }
            let sTitle = section.title ?? (hasHeadings ? "Overview" : notebookTitle)
            snippets.append(makeSnippet(title: sTitle, tags: snippetTags, lines: body))
        }
        return ParsedNotebook(title: notebookTitle, tags: tags, snippets: snippets)
    }

    /// Renders a notebook in the same convention, so that `parse(render(x)) == x` for anything `parse` produced.
    public static func render(_ notebook: ParsedNotebook) -> String {
        var out = "---\ntitle: \(quoteIfNeeded(notebook.title))\n"
        if !notebook.tags.isEmpty { out += "tags: [\(notebook.tags.joined(separator: ", "))]\n" }
        out += "---\n"
        for s in notebook.snippets {
            out += "\n## \(s.title.replacingOccurrences(of: "\n", with: " "))\n"
            if !s.tags.isEmpty { out += "<!-- tags: \(s.tags.joined(separator: ", ")) -->\n" }
            out += "\n"
            switch s.kind {
            case .code:
                let fence = fenceFor(s.body)
                out += "\(fence)\(s.language ?? "")\n"
                if !s.body.isEmpty { out += s.body + "\n" }
                out += "\(fence)\n"
            case .markdown:
                if !s.body.isEmpty { out += s.body + (s.body.hasSuffix("\n") ? "" : "\n") }
            }
        }
        return out
    }

    /// A body as a file would give it back: blank lines at the start and end removed.
    public static func trimmedBody(_ body: String) -> String {
        trimBlankLines(splitLines(body)).joined(separator: "\n")
    }

    // MARK: - Helpers

    static func makeSnippet(title: String, tags: [String], lines: [String]) -> ParsedSnippet {
        if lines.count >= 2, let open = Fence(opening: lines[0]), open.closes(lines[lines.count - 1]),
           !lines[1..<(lines.count - 1)].contains(where: { open.closes($0) }) {
            let code = lines[1..<(lines.count - 1)].joined(separator: "\n")
            return ParsedSnippet(title: title, kind: .code, language: open.language, tags: tags, body: code)
        }
        return ParsedSnippet(title: title, kind: .markdown, tags: tags, body: lines.joined(separator: "\n"))
    }

    /// Splits on `\n`, dropping a `\r` before it (CRLF files read the same as LF files).
    static func splitLines(_ text: String) -> [String] {
        text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            String(String.UnicodeScalarView(line.last == "\r" ? line.dropLast() : line[...]))
        }
    }

    static func isBlank(_ line: String) -> Bool { line.allSatisfy { $0 == " " || $0 == "\t" } }

    static func trimBlankLines(_ lines: [String]) -> [String] {
        guard let start = lines.firstIndex(where: { !isBlank($0) }),
              let end = lines.lastIndex(where: { !isBlank($0) }) else { return [] }
        return Array(lines[start...end])
    }

    static func headingTitle(_ line: String) -> String? {
        guard line.hasPrefix("## ") || line == "##" else { return nil }
        var t = line.dropFirst(2).trimmingCharacters(in: .whitespaces)
        if let r = t.range(of: #"\s+#+$"#, options: .regularExpression) { t = String(t[..<r.lowerBound]) } else if t.allSatisfy({ $0 == "#" }) { t = "" }
        return t.isEmpty ? "Untitled" : t
    }

    static func tagComment(_ line: String) -> [String]? {
        let t = line.trimmingCharacters(in: .whitespaces)
        guard t.hasPrefix("<!--"), t.hasSuffix("-->") else { return nil }
        let inner = t.dropFirst(4).dropLast(3).trimmingCharacters(in: .whitespaces)
        guard inner.lowercased().hasPrefix("tags:") else { return nil }
        return Tags.parse(String(inner.dropFirst(5)))
    }

    static func unquote(_ s: String) -> String {
        if s.count >= 2, (s.hasPrefix("\"") && s.hasSuffix("\"")) || (s.hasPrefix("'") && s.hasSuffix("'")) {
            let inner = String(s.dropFirst().dropLast())
            return s.hasPrefix("\"") ? inner.replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\") : inner.replacingOccurrences(of: "''", with: "'")
        }
        return s
    }

    static func quoteIfNeeded(_ s: String) -> String {
        let needs = s.isEmpty || s.hasPrefix(" ") || s.hasSuffix(" ") || s.contains(": ") || s.contains("#")
            || ["\"", "'", "[", "{", "-", "&", "*", "!", "|", ">", "%", "@", "`"].contains(where: { s.hasPrefix($0) })
        guard needs else { return s }
        return "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// The shortest backtick fence longer than any backtick run that starts a line of the body.
    static func fenceFor(_ body: String) -> String {
        var longest = 2
        for line in splitLines(body) {
            let t = line.drop(while: { $0 == " " })
            let run = t.prefix(while: { $0 == "`" }).count
            longest = max(longest, run)
        }
        return String(repeating: "`", count: longest + 1)
    }
}

/// A fenced code block delimiter (``` or ~~~, three or more).
struct Fence {
    let char: Character
    let count: Int
    let language: String?

    init?(opening line: String) {
        let t = line.drop(while: { $0 == " " })
        guard line.count - t.count <= 3, let c = t.first, c == "`" || c == "~" else { return nil }
        let n = t.prefix(while: { $0 == c }).count
        guard n >= 3 else { return nil }
        let info = t.dropFirst(n).trimmingCharacters(in: .whitespaces)
        if c == "`" && info.contains("`") { return nil }
        char = c; count = n
        let lang = info.split(separator: " ").first.map(String.init)
        language = (lang?.isEmpty ?? true) ? nil : lang
    }

    func closes(_ line: String) -> Bool {
        let t = line.drop(while: { $0 == " " })
        guard line.count - t.count <= 3 else { return false }
        let n = t.prefix(while: { $0 == char }).count
        return n >= count && t.dropFirst(n).allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" }
    }
}
