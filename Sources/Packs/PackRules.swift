import Foundation
import Notebook

/// Caps on what an import will read. Checked from the central directory first, then again while inflating.
public struct PackLimits: Sendable, Equatable {
    /// The largest pack file read at all.
    public var maxArchiveBytes: UInt64 = 256 << 20
    /// The most entries.
    public var maxEntries = 20_000
    /// The largest one entry may unpack to.
    public var maxEntryBytes: UInt64 = 64 << 20
    /// The most all entries may unpack to together.
    public var maxTotalBytes: UInt64 = 256 << 20
    /// The highest uncompressed/compressed ratio for an entry above `ratioFloorBytes` (text rarely passes 20×).
    public var maxRatio: UInt64 = 100
    /// Entries smaller than this are not ratio-checked (tiny files compress oddly).
    public var ratioFloorBytes: UInt64 = 1 << 20

    /// The default limits.
    public init() {}
}

/// What the central directory says about one entry, as the archive reader saw it.
public struct PackEntryInfo: Sendable, Equatable {
    /// The kind of entry a zip can describe.
    public enum Kind: Sendable, Equatable { case file, directory, symlink, special(String) }
    public var path: String
    public var kind: Kind
    public var compressedSize: UInt64
    public var uncompressedSize: UInt64

    /// One entry's central-directory facts.
    public init(path: String, kind: Kind, compressedSize: UInt64, uncompressedSize: UInt64) {
        self.path = path; self.kind = kind; self.compressedSize = compressedSize; self.uncompressedSize = uncompressedSize
    }
}

/// The rules a pack must pass before any of it is used. Pure: the archive adapter feeds it names, sizes and bytes.
public enum PackRules {
    /// Checks one entry name: relative, no `..`, no `.`/empty parts, no backslash or control characters, and one of
    /// the names a pack may hold.
    public static func checkPath(_ path: String) throws {
        if path.hasPrefix("/") || path.hasPrefix("\\") || path.hasPrefix("~") { throw PackRefusal.absolutePath(path) }
        let scalars = Array(path.unicodeScalars)
        if scalars.count >= 2, scalars[1] == ":", scalars[0].properties.isAlphabetic { throw PackRefusal.absolutePath(path) }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        if parts.contains(where: { $0 == ".." }) || path.split(separator: "\\").contains(where: { $0 == ".." }) {
            throw PackRefusal.parentTraversal(path)
        }
        if path.isEmpty || path.contains("\\") || path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
            || parts.contains(where: { $0.isEmpty || $0 == "." }) || path.utf8.count > 512 {
            throw PackRefusal.unsafeName(path)
        }
        guard isAllowed(path) else { throw PackRefusal.unexpectedEntry(path) }
    }

    /// Whether a (well-formed) name is one a pack may hold.
    static func isAllowed(_ path: String) -> Bool {
        switch path {
        case PackFormat.manifestPath, PackFormat.metadataPath, PackFormat.cardsPath, PackFormat.revisionsPath, PackFormat.vectorsPath: return true
        default:
            let parts = path.split(separator: "/")
            return path.hasPrefix(PackFormat.notebooksFolder) && path.hasSuffix(".md") && (2...3).contains(parts.count)
        }
    }

    /// Checks the central directory as a whole: entry count, names, kinds, declared sizes and ratios.
    public static func checkDirectory(_ entries: [PackEntryInfo], limits: PackLimits) throws {
        if entries.count > limits.maxEntries { throw PackRefusal.tooManyEntries(entries.count, limit: limits.maxEntries) }
        var seen = Set<String>()
        var total: UInt64 = 0
        for e in entries {
            switch e.kind {
            case .file: break
            case .directory:
                // A folder entry carries no data; its name must still be safe.
                let name = e.path.hasSuffix("/") ? String(e.path.dropLast()) : e.path
                try checkFolderName(name)
                continue
            case .symlink: throw PackRefusal.specialEntry(e.path, kind: "symbolic link")
            case .special(let kind): throw PackRefusal.specialEntry(e.path, kind: kind)
            }
            try checkPath(e.path)
            guard seen.insert(e.path).inserted else { throw PackRefusal.duplicateEntry(e.path) }
            if e.uncompressedSize > limits.maxEntryBytes { throw PackRefusal.entryTooLarge(e.path, bytes: e.uncompressedSize, limit: limits.maxEntryBytes) }
            let (sum, overflow) = total.addingReportingOverflow(e.uncompressedSize)
            total = overflow ? .max : sum
            if total > limits.maxTotalBytes { throw PackRefusal.totalTooLarge(bytes: total, limit: limits.maxTotalBytes) }
            if e.uncompressedSize >= limits.ratioFloorBytes {
                let ratio = e.uncompressedSize / max(e.compressedSize, 1)
                if ratio > limits.maxRatio { throw PackRefusal.suspiciousRatio(e.path, ratio: ratio) }
            }
        }
    }

