/// A markdown list item recognised at the start of a line: `- `, `* `, `+ `, `1. `, `1) `, with an optional
/// task box `[ ]`, `[~]`, `[x]`.
struct MarkdownListItem: Hashable, Sendable {
    /// Leading whitespace.
    var indent: String
    /// The bullet or number marker, e.g. `-` or `12.`.
    var marker: String
    /// The whitespace after the marker.
    var spacing: String
    /// UTF-8 offset of the marker.
    var markerOffset: Int
    /// UTF-8 offset just after the marker, its spacing and any task box (where the content starts).
    var markerEnd: Int
    /// UTF-8 offset of the `[` of a task box.
    var taskBoxOffset: Int?
    /// The mark inside the task box: " ", "~", "x" or "X".
    var taskMark: Character?
    /// Whether nothing but whitespace follows the marker.
    var contentIsEmpty: Bool

    /// Parses a list item at the start of a line, or returns nil.
    init?(line: String) {
        let bytes = Array(line.utf8)
        var index = 0
        while index < bytes.count && (bytes[index] == 0x20 || bytes[index] == 0x09) { index += 1 }
        let markerStart = index
        guard index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "*") || bytes[index] == UInt8(ascii: "+") {
            index += 1
        } else {
            while index < bytes.count && index - markerStart < 9 && bytes[index] >= 0x30 && bytes[index] <= 0x39 { index += 1 }
            guard index > markerStart, index < bytes.count,
                  bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ")") else { return nil }
            index += 1
        }
        let markerEndIndex = index
        guard index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 else { return nil }
        while index < bytes.count && (bytes[index] == 0x20 || bytes[index] == 0x09) && index - markerEndIndex < 4 { index += 1 }
        let spacingEnd = index
        var box: Int?
        var mark: Character?
        if index + 2 < bytes.count, bytes[index] == UInt8(ascii: "["), bytes[index + 2] == UInt8(ascii: "]"),
           [UInt8(ascii: " "), UInt8(ascii: "x"), UInt8(ascii: "X"), UInt8(ascii: "~")].contains(bytes[index + 1]),
           index + 3 == bytes.count || bytes[index + 3] == 0x20 {
            box = index
            mark = Character(UnicodeScalar(bytes[index + 1]))
            index += 3
            if index < bytes.count { index += 1 }
        }
        self.indent = String(decoding: bytes[0..<markerStart], as: UTF8.self)
        self.marker = String(decoding: bytes[markerStart..<markerEndIndex], as: UTF8.self)
        self.spacing = String(decoding: bytes[markerEndIndex..<spacingEnd], as: UTF8.self)
        self.markerOffset = markerStart
        self.markerEnd = index
        self.taskBoxOffset = box
        self.taskMark = mark
        self.contentIsEmpty = bytes[index...].allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    /// The prefix of the next item: same indent, next number or same bullet, a fresh task box if any.
    var continuation: String {
        var next = marker
        if let last = marker.last, last == "." || last == ")", let number = Int(marker.dropLast()) {
            next = String(number + 1) + String(last)
        }
        return indent + next + spacing + (taskBoxOffset == nil ? "" : "[ ] ")
    }
}
