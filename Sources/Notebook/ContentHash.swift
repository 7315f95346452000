import CRecallCrypto
import Foundation

/// SHA-256 content hashes (lower-case hex) for snippet bodies and chunks, computed by the system's libcrypto
/// (OpenSSL; see D6 in DECISIONS.md).
public enum ContentHash {
    /// The hex SHA-256 of a string's UTF-8 bytes.
    public static func of(_ text: String) -> String {
        var copy = text
        return copy.withUTF8 { digest(UnsafeRawBufferPointer($0)) }
    }

    /// The hex SHA-256 of raw bytes.
    public static func of(bytes: Data) -> String { bytes.withUnsafeBytes { digest($0) } }

    /// Hashes a buffer and spells the 32-byte digest in hex. libcrypto fails only when it cannot allocate, which
    /// leaves no state to recover: that is a trap with a message, as for any allocation failure.
    private static func digest(_ bytes: UnsafeRawBufferPointer) -> String {
        var md = [UInt8](repeating: 0, count: 32)
        let ok = md.withUnsafeMutableBufferPointer { out in
            recall_sha256(bytes.baseAddress, bytes.count, out.baseAddress)  // an empty buffer's nil is read as 0 bytes
        }
        precondition(ok == 1, "libcrypto could not compute a SHA-256 (out of memory)")
        let table = Array("0123456789abcdef".utf8)
        var hex = [UInt8](); hex.reserveCapacity(64)
        for b in md { hex.append(table[Int(b >> 4)]); hex.append(table[Int(b & 0xF)]) }
        return String(decoding: hex, as: UTF8.self)
    }
}
