/// The one sanitizer for text that reaches a terminal: whatever field a string came from (a title, a tag, a body,
/// a file name, an id the user typed, a model's answer), it goes through `TerminalText.sanitize` before it is
/// printed or drawn, so no stored or typed text can send an escape sequence (set the title, write the clipboard,
/// move the cursor, hide text).
///
/// - C0 controls (U+0000–U+001F) are shown in caret notation (`ESC` → `^[`, `BEL` → `^G`);
///   in `.text` mode newline and tab are kept, in `.line` mode they are shown too, so a field stays on one line.
/// - DEL, the C1 controls (U+0080–U+009F, e.g. the 8-bit CSI and OSC introducers) and the bidirectional
///   override/isolate controls (U+202A–U+202E, U+2066–U+2069), which reorder what is shown, become U+FFFD.
/// - Line and paragraph separators (U+2028, U+2029) are shown as `^J` in `.line` mode and kept in `.text` mode.
public enum TerminalText {
    /// How much layout a string may carry.
    public enum Mode: Sendable {
        /// Multi-line text (a body, a message): newline and tab are kept.
        case text
        /// One field on one line (a title, a tag, a name, an id): newlines and tabs are shown as `^J`/`^I`.
        case line
    }

    /// `text` with every control character made visible, so it is safe to write to a terminal.
    public static func sanitize(_ text: String, _ mode: Mode = .text) -> String {
        // Fast path: nothing to change (the common case for ordinary text).
        if !text.unicodeScalars.contains(where: { needsChange($0, mode) }) { return text }
        var out = String.UnicodeScalarView()
        out.reserveCapacity(text.unicodeScalars.count + 8)
        for s in text.unicodeScalars {
            guard needsChange(s, mode) else { out.append(s); continue }
            switch s.value {
            case 0x00...0x1F:
                out.append("^"); out.append(Unicode.Scalar(UInt8(s.value + 0x40)))
            case 0x2028, 0x2029:
                out.append("^"); out.append("J")
            default:
                out.append("\u{FFFD}")
            }
        }
        return String(out)
    }

    /// True when `text` would be printed unchanged in `mode`.
    public static func isSafe(_ text: String, _ mode: Mode = .text) -> Bool {
        !text.unicodeScalars.contains(where: { needsChange($0, mode) })
    }

    /// True for a scalar that `sanitize` rewrites.
    @inline(__always)
    static func needsChange(_ s: Unicode.Scalar, _ mode: Mode) -> Bool {
        let v = s.value
        if v < 0x20 { return mode == .line || (v != 0x0A && v != 0x09) }
        if v < 0x7F { return false }
        if v <= 0x9F { return true }
        if v < 0x2028 { return false }
        switch v {
        case 0x2028, 0x2029: return mode == .line
        case 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// A title made from outside text (a file name, a heading): control characters, line breaks and bidi
    /// controls become spaces, runs of whitespace collapse to one, and the ends are trimmed. Used at import so a
    /// stored title is always one clean line.
    public static func cleanTitle(_ text: String) -> String {
        var out = ""
        var pendingSpace = false
        for s in text.unicodeScalars {
            let isSpace = s.properties.isWhitespace || needsChange(s, .line)
            if isSpace { pendingSpace = !out.isEmpty; continue }
            if pendingSpace { out.append(" "); pendingSpace = false }
            out.unicodeScalars.append(s)
        }
        return out
    }
}
