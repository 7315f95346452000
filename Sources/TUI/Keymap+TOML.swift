/// Reading keymaps from TOML data files.
///
/// ```toml
/// name = "vim"
/// inherits = "default"   # another keymap by name, resolved by the loader
/// modal = true
/// [navigator]
/// "j" = "nav.down"
/// "ctrl-d" = "none"      # unbinds
/// ```
extension Keymap {
    /// A parsed keymap file before `inherits` is resolved.
    public struct File: Sendable, Equatable {
        /// The keymap's own bindings.
        public var keymap: Keymap
        /// The name of the keymap it builds on, if any.
        public var inherits: String?
        /// Whether the file set `modal` explicitly.
        public var modalSet: Bool
    }

    /// Parses a keymap file; an unknown key name is an error naming it.
    public static func parse(toml text: String, fallbackName: String) throws -> File {
        let root = try ConfigValue.parseTOML(text)
        var km = Keymap(name: root["name"]?.stringValue ?? fallbackName)
        var modalSet = false
        if let m = root["modal"]?.boolValue { km.modal = m; modalSet = true }
        // A table is a context; a nested table (`[editor.normal]`) is the context "editor.normal".
        func addContext(_ name: String, _ table: [String: ConfigValue]) throws {
            for keyName in table.keys.sorted() {
                if let sub = table[keyName]?.tableValue {
                    try addContext(name + "." + keyName, sub)
                    continue
                }
                guard let command = table[keyName]?.stringValue else {
                    throw ConfigError.invalid("[\(name)] \"\(keyName)\": the command must be a string")
                }
                guard let key = KeyEvent(name: keyName) else {
                    throw ConfigError.invalid("[\(name)] unknown key name \"\(keyName)\" (use names like ctrl-p, alt-1, enter, f5, space)")
                }
                km.bind(key, to: command, in: name)
            }
        }
        for context in ["global", "navigator", "editor", "ask", "review", "overlay", "help", "confirm"] + root.keys.sorted() {
            guard km.contexts[context] == nil, let table = root[context]?.tableValue else { continue }
            try addContext(context, table)
        }
        return File(keymap: km, inherits: root["inherits"]?.stringValue, modalSet: modalSet)
    }

    /// Resolves a named keymap from files by name (following `inherits`, at most 8 deep).
    public static func resolve(name: String, files: [String: File]) throws -> Keymap {
        var chain: [File] = []
        var current: String? = name
        var seen = Set<String>()
        while let n = current {
            guard !seen.contains(n), chain.count < 8 else { throw ConfigError.invalid("keymap \"\(name)\": inherits loops") }
            seen.insert(n)
            guard let f = files[n] else { throw ConfigError.invalid("keymap \"\(n)\" not found") }
            chain.append(f)
            current = f.inherits
        }
        var result = Keymap(name: name)
        for f in chain.reversed() {
            var k = f.keymap
            if !f.modalSet { k.modal = result.modal }
            result = result.merged(with: k)
        }
        result.name = name
        return result
    }
}
