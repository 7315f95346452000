import Foundation

/// The delimiters around each source in the prompt, and the escaping that keeps note text from forging them.
///
/// A source is sent as `<source id="N" title="…" notebook="…">`, the text, then `</source>`. Inside the text
/// (and the title and notebook), every `<` that starts a tag named `source` or `sources` — with any case, spaces
/// or a slash, e.g. `</source>`, `< / SOURCE`, `<sources>` — becomes `&lt;`, so the model sees exactly as many
/// real opening and closing delimiters as there are sources.
public enum SourceBlock {
    /// The tag name.
    public static let tag = "source"

    /// The source text with every delimiter-like `<source…`/`</source…` neutralised.
    public static func escape(_ text: String) -> String { escape(text, tag: tag) }

    /// The text with every delimiter-like `<TAG…`/`</TAG…` neutralised (`tag` in lower case), for other quoted blocks.
    public static func escape(_ text: String, tag: String) -> String {
        guard text.contains("<") else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let s = scalars[i]
            if s == "<", startsDelimiter(scalars, after: i, tag: tag) {
                out += "&lt;"
            } else {
                out.unicodeScalars.append(s)
            }
            i += 1
        }
        return out
    }

    /// True when the scalars after `<` at `index` read (spaces) (`/`) (spaces) `source` (case-insensitive).
    static func startsDelimiter(_ scalars: [Unicode.Scalar], after index: Int, tag: String = tag) -> Bool {
        var j = index + 1
        func skipSpace() { while j < scalars.count, scalars[j].properties.isWhitespace { j += 1 } }
        skipSpace()
        if j < scalars.count, scalars[j] == "/" || scalars[j] == "\\" { j += 1 }
        skipSpace()
        for expected in tag.unicodeScalars {
            guard j < scalars.count, String(scalars[j]).lowercased() == String(expected) else { return false }
            j += 1
        }
        return true
    }

    /// An attribute value: escaped like text, with quotes and line breaks made harmless.
    static func attribute(_ text: String, tag: String = tag) -> String {
        escape(text, tag: tag).replacingOccurrences(of: "\"", with: "&quot;")
            .split(whereSeparator: { $0.isNewline }).joined(separator: " ")
    }

    /// One source as it appears in the prompt.
    public static func render(_ passage: Passage) -> String {
        "<\(tag) id=\"\(passage.n)\" title=\"\(attribute(passage.title))\" notebook=\"\(attribute(passage.notebook))\">\n"
            + escape(passage.text.trimmingCharacters(in: .whitespacesAndNewlines)) + "\n</\(tag)>"
    }

    /// All sources, separated by blank lines.
    public static func render(_ passages: [Passage]) -> String {
        passages.map(render).joined(separator: "\n\n")
    }

    /// How many real opening and closing delimiters a text holds (what a model would see); for tests and checks.
    public static func delimiterCounts(in prompt: String) -> (open: Int, close: Int) {
        let scalars = Array(prompt.unicodeScalars)
        var open = 0, close = 0
        for (i, s) in scalars.enumerated() where s == "<" && startsDelimiter(scalars, after: i) {
            var j = i + 1
            while j < scalars.count, scalars[j].properties.isWhitespace { j += 1 }
            if j < scalars.count, scalars[j] == "/" || scalars[j] == "\\" { close += 1 } else { open += 1 }
        }
        return (open, close)
    }
}
