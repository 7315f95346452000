import ArgumentParser
import Foundation
import Notebook
import RecallKit
import Store

extension GlobalOptions {
    /// The database path these options name.
    var databasePath: String { db.map { ($0 as NSString).expandingTildeInPath } ?? AppDatabase.defaultPath() }

    /// Opens (creating and migrating if needed) the database these options name: for commands that write.
    func openDatabase() throws -> AppDatabase { try AppDatabase(path: databasePath) }

    /// Opens the existing database these options name without writing to it: for commands that only read.
    /// A missing file is an error ("no database at …"), never created; another process's write lock never blocks.
    func openForReading() throws -> AppDatabase { try AppDatabase(path: databasePath, access: .readOnly) }

    /// The query log beside this database (settings from config.toml and `RECALL_QUERY_LOG`), scrubbing the
    /// API key `profile` names.
    func queryLog(profile: LLMProfile? = nil) throws -> QueryLog {
        try QueryLog.open(databasePath: databasePath, origin: .cli, profile: profile)
    }
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
        FileHandle.standardOutput.write(jsonSafe(try encoder.encode(value)) + Data("\n".utf8))
    }

    /// JSON bytes with every scalar the terminal sanitizer would rewrite written as a `\uXXXX` escape: the encoder
    /// escapes U+0000–U+001F but writes DEL, the C1 controls (a raw 8-bit CSI/OSC some terminals act on) and the
    /// bidi controls raw. Inside JSON these scalars only occur in strings, so the document decodes to exactly the
    /// same values.
    static func jsonSafe(_ data: Data) -> Data {
        guard let text = String(data: data, encoding: .utf8), !TerminalText.isSafe(text) else { return data }
        var out = ""
        for s in text.unicodeScalars {
            if s.value >= 0x20 && !TerminalText.isSafe(String(s)) {
                let hex = String(s.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else { out.unicodeScalars.append(s) }
        }
        return Data(out.utf8)
    }

    /// Writes text on stdout through the terminal sanitizer (newlines and tabs kept).
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(TerminalText.sanitize(text).utf8))
    }

    /// Writes text on stderr through the terminal sanitizer (newlines and tabs kept).
    static func err(_ text: String) {
        FileHandle.standardError.write(Data(TerminalText.sanitize(text).utf8))
    }

    /// Writes text made of already-sanitized fields plus our own terminal codes (colour, `\r` for a progress
    /// line) unchanged. Only for text this program composed; every field in it must have gone through `field`/`safe`.
    static func styled(_ text: String, toStderr: Bool = false) {
        (toStderr ? FileHandle.standardError : FileHandle.standardOutput).write(Data(text.utf8))
    }

    /// Prints a line on stderr (sanitized).
    static func note(_ text: String) { err(text + "\n") }

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

    /// Multi-line text safe to print to a terminal (newlines and tabs kept; every other control made visible).
    static func safe(_ text: String) -> String { TerminalText.sanitize(text, .text) }

    /// One field (title, tag, name, id, file name) safe to print on one line: every control made visible.
    static func field(_ text: String) -> String { TerminalText.sanitize(text, .line) }
}

/// Every `print` in the recall executable goes through the terminal sanitizer: this shadows `Swift.print` in the
/// module, so no command can write a stored or typed string to the terminal raw.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    Output.out(items.map { "\($0)" }.joined(separator: separator) + terminator)
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

/// Says once on stderr what a command is waiting for when a server is slow to start answering (a model loading).
final class WaitingNote: @unchecked Sendable {
    /// The process's one note.
    static let shared = WaitingNote()
    private let lock = NSLock()
    private var said = false

    /// Prints "waiting for WHAT (loading the model?)…" the first time only.
    func say(_ what: String) {
        let first = lock.withLock { () -> Bool in
            defer { said = true }
            return !said
        }
        if first { Output.note("waiting for \(what) to answer (loading the model?)…") }
    }
}

/// Lines for stdout gathered into blocks (one write per ~32 KB instead of one per line); the first line is written
/// at once, so a long listing starts without delay. Text goes through the terminal sanitizer like `print`.
struct OutputBuffer {
    private var pending = ""
    private var wroteFirst = false

    /// Adds one line (a newline is appended).
    mutating func line(_ text: String) {
        pending += text
        pending += "\n"
        if !wroteFirst || pending.utf8.count >= 32_768 { flush() }
    }

    /// Writes what is pending.
    mutating func flush() {
        guard !pending.isEmpty else { return }
        Output.out(pending)
        pending = ""
        wroteFirst = true
    }
}
