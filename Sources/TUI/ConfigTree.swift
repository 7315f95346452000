import TOMLKit

/// A parsed TOML document as plain Sendable values (TOMLKit's tables are classes and not Sendable).
public indirect enum ConfigValue: Hashable, Sendable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case array([ConfigValue])
    case table([String: ConfigValue])

    /// Parses TOML text; the error message names the line when TOMLKit reports one.
    public static func parseTOML(_ text: String) throws -> [String: ConfigValue] {
        do {
            let table = try TOMLTable(string: text)
            return convert(table)
        } catch let e as TOMLParseError {
            throw ConfigError.invalid("line \(e.source.begin.line): \(e.description)")
        }
    }

    static func convert(_ t: TOMLTable) -> [String: ConfigValue] {
        var out: [String: ConfigValue] = [:]
        for key in t.keys {
            if let v = t[key] { out[key] = convert(v) }
        }
        return out
    }

    static func convert(_ v: TOMLValueConvertible) -> ConfigValue {
        if let t = v.table { return .table(convert(t)) }
        if let a = v.array { return .array(a.map { convert($0) }) }
        if let s = v.string { return .string(s) }
        if let b = v.bool { return .bool(b) }
        if let i = v.int { return .int(i) }
        if let d = v.double { return .double(d) }
        return .string(String(describing: v))
    }

    /// The string, if this is one.
    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }
    /// The table, if this is one.
    public var tableValue: [String: ConfigValue]? { if case .table(let t) = self { return t }; return nil }
    /// The array, if this is one.
    public var arrayValue: [ConfigValue]? { if case .array(let a) = self { return a }; return nil }
    /// The boolean, if this is one.
    public var boolValue: Bool? { if case .bool(let b) = self { return b }; return nil }
}

/// A configuration file that could not be used.
public enum ConfigError: Error, Equatable, CustomStringConvertible {
    /// The file is not valid TOML or has a wrong shape.
    case invalid(String)

    /// A one-line description.
    public var description: String {
        switch self {
        case .invalid(let m): return m
        }
    }
}
