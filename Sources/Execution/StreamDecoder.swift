import Foundation

/// Turns a byte stream into text piece by piece: an incomplete UTF-8 character or escape sequence at the end of
/// a piece waits for the next one, so a sequence split across two reads is never shown half.
public struct StreamDecoder: Sendable {
    private var pending: [UInt8] = []

    /// Creates a decoder.
    public init() {}

    /// The text that is complete after `bytes`; the rest waits.
    public mutating func feed(_ bytes: some Collection<UInt8>) -> String {
        pending.append(contentsOf: bytes)
        let cut = Self.completePrefix(pending)
        let text = String(decoding: pending[..<cut], as: UTF8.self)
        pending.removeFirst(cut)
        return text
    }

    /// Everything left (at end of stream), decoded as it is.
    public mutating func finish() -> String {
        defer { pending = [] }
        return String(decoding: pending, as: UTF8.self)
    }

    /// The length of the prefix that ends neither inside a UTF-8 character nor inside an escape sequence
    /// (at most 64 bytes are held back for an unfinished sequence).
    static func completePrefix(_ b: [UInt8]) -> Int {
        var end = b.count
        // An unfinished UTF-8 character at the end.
        var i = end - 1
        var back = 0
        while i >= 0 && back < 4 && b[i] & 0xC0 == 0x80 { i -= 1; back += 1 }
        if i >= 0 && b[i] >= 0xC0 {
            let need = b[i] >= 0xF0 ? 4 : b[i] >= 0xE0 ? 3 : 2
            if back + 1 < need { end = i }
        }
        // An unfinished ESC sequence at the end (CSI ends with a byte 0x40–0x7E; others after one more byte).
        let start = max(0, end - 64)
        if let esc = b[start..<end].lastIndex(of: 0x1B) {
            if esc == end - 1 { return esc }
            if b[esc + 1] == UInt8(ascii: "[") {
                let finished = b[(esc + 2)..<end].contains { $0 >= 0x40 && $0 <= 0x7E }
                if !finished { return esc }
            }
        }
        return end
    }
}
