import Foundation
import TOMLKit

/// How to run one language: the command and what the snippet file is called.
public struct RunnerSpec: Sendable, Equatable {
    /// The language name (the table key in `runners.toml`).
    public var language: String
    /// argv with `{file}` and `{python}` placeholders; the program is looked up on PATH unless it is a path.
    public var command: [String]
    /// The snippet file's extension.
    public var fileExtension: String
    /// Other language names that mean this runner.
    public var aliases: [String]
    /// False for runtimes that reserve large virtual ranges up front (V8, the Swift interpreter).
    public var limitAddressSpace: Bool
    /// Text on stderr that means the program ran out of memory under the limit.
    public var memoryErrors: [String]

    /// True when the command runs in the notebook's Python virtual environment.
    public var usesVenv: Bool { command.contains { $0.contains(RunnerTable.pythonPlaceholder) } }

    /// Creates a spec.
    public init(language: String, command: [String], fileExtension: String, aliases: [String] = [],
                limitAddressSpace: Bool = true, memoryErrors: [String] = []) {
        self.language = language; self.command = command; self.fileExtension = fileExtension
        self.aliases = aliases; self.limitAddressSpace = limitAddressSpace; self.memoryErrors = memoryErrors
    }

    /// argv with the placeholders filled.
    public func argv(file: String, python: String) -> [String] {
        command.map {
            $0.replacingOccurrences(of: RunnerTable.filePlaceholder, with: file)
                .replacingOccurrences(of: RunnerTable.pythonPlaceholder, with: python)
        }
    }
}

/// A problem in a runners file, naming what to fix.
public struct RunnerTableError: Error, CustomStringConvertible, Equatable {
    /// The message.
    public var description: String
    /// Creates an error.
    public init(_ message: String) { description = message }
}

/// The runners by language: the built-in file, with a user's file layered on top (a language there replaces it).
public struct RunnerTable: Sendable, Equatable {
    /// The specs by language name.
    public private(set) var specs: [String: RunnerSpec]

    /// `{file}`: the snippet file.
    public static let filePlaceholder = "{file}"
    /// `{python}`: the notebook's virtual environment's python.
    public static let pythonPlaceholder = "{python}"

    /// The built-in runners.
    public static let builtIn: RunnerTable = (try? parse(toml: embeddedTOML)) ?? RunnerTable(specs: [:])

    /// Creates a table.
    public init(specs: [String: RunnerSpec]) { self.specs = specs }

    /// The runner for a snippet's language (case-insensitive, aliases included), or nil.
    public func spec(for language: String?) -> RunnerSpec? {
        guard let raw = language?.trimmingCharacters(in: .whitespaces).lowercased(), !raw.isEmpty else { return nil }
        if let s = specs[raw] { return s }
        return specs.values.sorted { $0.language < $1.language }.first { $0.aliases.contains(raw) }
    }

    /// The language names, sorted (for messages).
    public var languages: [String] { specs.keys.sorted() }

    /// This table with `other`'s languages added or replaced.
    public func merging(_ other: RunnerTable) -> RunnerTable {
        RunnerTable(specs: specs.merging(other.specs) { _, new in new })
    }

    /// Reads a runners file. Unknown keys and wrong types are errors naming the language and key.
    public static func parse(toml text: String) throws -> RunnerTable {
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let e as TOMLParseError {
            throw RunnerTableError("not valid TOML at line \(e.source.begin.line): \(e.description)")
        } catch {
            throw RunnerTableError("not valid TOML: \(error)")
        }
        let known = ["command", "extension", "aliases", "address_space", "memory_errors"]
        var specs: [String: RunnerSpec] = [:]
        for (language, value) in table {
            guard let t = value.table else { throw RunnerTableError("[\(language)] must be a table") }
            for key in t.keys where !known.contains(key) {
                throw RunnerTableError("[\(language)] unknown key '\(key)' — the keys are \(known.joined(separator: ", "))")
            }
            func strings(_ key: String) throws -> [String]? {
                guard let v = t[key] else { return nil }
                guard let a = v.array else { throw RunnerTableError("[\(language)] \(key) must be a list of strings") }
                return try a.map {
                    guard let s = $0.string else { throw RunnerTableError("[\(language)] \(key) must be a list of strings") }
                    return s
                }
            }
            guard let command = try strings("command"), !command.isEmpty else {
                throw RunnerTableError("[\(language)] needs command = [\"program\", \"{file}\"]")
            }
            guard command.contains(where: { $0.contains(filePlaceholder) }) else {
                throw RunnerTableError("[\(language)] command must pass the snippet file as {file}")
            }
            let ext = t["extension"].map { $0.string } ?? "txt"
            guard let ext else { throw RunnerTableError("[\(language)] extension must be a string") }
            let limitAS: Bool
            if let v = t["address_space"] {
                guard let b = v.bool else { throw RunnerTableError("[\(language)] address_space must be true or false") }
                limitAS = b
            } else { limitAS = true }
            let name = language.lowercased()
            specs[name] = RunnerSpec(language: name, command: command, fileExtension: ext,
                                     aliases: (try strings("aliases") ?? []).map { $0.lowercased() },
                                     limitAddressSpace: limitAS, memoryErrors: try strings("memory_errors") ?? [])
        }
        return RunnerTable(specs: specs)
    }
}
