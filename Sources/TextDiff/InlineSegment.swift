/// A run of a changed line's text, marked changed or unchanged against the line it is paired with.
public struct InlineSegment: Hashable, Sendable {
    /// The characters of this run.
    public var text: String
    /// True when this run is not in the paired line (removed from the old line, or added in the new one).
    public var changed: Bool

    /// A segment of text, changed or not.
    public init(_ text: String, changed: Bool) {
        self.text = text
        self.changed = changed
    }
}

/// Word-level changes between two lines: which words, spaces and punctuation differ.
public enum WordDiff {
    /// Longer lines than this are marked changed as a whole (the word diff is quadratic in the worst case).
    public static let maxLineLength = 4_000

    /// The old line's and the new line's segments: unchanged runs shared by both, changed runs on each side.
    public static func segments(old: String, new: String) -> (old: [InlineSegment], new: [InlineSegment]) {
        if old.count > maxLineLength || new.count > maxLineLength {
            return (old.isEmpty ? [] : [InlineSegment(old, changed: true)], new.isEmpty ? [] : [InlineSegment(new, changed: true)])
        }
        let a = tokens(old), b = tokens(new)
        let script = EditScript.between(a.map { Array($0.utf8) }, b.map { Array($0.utf8) })
        var oldSegments: [InlineSegment] = [], newSegments: [InlineSegment] = []
        for step in script {
            switch step {
            case .keep(let i, let j):
                append(a[i], changed: false, to: &oldSegments)
                append(b[j], changed: false, to: &newSegments)
            case .remove(let i):
                append(a[i], changed: true, to: &oldSegments)
            case .insert(let j):
                append(b[j], changed: true, to: &newSegments)
            }
        }
        return (oldSegments, newSegments)
    }

    /// Splits a line into tokens: runs of letters/digits/underscore, runs of whitespace, and single other characters.
    public static func tokens(_ line: String) -> [String] {
        var result: [String] = []
        var current = ""
        var currentClass = 0
        for character in line {
            let cls: Int
            if character.isLetter || character.isNumber || character == "_" { cls = 1 }
            else if character.isWhitespace { cls = 2 }
            else { cls = 3 }
            if cls == currentClass && cls != 3 {
                current.append(character)
            } else {
                if !current.isEmpty { result.append(current) }
                current = String(character)
                currentClass = cls
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    private static func append(_ text: String, changed: Bool, to segments: inout [InlineSegment]) {
        if let last = segments.last, last.changed == changed {
            segments[segments.count - 1].text += text
        } else {
            segments.append(InlineSegment(text, changed: changed))
        }
    }
}
