import Foundation
import TOMLKit

/// The query log's switch and rotation limits: `[log]` in config.toml, `RECALL_QUERY_LOG=off` in the environment.
///
/// ```toml
/// [log]
/// queries = true        # false: record nothing
/// max_entries = 10000   # rotate above this many entries (the newest are kept)
/// keep_days = 90        # drop entries older than this
/// ```
public struct QueryLogSettings: Sendable, Hashable {
    /// Record entries at all.
    public var enabled: Bool
    /// The most entries kept.
    public var maxEntries: Int
    /// The oldest entries kept, in days.
    public var keepDays: Int

    /// Creates settings (defaults: on, 10 000 entries, 90 days).
    public init(enabled: Bool = true, maxEntries: Int = 10_000, keepDays: Int = 90) {
        self.enabled = enabled
        self.maxEntries = maxEntries
        self.keepDays = keepDays
    }

    static let knownKeys: Set<String> = ["queries", "max_entries", "keep_days"]

    /// Reads `[log]` from the config file (if any), then `RECALL_QUERY_LOG` (`off`/`0`/`false` or `on`/`1`/`true`).
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> QueryLogSettings {
        var settings = QueryLogSettings()
        let path = LLMConfigLoader.configPath(environment: environment)
        if FileManager.default.fileExists(atPath: path), let data = FileManager.default.contents(atPath: path) {
            settings = try parse(String(decoding: data, as: UTF8.self), path: path)
        }
        if let raw = environment["RECALL_QUERY_LOG"], !raw.isEmpty {
            switch raw.lowercased() {
            case "off", "0", "false", "no": settings.enabled = false
            case "on", "1", "true", "yes": settings.enabled = true
            default: throw ConfigError("RECALL_QUERY_LOG=\(raw) is not on or off — use RECALL_QUERY_LOG=off to stop logging queries")
            }
        }
        return settings
    }

    /// Parses the `[log]` table of a config file (other tables are not this parser's business).
    public static func parse(_ text: String, path: String) throws -> QueryLogSettings {
        var settings = QueryLogSettings()
        guard let table = try? TOMLTable(string: text) else { return settings }  // the LLM config loader reports bad TOML
        guard let value = table["log"] else { return settings }
        guard let log = value.table else { throw ConfigError("\(path): [log] must be a table") }
        for key in log.keys where !knownKeys.contains(key) {
            throw ConfigError("\(path) [log]: unknown key '\(key)' (known: \(knownKeys.sorted().joined(separator: ", ")))")
        }
        if let v = log["queries"] {
            guard let b = v.bool else { throw ConfigError("\(path) [log]: queries must be true or false") }
            settings.enabled = b
        }
        if let v = log["max_entries"] {
            guard let n = v.int, n > 0 else { throw ConfigError("\(path) [log]: max_entries must be a positive whole number") }
            settings.maxEntries = n
        }
        if let v = log["keep_days"] {
            guard let n = v.int, n > 0 else { throw ConfigError("\(path) [log]: keep_days must be a positive whole number") }
            settings.keepDays = n
        }
        return settings
    }
}
