/// A colour theme: named styles with fallback from `ui.text.focus` to `ui.text` to `ui`.
public struct Theme: Sendable, Equatable {
    /// Human name.
    public var name: String
    /// Styles by scope key.
    public private(set) var styles: [String: Style]

    /// Creates a theme from styles.
    public init(name: String, styles: [String: Style]) {
        self.name = name
        self.styles = styles
    }

    /// The style for a scope, falling back to its parents (`a.b.c` → `a.b` → `a`), else plain.
    public func style(_ key: String) -> Style {
        var k = Substring(key)
        while true {
            if let s = styles[String(k)] { return s }
            guard let dot = k.lastIndex(of: ".") else { return .plain }
            k = k[..<dot]
        }
    }

    /// The style for a scope laid over the style of a base scope (so a text style keeps its pane background).
    public func style(_ key: String, over base: String) -> Style {
        style(base).patched(with: style(key))
    }

    /// This theme adjusted for a terminal of `depth`: with no colour, styles that differ from the
    /// background only by colour get reverse video, so selections and menus stay visible (`NO_COLOR`).
    public func adapted(to depth: ColorDepth) -> Theme {
        guard depth == .none else { return self }
        let baseBG = style("ui.background").bg
        var out: [String: Style] = [:]
        for (k, s) in styles {
            var n = s
            if s.bg != .default && s.bg != baseBG && !s.attrs.contains(.reverse) { n.attrs.insert(.reverse) }
            n.fg = .default
            n.bg = .default
            out[k] = n
        }
        return Theme(name: name, styles: out)
    }

    /// A theme with `other`'s styles laid over this one's.
    public func merged(with other: Theme) -> Theme {
        var s = styles
        for (k, v) in other.styles { s[k] = v }
        return Theme(name: other.name, styles: s)
    }
}
