import Crypto
import Foundation

/// SHA-256 content hashes (lower-case hex) for snippet bodies and chunks.
public enum ContentHash {
    /// The hex SHA-256 of a string's UTF-8 bytes.
    public static func of(_ text: String) -> String {
        var copy = text
        return copy.withUTF8 { hex(SHA256.hash(data: UnsafeRawBufferPointer($0))) }
    }

    /// The hex SHA-256 of raw bytes.
    public static func of(bytes: Data) -> String { hex(SHA256.hash(data: bytes)) }

    private static func hex(_ digest: SHA256.Digest) -> String {
        let table = Array("0123456789abcdef".utf8)
        var out = [UInt8](); out.reserveCapacity(64)
        for b in digest { out.append(table[Int(b >> 4)]); out.append(table[Int(b & 0xF)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
