import Foundation

/// Finds the web address under the cursor in one line of text: `https://…`/`http://…`, a bare `host.tld/path` or
/// `www.host.tld` (opened as https), or the target of a markdown link `[text](url)` when the cursor is on its text.
public enum LinkFinder {
    /// The URL at a UTF-8 byte offset of `line`, or nil.
    public static func url(in line: String, atByte offset: Int) -> String? {
        let bytes = Array(line.utf8)
        for link in links(in: bytes) where link.span.contains(offset) || link.span.upperBound == offset {
            return link.url
        }
        return nil
    }

    /// Every address in the line with the byte span that selects it (a markdown link's span starts at its `[`).
    static func links(in bytes: [UInt8]) -> [(span: Range<Int>, url: String)] {
        var out: [(Range<Int>, String)] = []
        var i = 0
        while i < bytes.count {
            // A token starts after a delimiter.
            if i > 0, !isDelimiter(bytes[i - 1]) { i += 1; continue }
            var end = i
            var depth = 0
            while end < bytes.count {
                let b = bytes[end]
                if b == UInt8(ascii: "(") { depth += 1 }
                if b == UInt8(ascii: ")") { if depth == 0 { break }; depth -= 1 }
                if isSpace(b) || b == UInt8(ascii: "<") || b == UInt8(ascii: ">") || b == UInt8(ascii: "\"") || b == UInt8(ascii: "`") { break }
                end += 1
            }
            while end > i, ".,;:!?*_'".utf8.contains(bytes[end - 1]) { end -= 1 }
            guard end > i, let url = address(String(decoding: bytes[i..<end], as: UTF8.self)) else { i += 1; continue }
            var start = i
            // `[text](url)`: the text selects the link too.
            if i >= 2, bytes[i - 1] == UInt8(ascii: "("), bytes[i - 2] == UInt8(ascii: "]"),
               let open = bytes[..<(i - 2)].lastIndex(of: UInt8(ascii: "[")) {
                start = open
            }
            out.append((start..<end, url))
            i = end
        }
        return out
    }

    /// The token as an address to open, or nil when it is not one.
    static func address(_ token: String) -> String? {
        let lower = token.lowercased()
        if lower.hasPrefix("https://") || lower.hasPrefix("http://") { return token.count > 8 ? token : nil }
        let host = lower.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") } }),
              let tld = labels.last, (2...24).contains(tld.count), tld.allSatisfy(\.isLetter) else { return nil }
        guard lower.hasPrefix("www.") || lower.dropFirst(host.count).hasPrefix("/") else { return nil }
        return "https://" + token
    }

    static func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 9 }

    static func isDelimiter(_ b: UInt8) -> Bool {
        isSpace(b) || "([<\"'`*_".utf8.contains(b)
    }
}
