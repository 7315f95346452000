import Execution
import Foundation
import TOMLKit

/// The snippet limits from `[run]` in config.toml, over the defaults (`recall run` flags go over these):
///
/// ```toml
/// [run]
/// timeout_seconds = 30
/// memory_mb = 1024
/// cpu_seconds = 30
/// output_kb = 1024
/// ```
public enum RunSettings {
    /// The keys `[run]` may hold.
    static let keys = ["timeout_seconds", "memory_mb", "cpu_seconds", "output_kb"]

    /// Reads `[run]` from the config file (if any).
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> RunLimits {
        let path = LLMConfigLoader.configPath(environment: environment)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return .defaults }
        return try parse(text, path: path)
    }

    /// Parses the `[run]` table of a config file (other tables are other parsers' business).
    public static func parse(_ text: String, path: String) throws -> RunLimits {
        var limits = RunLimits.defaults
        guard let table = try? TOMLTable(string: text), let value = table["run"] else { return limits }
        guard let run = value.table else { throw ConfigError("\(path): [run] must be a table") }
        for key in run.keys where !keys.contains(key) {
            throw ConfigError("\(path) [run]: unknown key '\(key)' (known: \(keys.joined(separator: ", ")))")
        }
        func positive(_ key: String, atMost limit: Double) throws -> Double? {
            guard let v = run[key] else { return nil }
            guard let n = v.double ?? v.int.map(Double.init), n > 0, n <= limit else {
                throw ConfigError("\(path) [run]: \(key) must be a positive number up to \(Int(limit))")
            }
            return n
        }
        if let t = try positive("timeout_seconds", atMost: RunLimits.maximumSeconds) { limits.timeoutSeconds = t }
        if let m = try positive("memory_mb", atMost: Double(RunLimits.maximumMemoryMB)) { limits.memoryBytes = UInt64(m * 1_048_576) }
        if let c = try positive("cpu_seconds", atMost: RunLimits.maximumSeconds) { limits.cpuSeconds = UInt64(c.rounded(.up)) }
        if let o = try positive("output_kb", atMost: Double(RunLimits.maximumOutputKB)) { limits.outputBytes = Int(o * 1024) }
        return limits
    }
}
