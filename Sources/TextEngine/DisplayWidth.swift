/// Terminal column width of grapheme clusters, and the safe visible form a renderer draws.
///
/// Policy (kept identical to what `safeForm(of:)` returns, so layout and drawing agree):
/// - printable ASCII is 1 column; a tab expands to the next tab stop (see `width(of:atColumn:tabWidth:)`);
/// - a cluster's width is the sum of its scalars' widths (East Asian Wide/Fullwidth and emoji presentation
///   are 2, combining marks, ZWJ, variation selectors and Hangul medial/final jamo are 0, others 1), except
///   emoji sequences — a VS16 (U+FE0F) presentation, a ZWJ sequence led by a wide emoji, a regional-indicator
///   flag or a skin-tone modified emoji — which are 2;
/// - control characters (C0, DEL, C1) are drawn in caret or hex notation (`^[`, `^?`, `<9b>`), never raw, so
///   note text cannot inject terminal escape sequences; invisible clusters (format characters such as U+200B,
///   bidi overrides, a lone variation selector) are drawn as `<200b>`; a combining mark with no base is drawn
///   on a dotted circle `◌́`. Their width is the width of that visible form.
public enum DisplayWidth {
    /// Columns one grapheme cluster occupies when drawn (a tab counts as 1 here; use the tab-aware overload).
    public static func width(of cluster: Character) -> Int {
        if let ascii = cluster.asciiValue {
            if ascii >= 0x20 && ascii < 0x7F { return 1 }
            if ascii == 0x09 { return 1 }
            return cluster == "\r\n" ? 4 : 2
        }
        return visible(cluster).width
    }

    /// Columns a cluster occupies when it starts at display column `column` (tabs reach the next tab stop).
    public static func width(of cluster: Character, atColumn column: Int, tabWidth: Int) -> Int {
        if cluster == "\t" {
            let stop = max(tabWidth, 1)
            return stop - (column % stop)
        }
        return width(of: cluster)
    }

    /// Total display width of a string laid out from column 0 (tabs expanded).
    public static func width(of text: some StringProtocol, tabWidth: Int = 4) -> Int {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
        var column = 0
        for cluster in text { column += width(of: cluster, atColumn: column, tabWidth: tabWidth) }
        return column
    }

    /// The text a terminal may safely draw for a cluster: never contains a control character.
    ///
    /// A tab maps to a single space (the layout expands it to the tab stop).
    public static func safeForm(of cluster: Character) -> String {
        if let ascii = cluster.asciiValue, ascii >= 0x20 && ascii < 0x7F { return String(cluster) }
        if cluster == "\t" { return " " }
        return visible(cluster).text
    }

    /// The safe visible text and width of a cluster in one pass (a tab is one space here).
    public static func visibleForm(of cluster: Character) -> (text: String, width: Int) {
        if let ascii = cluster.asciiValue, ascii >= 0x20 && ascii < 0x7F { return (String(cluster), 1) }
        if cluster == "\t" { return (" ", 1) }
        if cluster.asciiValue != nil {
            let text = visible(cluster).text
            return (text, text.count)
        }
        return visible(cluster)
    }

    /// Safe visible text of a whole string (tabs become single spaces; controls become caret notation).
    public static func safeText(_ text: some StringProtocol) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for cluster in text { out += safeForm(of: cluster) }
        return out
    }

    /// Width of one scalar on its own, from the generated tables (controls report 0).
    static func scalarWidth(_ value: UInt32) -> Int {
        if value < 0x300 {
            if value < 0x20 || (value >= 0x7F && value < 0xA0) { return 0 }
            return 1
        }
        if inTable(DisplayWidthTables.zero, value) { return 0 }
        if inTable(DisplayWidthTables.wide, value) { return 2 }
        return 1
    }

    /// Binary search of a flattened, sorted table of inclusive ranges.
    static func inTable(_ table: [UInt32], _ value: UInt32) -> Bool {
        var low = 0
        var high = table.count / 2 - 1
        if high < 0 || value < table[0] || value > table[table.count - 1] { return false }
        while low <= high {
            let mid = (low + high) / 2
            if value < table[2 * mid] {
                high = mid - 1
            } else if value > table[2 * mid + 1] {
                low = mid + 1
            } else {
                return true
            }
        }
        return false
    }

    /// Whether a scalar is a C0 control, DEL or C1 control.
    static func isControl(_ value: UInt32) -> Bool {
        value < 0x20 || (value >= 0x7F && value < 0xA0)
    }

    /// Caret (`^[`) or hex (`<9b>`) notation for a control scalar.
    static func controlNotation(_ value: UInt32) -> String {
        if value < 0x20 { return "^" + String(UnicodeScalar(UInt8(value + 0x40))) }
        if value == 0x7F { return "^?" }
        return "<" + String(value, radix: 16) + ">"
    }

    /// Visible text and width of a non-trivial cluster.
    static func visible(_ cluster: Character) -> (text: String, width: Int) {
        let scalars = cluster.unicodeScalars
        if scalars.contains(where: { isControl($0.value) }) {
            var text = ""
            for scalar in scalars {
                text += isControl(scalar.value) ? controlNotation(scalar.value) : ""
            }
            return (text, text.count)
        }
        var iterator = scalars.makeIterator()
        guard let first = iterator.next() else { return ("", 0) }
        let firstWidth = scalarWidth(first.value)
        var sum = firstWidth
        var hasVS16 = false
        var hasZWJ = false
        var hasModifier = false
        var count = 1
        while let scalar = iterator.next() {
            count += 1
            switch scalar.value {
            case 0xFE0F: hasVS16 = true
            case 0x200D: hasZWJ = true
            case 0x1F3FB...0x1F3FF: hasModifier = true
            default: break
            }
            sum += scalarWidth(scalar.value)
        }
        if count > 1 {
            let isRegional = (0x1F1E6...0x1F1FF).contains(first.value)
            if hasVS16 && (firstWidth == 2 || inTable(DisplayWidthTables.vs16, first.value)) { return (String(cluster), 2) }
            if (hasZWJ || hasModifier) && firstWidth == 2 { return (String(cluster), 2) }
            if isRegional { return (String(cluster), 2) }
        }
        if sum > 0 { return (String(cluster), sum) }
        return invisible(cluster, first: first)
    }

    /// Visible stand-in for a cluster that would otherwise draw as nothing.
    static func invisible(_ cluster: Character, first: Unicode.Scalar) -> (text: String, width: Int) {
        switch first.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .spacingMark:
            return ("\u{25CC}" + String(cluster), 1)
        default:
            let text = "<" + cluster.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: " ") + ">"
            return (text, text.count)
        }
    }
}
