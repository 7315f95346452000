/// A terminal colour: the terminal's default, one of the 16 ANSI colours, a 256-palette index, or 24-bit RGB.
public enum Color: Hashable, Sendable {
    /// The terminal's own default foreground or background.
    case `default`
    /// One of the 16 ANSI colours (0–15).
    case ansi(UInt8)
    /// An index into the xterm 256-colour palette.
    case indexed(UInt8)
    /// A 24-bit colour, reduced to what the terminal supports when drawn.
    case rgb(UInt8, UInt8, UInt8)
}

/// Text attributes that a cell can carry.
public struct TextAttributes: OptionSet, Hashable, Sendable {
    /// The raw bit set.
    public let rawValue: UInt8
    /// Creates attributes from raw bits.
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// Bold (or bright) text.
    public static let bold = TextAttributes(rawValue: 1)
    /// Dim text.
    public static let dim = TextAttributes(rawValue: 2)
    /// Italic text.
    public static let italic = TextAttributes(rawValue: 4)
    /// Underlined text.
    public static let underline = TextAttributes(rawValue: 8)
    /// Foreground and background swapped.
    public static let reverse = TextAttributes(rawValue: 16)
}

/// The look of a cell: foreground, background and attributes.
public struct Style: Hashable, Sendable {
    /// Foreground colour.
    public var fg: Color
    /// Background colour.
    public var bg: Color
    /// Attributes such as bold or reverse.
    public var attrs: TextAttributes

    /// Creates a style.
    public init(fg: Color = .default, bg: Color = .default, attrs: TextAttributes = []) {
        self.fg = fg
        self.bg = bg
        self.attrs = attrs
    }

    /// The terminal's plain default look.
    public static let plain = Style()

    /// This style with other attributes added.
    public func adding(_ more: TextAttributes) -> Style {
        var s = self
        s.attrs.formUnion(more)
        return s
    }

    /// This style with `other`'s non-default colours and attributes layered on top.
    public func patched(with other: Style) -> Style {
        var s = self
        if other.fg != .default { s.fg = other.fg }
        if other.bg != .default { s.bg = other.bg }
        s.attrs.formUnion(other.attrs)
        return s
    }
}

/// How many colours a terminal can show; colours are reduced to fit when drawn.
public enum ColorDepth: Int, Sendable, Comparable {
    /// No colour at all (`NO_COLOR`, or a monochrome terminal): attributes only.
    case none = 0
    /// The 8/16 ANSI colours.
    case ansi16 = 16
    /// The xterm 256-colour palette.
    case palette256 = 256

    /// Orders depths by how many colours they show.
    public static func < (a: ColorDepth, b: ColorDepth) -> Bool { a.rawValue < b.rawValue }

    /// The depth for a terminal reporting `colors` colours.
    public static func forColorCount(_ colors: Int) -> ColorDepth {
        if colors >= 256 { return .palette256 }
        if colors >= 8 { return .ansi16 }
        return .none
    }
}
