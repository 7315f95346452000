/// A one-line text field (search box, prompts): text, a cursor, and the edits a person makes.
public struct LineInput: Equatable, Sendable {
    /// The text.
    public private(set) var text: String
    /// Cursor position in characters (0…count).
    public private(set) var cursor: Int

    /// Creates a field with text and the cursor at its end.
    public init(_ text: String = "") {
        self.text = text
        cursor = text.count
    }

    /// Applies a key; returns true when the text changed.
    @discardableResult
    public mutating func handle(_ key: KeyEvent) -> Bool {
        if let c = key.typedCharacter {
            insert(String(c))
            return true
        }
        switch (key.key, key.modifiers) {
        case (.backspace, []), (.char("h"), .ctrl):
            guard cursor > 0 else { return false }
            let i = text.index(text.startIndex, offsetBy: cursor - 1)
            text.remove(at: i)
            cursor -= 1
            return true
        case (.delete, []), (.char("d"), .ctrl):
            guard cursor < text.count else { return false }
            text.remove(at: text.index(text.startIndex, offsetBy: cursor))
            return true
        case (.left, []), (.char("b"), .ctrl): cursor = max(0, cursor - 1)
        case (.right, []), (.char("f"), .ctrl): cursor = min(text.count, cursor + 1)
        case (.home, []), (.char("a"), .ctrl): cursor = 0
        case (.end, []), (.char("e"), .ctrl): cursor = text.count
        case (.char("u"), .ctrl):
            guard !text.isEmpty else { return false }
            text = ""
            cursor = 0
            return true
        case (.char("w"), .ctrl), (.backspace, .alt):
            guard cursor > 0 else { return false }
            var chars = Array(text)
            var i = cursor
            while i > 0, chars[i - 1] == " " { i -= 1 }
            while i > 0, chars[i - 1] != " " { i -= 1 }
            chars.removeSubrange(i..<cursor)
            text = String(chars)
            cursor = i
            return true
        default: break
        }
        return false
    }

    /// Inserts text at the cursor (newlines become spaces: the field is one line).
    public mutating func insert(_ s: String) {
        let clean = s.replacingOccurrences(of: "\n", with: " ")
        let i = text.index(text.startIndex, offsetBy: cursor)
        text.insert(contentsOf: clean, at: i)
        cursor += clean.count
    }

    /// Inserts a line break at the cursor (for boxes that hold several lines, like Ask's question box).
    public mutating func insertLineBreak() {
        let i = text.index(text.startIndex, offsetBy: cursor)
        text.insert("\n", at: i)
        cursor += 1
    }

    /// Replaces the whole text (cursor at the end), keeping line breaks.
    public mutating func set(_ s: String) {
        text = s
        cursor = s.count
    }

    /// Draws the field in a row of a frame, scrolled so the cursor shows; returns the cursor's screen column.
    @discardableResult
    public func draw(into frame: inout Frame, x: Int, y: Int, width: Int, style: Style) -> Int {
        frame.fill(Rect(x: x, y: y, width: width, height: 1), style: style)
        let chars = Array(text)
        var start = 0
        var w = TextWidth.of(String(chars[0..<cursor]))
        while w > width - 1, start < cursor {
            w -= TextWidth.of(chars[start])
            start += 1
        }
        frame.put(String(chars[start...]), x: x, y: y, style: style, maxX: x + width)
        return x + w
    }
}

import Foundation
