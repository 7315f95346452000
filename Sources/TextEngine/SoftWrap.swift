/// One visual row of a logical line: a byte range of the line and its display width.
public struct VisualRow: Hashable, Sendable {
    /// UTF-8 offset where the row starts.
    public var start: Int
    /// UTF-8 offset just past the row.
    public var end: Int
    /// Display columns the row occupies.
    public var width: Int

    /// Creates a row from its byte range and width.
    public init(start: Int, end: Int, width: Int) {
        self.start = start
        self.end = end
        self.width = width
    }
}

/// Soft wrapping of one logical line into visual rows.
///
/// Rows break after whitespace when the next word does not fit, otherwise before the cluster that does not
/// fit; a cluster is never split and a wide cluster never straddles the edge. Tabs expand to tab stops
/// counted from the row's start. Rows never exceed `width` (taken as at least 2, the widest cluster).
/// Cost is O(line length) and only the lines being drawn or navigated are wrapped.
public enum SoftWrap {
    /// The visual rows of a line for a wrap width; a line without wrapping (`width == nil`) is one row.
    public static func rows(of line: String, width: Int?, tabWidth: Int) -> [VisualRow] {
        guard let width else {
            return [VisualRow(start: 0, end: line.utf8.count, width: DisplayWidth.width(of: line, tabWidth: tabWidth))]
        }
        let limit = max(width, 2)
        if isPrintableASCII(line) { return asciiRows(of: line, width: limit) }
        return clusterRows(of: line, width: limit, tabWidth: tabWidth)
    }

    /// The general wrapping over grapheme clusters (any text).
    static func clusterRows(of line: String, width limit: Int, tabWidth: Int) -> [VisualRow] {
        var rows: [VisualRow] = []
        var rowStart = line.startIndex
        var index = line.startIndex
        var column = 0
        var breakIndex: String.Index?
        var breakColumn = 0
        while index < line.endIndex {
            let cluster = line[index]
            let next = line.index(after: index)
            let clusterWidth = Self.width(of: cluster, atColumn: column, tabWidth: tabWidth, limit: limit)
            if column + clusterWidth > limit && column > 0 {
                if let breakAt = breakIndex, cluster != " " {
                    rows.append(VisualRow(start: offset(line, rowStart), end: offset(line, breakAt), width: breakColumn))
                    rowStart = breakAt
                    index = breakAt
                } else {
                    rows.append(VisualRow(start: offset(line, rowStart), end: offset(line, index), width: column))
                    rowStart = index
                }
                column = 0
                breakIndex = nil
                continue
            }
            column += clusterWidth
            index = next
            if cluster == " " || cluster == "\t" {
                breakIndex = next
                breakColumn = column
            }
        }
        rows.append(VisualRow(start: offset(line, rowStart), end: line.utf8.count, width: column))
        return rows
    }

    /// Whether every byte is printable ASCII (one byte = one cluster = one column): the fast path.
    static func isPrintableASCII(_ line: String) -> Bool {
        line.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    /// Whether the bytes of a row are all printable ASCII (rows end on cluster boundaries, so each byte
    /// of such a row is a one-column cluster whatever the rest of the line holds).
    static func isPrintableASCII(_ line: String, row: VisualRow) -> Bool {
        let utf8 = line.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: row.start)
        let end = utf8.index(utf8.startIndex, offsetBy: row.end)
        return utf8[start..<end].allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    /// `rows(of:width:tabWidth:)` for printable ASCII, on bytes.
    static func asciiRows(of line: String, width: Int) -> [VisualRow] {
        let count = line.utf8.count
        if count <= width { return [VisualRow(start: 0, end: count, width: count)] }
        var rows: [VisualRow] = []
        var start = 0
        let utf8 = line.utf8
        func byte(_ offset: Int) -> UInt8 { utf8[utf8.index(utf8.startIndex, offsetBy: offset)] }
        while count - start > width {
            // Break after the last space that fits, if the row has one and the next byte is not a space.
            var end = start + width
            if byte(end) != 0x20 {
                var probe = end
                while probe > start && byte(probe - 1) != 0x20 { probe -= 1 }
                if probe > start { end = probe }
            }
            rows.append(VisualRow(start: start, end: end, width: end - start))
            start = end
        }
        rows.append(VisualRow(start: start, end: count, width: count - start))
        return rows
    }

    /// A cluster's width in a row: its display width, capped at the wrap width (a stand-in such as `<200b>`
    /// wider than a very narrow view is cut, never allowed to overflow the row).
    public static func width(of cluster: Character, atColumn column: Int, tabWidth: Int, limit: Int?) -> Int {
        let width = DisplayWidth.width(of: cluster, atColumn: column, tabWidth: tabWidth)
        guard let limit else { return width }
        return min(width, max(limit, 2))
    }

    /// The byte offset of a string index.
    static func offset(_ line: String, _ index: String.Index) -> Int {
        line.utf8.distance(from: line.utf8.startIndex, to: index)
    }

    /// The display column of a byte offset within a row (tabs expanded from the row start).
    public static func column(of offset: Int, in row: VisualRow, line: String, tabWidth: Int, width: Int?) -> Int {
        if isPrintableASCII(line, row: row) { return min(max(offset, row.start), row.end) - row.start }
        var column = 0
        var index = TextDocument.index(in: line, offset: row.start)
        let target = TextDocument.index(in: line, offset: min(offset, row.end))
        while index < target {
            column += Self.width(of: line[index], atColumn: column, tabWidth: tabWidth, limit: width)
            index = line.index(after: index)
        }
        return column
    }

    /// The byte offset in a row nearest to a display column, on a grapheme boundary.
    ///
    /// A column inside a wide cluster lands on its start. `allowEnd` permits the row's end offset (true for a
    /// line's last row; false for wrapped rows, whose end belongs to the next row).
    public static func offset(atColumn target: Int, in row: VisualRow, line: String, tabWidth: Int, width wrapWidth: Int?,
                              allowEnd: Bool) -> Int {
        if isPrintableASCII(line, row: row) {
            let last = allowEnd || row.end == row.start ? row.end : row.end - 1
            return min(row.start + max(target, 0), last)
        }
        var column = 0
        var index = TextDocument.index(in: line, offset: row.start)
        let end = TextDocument.index(in: line, offset: row.end)
        var last = index
        while index < end {
            let width = Self.width(of: line[index], atColumn: column, tabWidth: tabWidth, limit: wrapWidth)
            if column + width > target { return offset(line, index) }
            column += width
            last = index
            index = line.index(after: index)
        }
        if allowEnd || last == end { return offset(line, index) }
        return offset(line, last)
    }
}
