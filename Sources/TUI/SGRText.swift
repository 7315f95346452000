/// Program output with ANSI colours, parsed safely: SGR sequences (`ESC [ … m`) become styles; every other
/// escape sequence and control character stays in the text, to be shown (sanitized) and never obeyed.
public enum SGRText {
    /// A piece of output: text, or a style change from an SGR sequence (with the raw sequence kept).
    public enum Segment: Equatable, Sendable {
        /// Text as it came (may still hold other control characters: sanitize before drawing).
        case text(String)
        /// An SGR sequence: its raw text and its parameters (empty = reset).
        case sgr(raw: String, params: [Int])
    }

    /// Splits `text` into text and SGR segments. A malformed or non-SGR sequence is left in the text.
    public static func segments(_ text: String) -> [Segment] {
        var out: [Segment] = []
        var plain = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            if scalars[i] == "\u{1B}", i + 1 < scalars.count, scalars[i + 1] == "[" {
                var j = i + 2
                while j < scalars.count, (scalars[j] >= "0" && scalars[j] <= "9") || scalars[j] == ";" || scalars[j] == ":" {
                    j += 1
                }
                if j < scalars.count, scalars[j] == "m", j - i <= 64 {
                    if !plain.isEmpty { out.append(.text(String(plain))); plain = String.UnicodeScalarView() }
                    var raw = String.UnicodeScalarView(); raw.append(contentsOf: scalars[i...j])
                    var params = String.UnicodeScalarView(); params.append(contentsOf: scalars[(i + 2)..<j])
                    let numbers = String(params).split(separator: ";", omittingEmptySubsequences: false)
                        .map { Int($0.split(separator: ":").first ?? "0") ?? 0 }
                    out.append(.sgr(raw: String(raw), params: String(params).isEmpty ? [] : numbers))
                    i = j + 1
                    continue
                }
            }
            plain.append(scalars[i])
            i += 1
        }
        if !plain.isEmpty { out.append(.text(String(plain))) }
        return out
    }

    /// `style` after applying SGR `params` (reset, bold/dim/italic/underline/reverse, 8/16 colours, 256 and RGB).
    public static func apply(_ params: [Int], to style: Style) -> Style {
        var s = style
        if params.isEmpty { return .plain }
        var i = 0
        while i < params.count {
            let p = params[i]
            switch p {
            case 0: s = .plain
            case 1: s.attrs.insert(.bold)
            case 2: s.attrs.insert(.dim)
            case 3: s.attrs.insert(.italic)
            case 4: s.attrs.insert(.underline)
            case 7: s.attrs.insert(.reverse)
            case 22: s.attrs.remove(.bold); s.attrs.remove(.dim)
            case 23: s.attrs.remove(.italic)
            case 24: s.attrs.remove(.underline)
            case 27: s.attrs.remove(.reverse)
            case 30...37: s.fg = .ansi(UInt8(p - 30))
            case 39: s.fg = .default
            case 40...47: s.bg = .ansi(UInt8(p - 40))
            case 49: s.bg = .default
            case 90...97: s.fg = .ansi(UInt8(p - 90 + 8))
            case 100...107: s.bg = .ansi(UInt8(p - 100 + 8))
            case 38, 48:
                var color: Color?
                if i + 2 < params.count, params[i + 1] == 5 {
                    color = .indexed(UInt8(clamping: params[i + 2])); i += 2
                } else if i + 4 < params.count, params[i + 1] == 2 {
                    color = .rgb(UInt8(clamping: params[i + 2]), UInt8(clamping: params[i + 3]), UInt8(clamping: params[i + 4]))
                    i += 4
                }
                if let color { if p == 38 { s.fg = color } else { s.bg = color } }
            default: break
            }
            i += 1
        }
        return s
    }

    /// Styled runs for `text` starting from `style`, and the style in effect at the end (for the next piece).
    public static func runs(_ text: String, from style: Style = .plain) -> (runs: [(text: String, style: Style)], end: Style) {
        var current = style
        var runs: [(text: String, style: Style)] = []
        for seg in segments(text) {
            switch seg {
            case .text(let t): runs.append((t, current))
            case .sgr(_, let params): current = apply(params, to: current)
            }
        }
        return (runs, current)
    }
}
