import Foundation

/// Why a selection could not become a cloze gap.
public enum ClozeSelectionError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The selection is empty or only white space.
    case empty
    /// The selection overlaps a gap the note already has.
    case overlapsGap
    /// The selection holds cloze markup (`{{`, `}}` or `::`), which would break the note's text.
    case containsMarkup
    /// The note's text no longer matches the passage (the passage changed since the note was made).
    case passageChanged

    /// The message shown to a person.
    public var description: String {
        switch self {
        case .empty: "nothing selected — select the words to hide (shift+arrows), then press the key again"
        case .overlapsGap: "that text is already part of a gap of this note — select other words"
        case .containsMarkup: "the selection holds cloze markup ({{, }} or ::) — select plain words"
        case .passageChanged: "the passage changed since its cloze note was made — save and select again"
        }
    }
}

extension Cloze {
    /// Adds a gap to a cloze note made from a passage of notes.
    ///
    /// `plain` is the passage as the user reads it; `range` a UTF-8 byte range in it (trimmed of white space at both
    /// ends). `marked` is the note's current cloze text (nil for a new note); its plain text must equal `plain`. The new
    /// gap gets the next number (c1 for a new note, then c2, c3…); existing gaps keep their numbers.
    /// Returns the note's new text and the number of the new gap.
    public static func addingGap(_ range: Range<Int>, in plain: String, to marked: String?) throws(ClozeSelectionError) -> (text: String, number: Int) {
        let bytes = Array(plain.utf8)
        var lo = max(0, min(range.lowerBound, bytes.count)), hi = max(lo, min(range.upperBound, bytes.count))
        func blank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        while lo < hi, blank(bytes[lo]) { lo += 1 }
        while hi > lo, blank(bytes[hi - 1]) { hi -= 1 }
        guard lo < hi else { throw .empty }
        let selected = String(decoding: bytes[lo..<hi], as: UTF8.self)
        guard !selected.contains("{{"), !selected.contains("}}"), !selected.contains("::") else { throw .containsMarkup }

        let text = marked ?? plain
        guard Cloze.plain(text) == plain else { throw .passageChanged }
        let marks = Array(text.utf8)
        // Literal stretches of the marked text and where they sit in the plain text; gaps in plain offsets.
        var literals: [(plain: Int, marked: Int, length: Int)] = []
        var gaps: [Range<Int>] = []
        var plainAt = 0, markedAt = 0
        let deletions = Cloze.deletions(in: text)
        for d in deletions {
            let start = text.utf8.distance(from: text.startIndex, to: d.range.lowerBound)
            let end = text.utf8.distance(from: text.startIndex, to: d.range.upperBound)
            literals.append((plainAt, markedAt, start - markedAt))
            plainAt += start - markedAt
            gaps.append(plainAt..<(plainAt + d.text.utf8.count))
            plainAt += d.text.utf8.count
            markedAt = end
        }
        literals.append((plainAt, markedAt, marks.count - markedAt))
        let wanted = lo..<hi
        guard !gaps.contains(where: { !$0.isEmpty && $0.overlaps(wanted) }) else { throw .overlapsGap }
        guard let seg = literals.first(where: { $0.plain <= lo && hi <= $0.plain + $0.length }) else { throw .overlapsGap }
        let a = seg.marked + (lo - seg.plain), b = seg.marked + (hi - seg.plain)
        let number = (deletions.map(\.index).max() ?? 0) + 1
        var out = Array(marks[0..<a])
        out += Array("{{c\(number)::".utf8)
        out += marks[a..<b]
        out += Array("}}".utf8)
        out += marks[b...]
        return (String(decoding: out, as: UTF8.self), number)
    }
}

/// What a selection in the editor becomes: the selection is the answer of a basic or reversed card (the prompt is
/// typed), or a gap of the passage's cloze note.
public enum SelectionCardKind: Hashable, Sendable {
    /// Prompt → selection.
    case basic(prompt: String)
    /// Prompt → selection, and selection → prompt.
    case reversed(prompt: String)
    /// The selection becomes the next `{{cN::…}}` gap of the passage's cloze note.
    case cloze
}
