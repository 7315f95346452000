/// A key on the keyboard, independent of modifiers.
public enum Key: Hashable, Sendable {
    /// A printable character (letters arrive with their case; shift is folded into the character).
    case char(Character)
    case enter, tab, backspace, delete, insert, escape
    case up, down, left, right, home, end, pageUp, pageDown
    /// Function key F1–F12.
    case function(Int)
}

/// Modifier keys held with a key.
public struct Modifiers: OptionSet, Hashable, Sendable {
    /// The raw bit set.
    public let rawValue: UInt8
    /// Creates modifiers from raw bits.
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// Control.
    public static let ctrl = Modifiers(rawValue: 1)
    /// Alt (sent as an ESC prefix).
    public static let alt = Modifiers(rawValue: 2)
    /// Shift (only for non-character keys such as arrows and Tab).
    public static let shift = Modifiers(rawValue: 4)
}

/// A key with its modifiers: what a keymap binds and what input decoding produces.
public struct KeyEvent: Hashable, Sendable, CustomStringConvertible {
    /// The key.
    public var key: Key
    /// Modifiers held.
    public var modifiers: Modifiers

    /// Creates a key event.
    public init(_ key: Key, _ modifiers: Modifiers = []) {
        self.key = key
        self.modifiers = modifiers
    }

    /// A plain character key.
    public static func char(_ c: Character) -> KeyEvent { KeyEvent(.char(c)) }
    /// Control plus a letter.
    public static func ctrl(_ c: Character) -> KeyEvent { KeyEvent(.char(c), .ctrl) }
    /// Alt plus a character.
    public static func alt(_ c: Character) -> KeyEvent { KeyEvent(.char(c), .alt) }

    /// The printable character this event types, if it is a plain character.
    public var typedCharacter: Character? {
        if case .char(let c) = key, modifiers.isEmpty { return c }
        return nil
    }

    /// The canonical name, as used in keymap files: `ctrl-p`, `alt-1`, `shift-tab`, `pgdown`, `?`, `space`.
    public var description: String {
        var parts: [String] = []
        if modifiers.contains(.ctrl) { parts.append("ctrl") }
        if modifiers.contains(.alt) { parts.append("alt") }
        if modifiers.contains(.shift) { parts.append("shift") }
        parts.append(KeyEvent.name(of: key))
        return parts.joined(separator: "-")
    }

    static func name(of key: Key) -> String {
        switch key {
        case .char(" "): return "space"
        case .char("-"): return "minus"
        case .char(let c): return String(c)
        case .enter: return "enter"
        case .tab: return "tab"
        case .backspace: return "backspace"
        case .delete: return "del"
        case .insert: return "ins"
        case .escape: return "esc"
        case .up: return "up"
        case .down: return "down"
        case .left: return "left"
        case .right: return "right"
        case .home: return "home"
        case .end: return "end"
        case .pageUp: return "pgup"
        case .pageDown: return "pgdown"
        case .function(let n): return "f\(n)"
        }
    }

    /// Parses a key name such as `ctrl-p`, `C-p`, `alt-enter`, `S-tab`, `F5`, `space`, `?`, `minus`.
    public init?(name raw: String) {
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return nil }
        if text == "-" { self.init(.char("-")); return }
        var parts = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        // "ctrl--" means ctrl plus minus.
        if parts.count >= 2, parts.last == "", parts[parts.count - 2] == "" { parts.removeLast(2); parts.append("-") }
        guard let keyName = parts.popLast(), !keyName.isEmpty else { return nil }
        var mods: Modifiers = []
        for p in parts {
            switch p.lowercased() {
            case "ctrl", "c", "control": mods.insert(.ctrl)
            case "alt", "a", "m", "meta": mods.insert(.alt)
            case "shift", "s": mods.insert(.shift)
            default: return nil
            }
        }
        let key: Key
        switch keyName.lowercased() {
        case "enter", "return", "ret", "cr": key = .enter
        case "tab": key = .tab
        case "backspace", "bs": key = .backspace
        case "del", "delete": key = .delete
        case "ins", "insert": key = .insert
        case "esc", "escape": key = .escape
        case "up": key = .up
        case "down": key = .down
        case "left": key = .left
        case "right": key = .right
        case "home": key = .home
        case "end": key = .end
        case "pgup", "pageup": key = .pageUp
        case "pgdown", "pgdn", "pagedown": key = .pageDown
        case "space": key = .char(" ")
        case "minus": key = .char("-")
        default:
            let lower = keyName.lowercased()
            if lower.count >= 2, lower.first == "f", let n = Int(lower.dropFirst()), (1...12).contains(n) {
                key = .function(n)
            } else if keyName.count == 1, let c = keyName.first {
                // Letters with ctrl are case-folded; a capital letter alone means shift+letter.
                key = .char(mods.contains(.ctrl) ? Character(c.lowercased()) : c)
            } else {
                return nil
            }
        }
        self.init(key, mods)
    }
}

import Foundation
