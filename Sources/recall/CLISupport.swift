import ArgumentParser
import Foundation
import Notebook
import Store

extension GlobalOptions {
    /// The database path these options name.
    var databasePath: String { db.map { ($0 as NSString).expandingTildeInPath } ?? AppDatabase.defaultPath() }

    /// Opens (creating and migrating if needed) the database these options name: for commands that write.
    func openDatabase() throws -> AppDatabase { try AppDatabase(path: databasePath) }

    /// Opens the existing database these options name without writing to it: for commands that only read.
    /// A missing file is an error ("no database at …"), never created; another process's write lock never blocks.
    func openForReading() throws -> AppDatabase { try AppDatabase(path: databasePath, access: .readOnly) }
}

/// Output helpers: data to stdout, diagnostics to stderr.
enum Output {
    /// A JSON encoder with snake_case keys, ISO 8601 dates and stable key order.
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.keyEncodingStrategy = .convertToSnakeCase
        e.dateEncodingStrategy = .iso8601
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    /// Prints a value as one JSON document on stdout.
    static func json<T: Encodable>(_ value: T) throws {
        let data = try encoder.encode(value)
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }

    /// Prints a line on stderr.
    static func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// True when stdout is a terminal (colour and decorations allowed).
    static var stdoutIsTTY: Bool { isatty(1) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil }

    /// A short id for display.
    static func short(_ id: String) -> String { String(id.prefix(8)) }

    /// Renders an ISO 8601 UTC time.
    static func iso(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }

    /// Text safe to print to a terminal: control characters (other than newline and tab) shown as `^X`/U+FFFD,
    /// so note text can never send escape sequences.
    static func safe(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for s in text.unicodeScalars {
            if s == "\n" || s == "\t" { out.unicodeScalars.append(s); continue }
            if s.value < 0x20 { out += "^" + String(UnicodeScalar(s.value + 0x40)!) ; continue }
            if s.value == 0x7F || (0x80...0x9F).contains(s.value) { out += "\u{FFFD}"; continue }
            out.unicodeScalars.append(s)
        }
        return out
    }
}

/// A thrown error that prints one clear line and exits with code 1.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}

/// Resolves a notebook from an id prefix or an exact (case-insensitive) title.
func resolveNotebook(_ db: AppDatabase, _ key: String) throws -> NotebookItem {
    if let r = try? db.resolve(key), case .notebook(let n) = r { return n }
    return try uniqueByTitle(key, in: db.tree().flatMap { $0.notebooks.map(\.notebook) }, title: \.title, id: \.id, kind: "notebook")
}

/// Resolves a project from an id prefix or an exact (case-insensitive) title.
func resolveProject(_ db: AppDatabase, _ key: String) throws -> Project {
    if let r = try? db.resolve(key), case .project(let p) = r { return p }
    return try uniqueByTitle(key, in: db.tree().map(\.project), title: \.title, id: \.id, kind: "project")
}

/// The one item whose title is `key` (case-insensitive); several is ambiguous, none says how to find ids.
func uniqueByTitle<T>(_ key: String, in items: [T], title: KeyPath<T, String>, id: KeyPath<T, String>, kind: String) throws -> T {
    let matches = items.filter { $0[keyPath: title].caseInsensitiveCompare(key) == .orderedSame }
    if matches.count == 1 { return matches[0] }
    if matches.count > 1 { throw StoreError.ambiguousID(key, matches: matches.map { Output.short($0[keyPath: id]) }) }
    throw CLIError("no \(kind) matches '\(key)' — run `recall list` to see \(kind)s and their ids")
}

/// Resolves a snippet id prefix.
func resolveSnippet(_ db: AppDatabase, _ key: String) throws -> Snippet {
    guard case .snippet(let s) = try db.resolve(key) else {
        throw CLIError("'\(key)' is not a snippet — run `recall list` to see snippet ids")
    }
    return s
}

extension TimeZone {
    /// UTC, without a force unwrap.
    static let utc = TimeZone(secondsFromGMT: 0) ?? .current
}
