import Foundation

/// Reads `tmux capture-pane -e` output (text with SGR escape sequences, attribute state carried across lines)
/// into which characters are drawn in reverse video — an exact oracle, where a substring test for "7m" would
/// also match unrelated sequences such as a 256-colour index.
enum TUIScreenAttributes {
    /// For each screen line, the characters shown in reverse video (other characters become spaces).
    static func reverseVideo(_ styled: String) -> [String] {
        var lines: [String] = []
        var current = ""
        var reverse = false
        var chars = Array(styled.unicodeScalars)[...]
        while let c = chars.first {
            chars = chars.dropFirst()
            if c == "\u{1B}", chars.first == "[" {
                chars = chars.dropFirst()
                var params = ""
                while let p = chars.first, !(p.value >= 0x40 && p.value <= 0x7E) { params.unicodeScalars.append(p); chars = chars.dropFirst() }
                let final = chars.first
                chars = chars.dropFirst()
                if final == "m" { reverse = apply(params, reverse: reverse) }
            } else if c == "\n" {
                lines.append(current)
                current = ""
            } else {
                current.unicodeScalars.append(reverse ? c : " ")
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// The reverse-video flag after one SGR sequence's parameters (0/empty resets, 7 sets, 27 clears;
    /// the arguments of 38/48/58 colour selections are skipped, not read as attributes).
    static func apply(_ params: String, reverse: Bool) -> Bool {
        var reverse = reverse
        let list = params.isEmpty ? [0] : params.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 }
        var i = 0
        while i < list.count {
            switch list[i] {
            case 0: reverse = false
            case 7: reverse = true
            case 27: reverse = false
            case 38, 48, 58:
                if i + 1 < list.count, list[i + 1] == 5 { i += 2 } else if i + 1 < list.count, list[i + 1] == 2 { i += 4 }
            default: break
            }
            i += 1
        }
        return reverse
    }
}
