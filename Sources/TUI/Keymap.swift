/// One key binding: a key in a context runs a named command.
public struct KeyBinding: Hashable, Sendable {
    /// The context where it applies (`global`, `navigator`, `editor`, `editor.normal`, `search`, …).
    public var context: String
    /// The key.
    public var key: KeyEvent
    /// The command name (see the command table in AppCore).
    public var command: String

    /// Creates a binding.
    public init(context: String, key: KeyEvent, command: String) {
        self.context = context
        self.key = key
        self.command = command
    }
}

/// The table that maps keys to command names, per context. The same table dispatches keys and
/// generates the help overlay and the palette's key column, so they cannot disagree.
public struct Keymap: Sendable, Equatable {
    /// Human name (`default`, `vim`).
    public var name: String
    /// True when the editor is modal (vim-flavoured): it starts in `editor.normal` and only inserts in `editor`.
    public var modal: Bool
    /// Bindings per context, in file order.
    public private(set) var contexts: [String: [KeyEvent: String]]
    /// Context names in the order they were first seen (for stable help output).
    public private(set) var contextOrder: [String]

    /// Creates an empty keymap.
    public init(name: String, modal: Bool = false) {
        self.name = name
        self.modal = modal
        contexts = [:]
        contextOrder = []
    }

    /// Binds a key in a context; the command `none` unbinds it (and hides bindings of later contexts).
    public mutating func bind(_ key: KeyEvent, to command: String, in context: String) {
        if contexts[context] == nil { contextOrder.append(context) }
        contexts[context, default: [:]][key] = command.isEmpty ? Keymap.unbound : command
    }

    /// The command name that marks a key as deliberately unbound.
    public static let unbound = "none"

    /// The command bound to a key, searching the contexts in order (most specific first).
    public func command(for key: KeyEvent, in chain: [String]) -> String? {
        for c in chain {
            if let cmd = contexts[c]?[key] { return cmd == Keymap.unbound ? nil : cmd }
        }
        return nil
    }

    /// The bindings of one context, sorted by command name then key name.
    public func bindings(in context: String) -> [KeyBinding] {
        (contexts[context] ?? [:]).filter { $0.value != Keymap.unbound }.map { KeyBinding(context: context, key: $0.key, command: $0.value) }
            .sorted { ($0.command, $0.key.description) < ($1.command, $1.key.description) }
    }

    /// Every binding, contexts in file order.
    public var allBindings: [KeyBinding] { contextOrder.flatMap { bindings(in: $0) } }

    /// The keys that run a command in a context chain (most specific context first), for help and palette.
    public func keys(for command: String, in chain: [String]) -> [KeyEvent] {
        var seen = Set<KeyEvent>()
        var out: [KeyEvent] = []
        for c in chain {
            for (k, v) in contexts[c] ?? [:] where v == command && !seen.contains(k) {
                seen.insert(k)
                out.append(k)
            }
        }
        return out.sorted { $0.description.count == $1.description.count ? $0.description < $1.description : $0.description.count < $1.description.count }
    }

    /// This keymap with `overrides` laid on top (user files): their bindings win, `none` unbinds.
    public func merged(with overrides: Keymap) -> Keymap {
        var m = self
        if overrides.name != "" { m.name = overrides.name }
        m.modal = overrides.modal
        for c in overrides.contextOrder {
            for (k, v) in overrides.contexts[c] ?? [:] { m.bind(k, to: v, in: c) }
        }
        return m
    }
}
