import Foundation

/// Keeps secrets and terminal control out of everything shown to a person: credentials in URLs, header values,
/// and server-supplied text (error bodies), which is cut and cleaned before it reaches a message.
public enum Redact {
    /// The URL with any `user:password@` part replaced by `***@` (`http://***@host:11434`); other text unchanged.
    public static func url(_ text: String) -> String {
        guard let scheme = text.range(of: "://") else {
            // `user:secret@host:port` without a scheme (an OLLAMA_HOST form).
            if let at = text.firstIndex(of: "@"), !text[..<at].contains("/") { return "***@" + text[text.index(after: at)...] }
            return text
        }
        let rest = text[scheme.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@") else { return text }
        return String(text[..<scheme.upperBound]) + "***@" + String(rest[rest.index(after: at)...])
    }

    /// Server text fit for a one-line message: invalid UTF-8 replaced, control characters (escape sequences,
    /// newlines) replaced by spaces or U+FFFD, credentials removed (`secrets`, `Bearer …`, `user:pass@` in URLs),
    /// and cut to `limit` characters with "…".
    public static func serverText(_ data: Data, secrets: [String] = [], limit: Int = 300) -> String {
        serverText(String(decoding: data.prefix(limit * 4 + 64), as: UTF8.self), secrets: secrets, limit: limit)
    }

    /// The same for a string.
    public static func serverText(_ raw: String, secrets: [String] = [], limit: Int = 300) -> String {
        var text = ""
        text.unicodeScalars.reserveCapacity(min(raw.unicodeScalars.count, limit * 2))
        for s in raw.unicodeScalars {
            switch s.value {
            case 0x09, 0x0A, 0x0D: text.unicodeScalars.append(" ")
            case 0..<0x20, 0x7F, 0x80...0x9F: text.unicodeScalars.append("\u{FFFD}")
            default: text.unicodeScalars.append(s)
            }
        }
        for secret in secrets where secret.count >= 4 {
            text = text.replacingOccurrences(of: secret, with: "<redacted>")
        }
        text = credentials(in: text)
        text = text.trimmingCharacters(in: .whitespaces)
        if text.count > limit { text = String(text.prefix(limit)) + "…" }
        return text
    }

    /// Replaces `Bearer TOKEN`, `Basic TOKEN`, `api-key: VALUE`-like pairs and URL credentials in free text.
    static func credentials(in text: String) -> String {
        var out = text
        let patterns = [
            #"(?i)\b(bearer|basic|token)\s+[A-Za-z0-9._~+/=\-]+"#,
            #"(?i)\b(authorization|x-api-key|api-key|api_key|apikey|proxy-authorization|cookie)(\"?\s*[:=]\s*\"?)[^\s\",}]+"#,
            #"://[^/\s@]+@"#,
        ]
        let replacements = ["$1 <redacted>", "$1$2<redacted>", "://***@"]
        for (pattern, template) in zip(patterns, replacements) {
            guard let regex = try? NSRegularExpression(pattern: pattern) else { continue }
            out = regex.stringByReplacingMatches(in: out, range: NSRange(out.startIndex..., in: out), withTemplate: template)
        }
        return out
    }
}
