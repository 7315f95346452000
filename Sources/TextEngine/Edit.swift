import Foundation

/// One replacement of text: the value form of every change, with its exact inverse.
public struct Edit: Hashable, Sendable {
    /// The range replaced, in the document as it was before the edit.
    public var range: TextRange
    /// The text put in its place (`\n` separates lines).
    public var inserted: String
    /// The text that was in `range` before the edit.
    public var removed: String

    /// Creates an edit from its range, new text and the text it removes.
    public init(range: TextRange, inserted: String, removed: String) {
        self.range = range
        self.inserted = inserted
        self.removed = removed
    }

    /// The range holding `inserted` after the edit.
    public var insertedRange: TextRange {
        TextRange(range.lower, TextDocument.endPosition(inserting: inserted, at: range.lower))
    }

    /// The edit that undoes this one, expressed in the document as it is after this edit.
    public var inverse: Edit {
        Edit(range: insertedRange, inserted: removed, removed: inserted)
    }
}

/// What kind of change an edit was, for grouping undo steps.
public enum EditKind: Hashable, Sendable {
    /// Typed characters and newlines; consecutive typing within the group interval is one undo step.
    case typing
    /// Backspace (by grapheme or word).
    case deleteBackward
    /// Delete forward (by grapheme or word).
    case deleteForward
    /// A paste: always its own undo step.
    case paste
    /// Anything else (cut, indent, replace, task toggle): its own undo step.
    case other

    /// Whether consecutive edits of this kind may merge into one undo step.
    var merges: Bool {
        switch self {
        case .typing, .deleteBackward, .deleteForward: return true
        case .paste, .other: return false
        }
    }
}

extension TextDocument {
    /// Applies an edit (its `range` must describe this document) and returns the range now holding the new text.
    @discardableResult
    public mutating func apply(_ edit: Edit) -> TextRange {
        replace(edit.range, with: edit.inserted)
    }
}