    /// A folder entry's name: the same safety rules as a file's, and only `notebooks/…`.
    static func checkFolderName(_ name: String) throws {
        if name.hasPrefix("/") || name.hasPrefix("\\") { throw PackRefusal.absolutePath(name) }
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        if parts.contains(where: { $0 == ".." }) { throw PackRefusal.parentTraversal(name) }
        if name.isEmpty || name.contains("\\") || parts.contains(where: { $0.isEmpty || $0 == "." })
            || name.unicodeScalars.contains(where: { $0.value < 0x20 }) { throw PackRefusal.unsafeName(name) }
        guard name + "/" == PackFormat.notebooksFolder || (name.hasPrefix(PackFormat.notebooksFolder) && parts.count == 2) else {
            throw PackRefusal.unexpectedEntry(name + "/")
        }
    }

    /// Reads the manifest: the format and version first (so an unknown or newer pack is named as such), then the rest.
    public static func manifest(from data: Data) throws -> PackManifest {
        let text = try self.text(data, path: PackFormat.manifestPath)
        let header: PackManifestHeader
        do { header = try JSONDecoder().decode(PackManifestHeader.self, from: Data(text.utf8)) } catch {
            throw PackRefusal.corrupt("manifest.json is not JSON")
        }
        guard let format = header.format, format == PackFormat.name else { throw PackRefusal.unknownFormat(header.format ?? "none") }
        guard let version = header.formatVersion else { throw PackRefusal.unknownFormat("\(format) without a version") }
        if version > PackFormat.version { throw PackRefusal.newerVersion(version, supported: PackFormat.version) }
        if version < 1 { throw PackRefusal.unknownFormat("\(format) version \(version)") }
        do { return try PackCoding.decoder.decode(PackManifest.self, from: data) } catch {
            throw PackRefusal.corrupt("manifest.json: \(PackCoding.describe(error))")
        }
    }

    /// Checks every file against the manifest: each listed once, none unlisted, sizes and SHA-256 equal.
    public static func checkDigests(_ manifest: PackManifest, files: [String: Data]) throws {
        var listed: [String: PackEntryDigest] = [:]
        for e in manifest.entries {
            try checkPath(e.path)
            if e.path == PackFormat.manifestPath || listed[e.path] != nil { throw PackRefusal.duplicateEntry(e.path) }
            listed[e.path] = e
        }
        for path in files.keys.sorted() where path != PackFormat.manifestPath {
            if listed[path] == nil { throw PackRefusal.unlistedEntry(path) }
        }
        for e in manifest.entries {
            guard let data = files[e.path] else { throw PackRefusal.missingEntry(e.path) }
            if data.count != e.bytes || ContentHash.of(bytes: data) != e.sha256 { throw PackRefusal.checksumMismatch(e.path) }
        }
    }

    /// UTF-8 text without NUL bytes, or a refusal naming the entry.
    public static func text(_ data: Data, path: String) throws -> String {
        if data.contains(0) { throw PackRefusal.notText(path, reason: "it holds NUL bytes (binary data)") }
        guard let s = String(data: data, encoding: .utf8) else { throw PackRefusal.notText(path, reason: "it is not valid UTF-8") }
        return s
    }
}

/// The one JSON encoding of pack files: sorted keys, dates in milliseconds since 1970 (the store keeps milliseconds).
public enum PackCoding {
    /// Encoder for pack files.
    public static var encoder: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .custom { date, enc in
            var c = enc.singleValueContainer()
            try c.encode(Int64((date.timeIntervalSince1970 * 1000).rounded()))
        }
        return e
    }

    /// Decoder for pack files.
    public static var decoder: JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .custom { dec in
            let ms = try dec.singleValueContainer().decode(Int64.self)
            return Date(timeIntervalSince1970: Double(ms) / 1000)
        }
        return d
    }

    /// A decoding error as a short phrase.
    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "missing field \(key.stringValue)"
        case DecodingError.typeMismatch(_, let ctx), DecodingError.valueNotFound(_, let ctx), DecodingError.dataCorrupted(let ctx):
            return "bad value at \(ctx.codingPath.map(\.stringValue).joined(separator: "."))"
        default: return "not valid JSON"
        }
    }
}
