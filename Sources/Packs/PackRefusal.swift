import Foundation

/// Why a pack is refused. Each case reads as one line saying what is wrong; nothing is written when one is thrown.
public enum PackRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    case absolutePath(String)
    case parentTraversal(String)
    case unsafeName(String)
    case unexpectedEntry(String)
    case specialEntry(String, kind: String)
    case duplicateEntry(String)
    case tooManyEntries(Int, limit: Int)
    case entryTooLarge(String, bytes: UInt64, limit: UInt64)
    case totalTooLarge(bytes: UInt64, limit: UInt64)
    case archiveTooLarge(bytes: UInt64, limit: UInt64)
    case suspiciousRatio(String, ratio: UInt64)
    case inflatesBeyondDeclared(String)
    case unknownFormat(String)
    case newerVersion(Int, supported: Int)
    case missingEntry(String)
    case unlistedEntry(String)
    case checksumMismatch(String)
    case corrupt(String)
    case notText(String, reason: String)
    case inconsistent(String)
    case impossibleValue(String)

    /// The one-line reason.
    public var description: String {
        switch self {
        case .absolutePath(let p): return "entry \(Self.quoted(p)) has an absolute path"
        case .parentTraversal(let p): return "entry \(Self.quoted(p)) climbs out of the archive with '..'"
        case .unsafeName(let p): return "entry \(Self.quoted(p)) has an unsafe name (empty part, '.', backslash or control character)"
        case .unexpectedEntry(let p): return "entry \(Self.quoted(p)) is not part of a Recall pack (a pack holds manifest.json, metadata.json, cards.json, revisions.json, vectors.bin and notebooks/…/*.md only)"
        case .specialEntry(let p, let kind): return "entry \(Self.quoted(p)) is a \(kind), not a regular file"
        case .duplicateEntry(let p): return "entry \(Self.quoted(p)) appears twice"
        case .tooManyEntries(let n, let limit): return "the archive has \(n) entries (limit \(limit))"
        case .entryTooLarge(let p, let b, let limit): return "entry \(Self.quoted(p)) unpacks to \(b) bytes (limit \(limit))"
        case .totalTooLarge(let b, let limit): return "the entries unpack to \(b) bytes in all (limit \(limit))"
        case .archiveTooLarge(let b, let limit): return "the file is \(b) bytes (limit \(limit))"
        case .suspiciousRatio(let p, let r): return "entry \(Self.quoted(p)) expands \(r)× (a zip bomb?)"
        case .inflatesBeyondDeclared(let p): return "entry \(Self.quoted(p)) unpacks to more than its declared size (a zip bomb?)"
        case .unknownFormat(let f): return "unknown pack format \(Self.quoted(f)) (expected \(PackFormat.name))"
        case .newerVersion(let v, let s): return "the pack is format version \(v), newer than this Recall reads (\(s)) — update Recall"
        case .missingEntry(let p): return "entry \(Self.quoted(p)) is listed in the manifest but missing"
        case .unlistedEntry(let p): return "entry \(Self.quoted(p)) is not listed in the manifest"
        case .checksumMismatch(let p): return "checksum mismatch in \(Self.quoted(p)) (the pack was changed or damaged)"
        case .corrupt(let why): return "the file is truncated or corrupt (\(why))"
        case .notText(let p, let why): return "entry \(Self.quoted(p)) is not text: \(why)"
        case .inconsistent(let why): return "the pack contradicts itself: \(why)"
        case .impossibleValue(let why): return "the pack holds an impossible value: \(why)"
        }
    }

    /// A name from the archive, quoted and cleaned to one safe line.
    static func quoted(_ s: String) -> String {
        let clean = String(s.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : Character($0) }.prefix(120))
        return "'\(clean)'"
    }
}
