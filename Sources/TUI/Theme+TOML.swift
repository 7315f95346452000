/// Reading themes from TOML data files.
///
/// ```toml
/// name = "dark"
/// inherits = "terminal"          # optional: another theme by name
/// "ui.background" = { bg = "bg" }
/// "ui.text" = "fg"               # a bare string sets the foreground
/// "ui.selection" = { fg = "fg", bg = "#44475a", modifiers = ["bold"] }
/// [palette]
/// bg = "#1e1e2e"
/// ```
/// Colours are palette names, `#rrggbb`, 0–255, ANSI names (`red`, `bright-blue`) or `default`.
/// Palettes and styles are merged along `inherits` before colours are resolved, so a child theme's
/// palette recolours its parent's styles.
extension Theme {
    /// A parsed theme file before `inherits` is resolved.
    public struct File: Sendable, Equatable {
        /// Name the file gives itself.
        public var name: String
        /// The theme it builds on, if any.
        public var inherits: String?
        /// Palette entries as written.
        public var palette: [String: String]
        /// Style definitions as written.
        public var styles: [String: ConfigValue]
    }

    /// Parses a theme file (shape only; colours are checked when resolved).
    public static func parse(toml text: String, fallbackName: String) throws -> File {
        let root = try ConfigValue.parseTOML(text)
        var palette: [String: String] = [:]
        for (k, v) in root["palette"]?.tableValue ?? [:] {
            guard let s = v.stringValue else { throw ConfigError.invalid("[palette] \(k): a colour is a string") }
            palette[k] = s
        }
        var styles: [String: ConfigValue] = [:]
        for (key, value) in root where key != "palette" && key != "name" && key != "inherits" { styles[key] = value }
        return File(name: root["name"]?.stringValue ?? fallbackName, inherits: root["inherits"]?.stringValue, palette: palette, styles: styles)
    }

    /// Resolves a named theme from files by name, following `inherits` (at most 8 deep).
    public static func resolve(name: String, files: [String: File]) throws -> Theme {
        var chain: [File] = []
        var current: String? = name
        var seen = Set<String>()
        while let n = current {
            guard !seen.contains(n), chain.count < 8 else { throw ConfigError.invalid("theme \"\(name)\": inherits loops") }
            seen.insert(n)
            guard let f = files[n] else { throw ConfigError.invalid("theme \"\(n)\" not found") }
            chain.append(f)
            current = f.inherits
        }
        var palette: [String: String] = [:]
        var raw: [String: ConfigValue] = [:]
        for f in chain.reversed() {
            palette.merge(f.palette) { $1 }
            raw.merge(f.styles) { $1 }
        }
        func color(_ text: String, key: String) throws -> Color {
            if let p = palette[text], let c = Color(parsing: p) { return c }
            if let c = Color(parsing: text) { return c }
            throw ConfigError.invalid("theme \"\(name)\", \"\(key)\": unknown colour \"\(text)\" (use #rrggbb, 0-255, a name like red, or a palette entry)")
        }
        var styles: [String: Style] = [:]
        for (key, value) in raw {
            switch value {
            case .string(let s):
                styles[key] = Style(fg: try color(s, key: key))
            case .table(let t):
                var st = Style()
                if let fg = t["fg"]?.stringValue { st.fg = try color(fg, key: key) }
                if let bg = t["bg"]?.stringValue { st.bg = try color(bg, key: key) }
                for m in t["modifiers"]?.arrayValue ?? [] {
                    switch m.stringValue ?? "" {
                    case "bold": st.attrs.insert(.bold)
                    case "dim": st.attrs.insert(.dim)
                    case "italic": st.attrs.insert(.italic)
                    case "underlined", "underline": st.attrs.insert(.underline)
                    case "reversed", "reverse": st.attrs.insert(.reverse)
                    default: throw ConfigError.invalid("theme \"\(name)\", \"\(key)\": unknown modifier \(m)")
                    }
                }
                styles[key] = st
            default:
                throw ConfigError.invalid("theme \"\(name)\", \"\(key)\": a style is a colour string or a table { fg, bg, modifiers }")
            }
        }
        return Theme(name: name, styles: styles)
    }
}
