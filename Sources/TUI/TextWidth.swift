import TextEngine

/// Column widths as the whole app counts them: forwards to TextEngine's `DisplayWidth`, so the editor's
/// layout and the frame's cells always agree.
public enum TextWidth {
    /// Columns a grapheme cluster takes (tabs count 1; control characters count their visible form).
    @inline(__always)
    public static func of(_ ch: Character) -> Int {
        if let a = ch.asciiValue, a >= 0x20, a < 0x7F { return 1 }
        return DisplayWidth.width(of: ch)
    }

    /// Columns a string takes.
    public static func of<S: StringProtocol>(_ s: S) -> Int {
        var w = 0
        for c in s { w += of(c) }
        return w
    }
}
