import AppCore
import Foundation
import TUI

/// Finds and loads themes and keymaps: built-in copies first, then the data files from the install
/// (or repository) directory, then the user's own files from `$XDG_CONFIG_HOME/recall/`.
///
/// Search order for the data directory (the first that has a `themes/` folder wins):
/// `$RECALL_HOME`, then each parent of the executable's directory and its `share/recall/`
/// (so both `.build/debug/recall` in a checkout and `PREFIX/bin/recall` with `PREFIX/share/recall/` work).
/// User files: `themes/*.toml` and `keymaps/*.toml` add or replace by name; `keymap.toml` is merged over the
/// chosen keymap (`"none"` unbinds). The names come from `RECALL_THEME` / `RECALL_KEYMAP`, else
/// `config.toml`'s `[tui] theme = …, keymap = …`, else `dark` and `default`.
struct Resources {
    /// Theme files by name.
    var themeFiles: [String: Theme.File] = [:]
    /// The chosen theme name.
    var themeName = "dark"
    /// The resolved keymap.
    var keymap: Keymap
    /// Problems found in data files (shown in the status line at start, never fatal).
    var warnings: [String] = []
    /// Where the data files were found, if anywhere.
    var dataDirectory: String?

    /// A keymap file names a command (or a context) that does not exist: the app does not start, and the message
    /// names the file and the line.
    struct KeymapError: Error, CustomStringConvertible {
        /// `path:line: …` lines.
        var problems: [String]
        var description: String {
            problems.joined(separator: "\n") + "\n(commands are listed by `?` in the app and in keymaps/default.toml; fix or remove the line)"
        }
    }

