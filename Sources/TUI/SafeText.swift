/// Making note text safe to draw: control characters become visible symbols, never raw terminal input.
///
/// Note text is data. An ESC byte in a snippet must not reach the terminal, or a note could move the
/// cursor, change the title or write to the clipboard (escape-sequence injection).
public enum SafeText {
    /// The visible stand-in for a character that must not be sent to the terminal, or nil if it is safe.
    public static func replacement(for ch: Character) -> Character? {
        let scalars = ch.unicodeScalars
        guard let first = scalars.first else { return nil }
        let v = first.value
        if v < 0x20 { return Character(Unicode.Scalar(0x2400 + v)!) }  // ␀…␟ control pictures
        if v == 0x7F { return "␡" }
        if v >= 0x80 && v < 0xA0 { return "�" }
        if (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) { return "�" }  // bidi overrides
        if scalars.count > 1 {
            // A cluster that carries a control scalar after its base (e.g. "e\u{1B}") is not drawn as-is.
            for s in scalars.dropFirst() where s.value < 0x20 || s.value == 0x7F || (s.value >= 0x80 && s.value < 0xA0) {
                return "�"
            }
        }
        if TextWidth.of(scalar: v) == 0 && v >= 0x300 { return nil }
        return nil
    }

    /// The character as it should be drawn (itself when safe).
    public static func displayable(_ ch: Character) -> Character {
        replacement(for: ch) ?? ch
    }
}
