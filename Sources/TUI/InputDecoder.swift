/// Something the user did at the terminal, decoded from bytes.
public enum InputEvent: Hashable, Sendable {
    /// A key press.
    case key(KeyEvent)
    /// A bracketed paste: the pasted text, as one event.
    case paste(String)
}

/// Turns raw terminal bytes into key and paste events (UTF-8, CSI/SS3 sequences, Alt prefix, bracketed paste).
///
/// Bytes may arrive split anywhere; incomplete sequences are kept until more bytes come or `flushPending`
/// is called (a lone ESC after a short pause is the Escape key).
public struct InputDecoder: Sendable {
    private var buffer: [UInt8] = []
    private var pasting = false
    private var pasteBytes: [UInt8] = []

    /// Creates a decoder with nothing pending.
    public init() {}

    /// True when bytes wait for the rest of a sequence (the caller should flush after a short pause).
    public var hasPending: Bool { !buffer.isEmpty && !pasting }

    /// True while inside a bracketed paste.
    public var isPasting: Bool { pasting }

    /// Feeds bytes; returns the complete events they finish.
    public mutating func feed(_ bytes: [UInt8]) -> [InputEvent] {
        buffer.append(contentsOf: bytes)
        return drain(final: false)
    }

    /// Treats whatever is pending as complete (a lone ESC becomes the Escape key).
    public mutating func flushPending() -> [InputEvent] { drain(final: true) }

    private static let pasteStart: [UInt8] = Array("\u{1B}[200~".utf8)
    private static let pasteEnd: [UInt8] = Array("\u{1B}[201~".utf8)

    private mutating func drain(final: Bool) -> [InputEvent] {
        var events: [InputEvent] = []
        var i = 0
        let b = buffer
        while i < b.count {
            if pasting {
                if let end = Self.find(Self.pasteEnd, in: b, from: i) {
                    pasteBytes.append(contentsOf: b[i..<end])
                    events.append(.paste(Self.decodePaste(pasteBytes)))
                    pasteBytes.removeAll(keepingCapacity: false)
                    pasting = false
                    i = end + Self.pasteEnd.count
                    continue
                }
                // Keep a possible partial end marker in the buffer.
                let keep = Self.partialSuffix(of: b[i...], matching: Self.pasteEnd)
                pasteBytes.append(contentsOf: b[i..<(b.count - keep)])
                i = b.count - keep
                break
            }
            switch parseOne(b, i, final: final) {
            case .incomplete:
                buffer = Array(b[i...])
                return events
            case .event(let e, let n):
                if let e { events.append(e) }
                i += n
            case .pasteBegins(let n):
                pasting = true
                i += n
            }
        }
        buffer = i < b.count ? Array(b[i...]) : []
        return events
    }

    private enum Parsed { case incomplete, event(InputEvent?, Int), pasteBegins(Int) }

    private func parseOne(_ b: [UInt8], _ i: Int, final: Bool) -> Parsed {
        let c = b[i]
        if c == 0x1B {
            if i + 1 >= b.count { return final ? .event(.key(KeyEvent(.escape)), 1) : .incomplete }
            let n = b[i + 1]
            if n == UInt8(ascii: "[") { return parseCSI(b, i, final: final) }
            if n == UInt8(ascii: "O") {
                if i + 2 >= b.count { return final ? .event(.key(KeyEvent(.char("O"), .alt)), 2) : .incomplete }
                let k: Key?
                switch b[i + 2] {
                case UInt8(ascii: "A"): k = .up
                case UInt8(ascii: "B"): k = .down
                case UInt8(ascii: "C"): k = .right
                case UInt8(ascii: "D"): k = .left
                case UInt8(ascii: "H"): k = .home
                case UInt8(ascii: "F"): k = .end
                case UInt8(ascii: "P"): k = .function(1)
                case UInt8(ascii: "Q"): k = .function(2)
                case UInt8(ascii: "R"): k = .function(3)
                case UInt8(ascii: "S"): k = .function(4)
                case UInt8(ascii: "M"): k = .enter
                default: k = nil
                }
                return .event(k.map { .key(KeyEvent($0)) }, 3)
            }
            if n == 0x1B { return .event(.key(KeyEvent(.escape)), 1) }
            // Alt + key: decode the next key and add alt.
            switch parseOne(b, i + 1, final: final) {
            case .incomplete: return .incomplete
            case .pasteBegins: return .event(.key(KeyEvent(.escape)), 1)
            case .event(let e, let len):
                if case .key(var k)? = e { k.modifiers.insert(.alt); return .event(.key(k), len + 1) }
                return .event(e, len + 1)
            }
        }
        if c < 0x20 || c == 0x7F {
            let k: KeyEvent
            switch c {
            case 0x0D, 0x0A: k = KeyEvent(.enter)
            case 0x09: k = KeyEvent(.tab)
            case 0x7F, 0x08: k = KeyEvent(.backspace)
            case 0x00: k = KeyEvent(.char(" "), .ctrl)
            case 0x1C: k = KeyEvent(.char("\\"), .ctrl)
            case 0x1D: k = KeyEvent(.char("]"), .ctrl)
            case 0x1E: k = KeyEvent(.char("^"), .ctrl)
            case 0x1F: k = KeyEvent(.char("/"), .ctrl)
            default: k = KeyEvent(.char(Character(Unicode.Scalar(c + 0x60))), .ctrl)
            }
            return .event(.key(k), 1)
        }
        // UTF-8.
        let len: Int
        if c < 0x80 { len = 1 } else if c & 0xE0 == 0xC0 { len = 2 } else if c & 0xF0 == 0xE0 { len = 3 } else if c & 0xF8 == 0xF0 { len = 4 } else {
            return .event(.key(KeyEvent(.char("\u{FFFD}"))), 1)
        }
        if i + len > b.count { return final ? .event(.key(KeyEvent(.char("\u{FFFD}"))), b.count - i) : .incomplete }
        for j in 1..<len where b[i + j] & 0xC0 != 0x80 { return .event(.key(KeyEvent(.char("\u{FFFD}"))), j) }
        let s = String(decoding: b[i..<(i + len)], as: UTF8.self)
        return .event(.key(KeyEvent(.char(s.first ?? "\u{FFFD}"))), len)
    }