    /// Loads everything for an environment and an executable path.
    static func load(environment env: [String: String], executable: String) throws -> Resources {
        var warnings: [String] = []
        var themeTexts = EmbeddedDefaults.themes
        var keymapTexts = EmbeddedDefaults.keymaps
        var keymapPaths: [String: String] = [:]
        let dataDir = findDataDirectory(environment: env, executable: executable)
        if let dataDir {
            readTOMLFiles(in: dataDir + "/themes", into: &themeTexts)
            readTOMLFiles(in: dataDir + "/keymaps", into: &keymapTexts, paths: &keymapPaths)
        }
        let configDir = (env["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? ((env["HOME"] ?? NSHomeDirectory()) + "/.config")) + "/recall"
        readTOMLFiles(in: configDir + "/themes", into: &themeTexts)
        readTOMLFiles(in: configDir + "/keymaps", into: &keymapTexts, paths: &keymapPaths)

        var config: [String: ConfigValue] = [:]
        if let text = try? String(contentsOfFile: configDir + "/config.toml", encoding: .utf8) {
            do { config = try ConfigValue.parseTOML(text) } catch { warnings.append("config.toml: \(error) — using defaults") }
        }
        let tui = config["tui"]?.tableValue ?? [:]

        var themeFiles: [String: Theme.File] = [:]
        for (name, text) in themeTexts {
            do { themeFiles[name] = try Theme.parse(toml: text, fallbackName: name) } catch {
                warnings.append("theme \(name): \(error)")
                if let builtin = EmbeddedDefaults.themes[name], let f = try? Theme.parse(toml: builtin, fallbackName: name) { themeFiles[name] = f }
            }
        }
        var themeName = env["RECALL_THEME"].flatMap { $0.isEmpty ? nil : $0 } ?? tui["theme"]?.stringValue ?? "dark"
        if themeFiles[themeName] == nil {
            warnings.append("theme “\(themeName)” not found — using dark")
            themeName = "dark"
        }

        var keymapFiles: [String: Keymap.File] = [:]
        for (name, text) in keymapTexts {
            do { keymapFiles[name] = try Keymap.parse(toml: text, fallbackName: name) } catch {
                warnings.append("keymap \(name): \(error)")
                if let builtin = EmbeddedDefaults.keymaps[name], let f = try? Keymap.parse(toml: builtin, fallbackName: name) { keymapFiles[name] = f }
            }
        }
        let keymapName = env["RECALL_KEYMAP"].flatMap { $0.isEmpty ? nil : $0 } ?? tui["keymap"]?.stringValue ?? "default"
        var keymap: Keymap
        do { keymap = try Keymap.resolve(name: keymapName, files: keymapFiles) } catch {
            warnings.append("\(error) — using the default keymap")
            keymap = (try? Keymap.resolve(name: "default", files: keymapFiles)) ?? Keymap(name: "default")
        }
        var problems: [String] = []
        var seen = Set<String>()
        var next: String? = keymapName
        while let n = next, seen.insert(n).inserted, let text = keymapTexts[n] {
            problems += unknownNames(in: text, path: keymapPaths[n] ?? "built-in keymap \(n)")
            next = keymapFiles[n]?.inherits
        }
        if let text = try? String(contentsOfFile: configDir + "/keymap.toml", encoding: .utf8) {
            problems += unknownNames(in: text, path: configDir + "/keymap.toml")
            do {
                var user = try Keymap.parse(toml: text, fallbackName: keymap.name)
                if !user.modalSet { user.keymap.modal = keymap.modal }
                user.keymap.name = keymap.name
                keymap = keymap.merged(with: user.keymap)
            } catch { warnings.append("keymap.toml: \(error)") }
        }
        if !problems.isEmpty { throw KeymapError(problems: problems) }
        return Resources(themeFiles: themeFiles, themeName: themeName, keymap: keymap, warnings: warnings, dataDirectory: dataDir)
    }

    /// The resolved theme by name (falls back to the built-in dark theme).
    func theme(named name: String) -> Theme {
        if let t = try? Theme.resolve(name: name, files: themeFiles) { return t }
        let builtin = EmbeddedDefaults.themes["dark"].flatMap { try? Theme.parse(toml: $0, fallbackName: "dark") }
        return builtin.flatMap { try? Theme.resolve(name: "dark", files: ["dark": $0]) } ?? Theme(name: "plain", styles: [:])
    }

    /// Theme names, sorted (for cycling).
    var themeNames: [String] { themeFiles.keys.sorted() }

    static func findDataDirectory(environment env: [String: String], executable: String) -> String? {
        let fm = FileManager.default
        func has(_ dir: String) -> Bool {
            var isDir: ObjCBool = false
            return fm.fileExists(atPath: dir + "/themes", isDirectory: &isDir) && isDir.boolValue
        }
        if let home = env["RECALL_HOME"], !home.isEmpty, has(home) { return home }
        var dir = (URL(fileURLWithPath: executable).resolvingSymlinksInPath().path as NSString).deletingLastPathComponent
        for _ in 0..<6 {
            if has(dir) { return dir }
            if has(dir + "/share/recall") { return dir + "/share/recall" }
            let parent = (dir as NSString).deletingLastPathComponent
            if parent == dir { break }
            dir = parent
        }
        return nil
    }

    static func readTOMLFiles(in dir: String, into texts: inout [String: String]) {
        var paths: [String: String] = [:]
        readTOMLFiles(in: dir, into: &texts, paths: &paths)
    }

    static func readTOMLFiles(in dir: String, into texts: inout [String: String], paths: inout [String: String]) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
        for n in names where n.hasSuffix(".toml") {
            if let t = try? String(contentsOfFile: dir + "/" + n, encoding: .utf8) {
                texts[String(n.dropLast(5))] = t
                paths[String(n.dropLast(5))] = dir + "/" + n
            }
        }
    }

    /// `path:line: …` for each binding to a command the command table does not have, and each table that is not a
    /// context. Checked line by line so the message can say where.
    static func unknownNames(in text: String, path: String) -> [String] {
        var out: [String] = []
        var table: String?
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#") || line.isEmpty { continue }
            if line.hasPrefix("[") {
                let name = line.trimmingCharacters(in: CharacterSet(charactersIn: "[] "))
                table = name
                if !Commands.contextNames.contains(name) {
                    out.append("\(path):\(i + 1): unknown context [\(name)] (contexts: \(Commands.contextNames.sorted().joined(separator: ", ")))")
                }
                continue
            }
            guard table != nil, let eq = line.lastIndex(of: "=") else { continue }
            let value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            guard value.hasPrefix("\""), value.count >= 2 else { continue }
            let command = String(value.dropFirst().prefix { $0 != "\"" })
            if command != Keymap.unbound, Commands.named(command) == nil {
                out.append("\(path):\(i + 1): unknown command \"\(command)\"")
            }
        }
        return out
    }
}