    private func parseCSI(_ b: [UInt8], _ i: Int, final: Bool) -> Parsed {
        // ESC [ params final-byte(0x40–0x7E)
        var j = i + 2
        while j < b.count, !(0x40...0x7E).contains(b[j]) { j += 1 }
        guard j < b.count else { return final ? .event(.key(KeyEvent(.char("["), .alt)), 2) : .incomplete }
        let params = String(decoding: b[(i + 2)..<j], as: UTF8.self)
        let fin = b[j]
        let total = j - i + 1
        let nums = params.split(separator: ";").map { Int($0) ?? 0 }
        var mods: Modifiers = []
        if nums.count >= 2 {
            let m = nums[1] - 1
            if m & 1 != 0 { mods.insert(.shift) }
            if m & 2 != 0 { mods.insert(.alt) }
            if m & 4 != 0 { mods.insert(.ctrl) }
        }
        let key: Key?
        switch fin {
        case UInt8(ascii: "A"): key = .up
        case UInt8(ascii: "B"): key = .down
        case UInt8(ascii: "C"): key = .right
        case UInt8(ascii: "D"): key = .left
        case UInt8(ascii: "H"): key = .home
        case UInt8(ascii: "F"): key = .end
        case UInt8(ascii: "P"): key = .function(1)
        case UInt8(ascii: "Q"): key = .function(2)
        case UInt8(ascii: "R"): key = .function(3)
        case UInt8(ascii: "S"): key = .function(4)
        case UInt8(ascii: "Z"): key = .tab; mods.insert(.shift)
        case UInt8(ascii: "~"):
            switch nums.first ?? 0 {
            case 200: return .pasteBegins(total)
            case 201: return .event(nil, total)
            case 1, 7: key = .home
            case 2: key = .insert
            case 3: key = .delete
            case 4, 8: key = .end
            case 5: key = .pageUp
            case 6: key = .pageDown
            case 11...15: key = .function((nums.first ?? 11) - 10)
            case 17...21: key = .function((nums.first ?? 17) - 11)
            case 23, 24: key = .function((nums.first ?? 23) - 12)
            default: key = nil
            }
        default: key = nil
        }
        return .event(key.map { .key(KeyEvent($0, mods)) }, total)
    }

    private static func find(_ needle: [UInt8], in hay: [UInt8], from: Int) -> Int? {
        guard hay.count - from >= needle.count else { return nil }
        var i = from
        let first = needle[0]
        while i <= hay.count - needle.count {
            if hay[i] == first, Array(hay[i..<(i + needle.count)]) == needle { return i }
            i += 1
        }
        return nil
    }

    private static func partialSuffix(of s: ArraySlice<UInt8>, matching marker: [UInt8]) -> Int {
        let maxLen = min(marker.count - 1, s.count)
        var n = maxLen
        while n > 0 {
            if Array(s.suffix(n)) == Array(marker.prefix(n)) { return n }
            n -= 1
        }
        return 0
    }

    /// Pasted bytes as text: invalid UTF-8 repaired, CRLF and CR turned into LF.
    static func decodePaste(_ bytes: [UInt8]) -> String {
        let s = String(decoding: bytes, as: UTF8.self)
        return s.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }
}

import Foundation
