import CRecallZlib
import Foundation

/// How a revision's text is stored (`snippet_revision.storage`).
enum RevisionStorage: String {
    /// The text in `body` (revisions under `RevisionCodec.threshold` bytes, and every revision written before
    /// migration 005).
    case plain
    /// `data` = zlib of the whole text.
    case zlib
    /// `data` = the text as a change of the revision `base_id` (the snippet's previous revision): the common
    /// prefix and suffix lengths and the zlib of the bytes between them.
    case delta
}

/// Encodes large revision texts compactly and decodes them exactly. An autosave of a large note usually changes one
/// place, so its revision is a prefix/suffix delta against the previous revision (a few bytes); every
/// `maxChainDepth` revisions, or when the change is large, a whole zlib copy starts a new chain.
enum RevisionCodec {
    /// Texts smaller than this are stored plain.
    static let threshold = 16 * 1024
    /// At most this many deltas in a row before a whole copy (bounds the work of decoding one revision).
    static let maxChainDepth = 32

    /// A revision text that cannot be decoded (a damaged row).
    struct Damaged: Error, CustomStringConvertible {
        var revisionID: Int64
        var description: String { "revision \(revisionID) is damaged and cannot be read — the other revisions are unaffected" }
    }

    // MARK: zlib

    /// zlib of `bytes`, prefixed with the original length (8 bytes, little endian).
    static func compress(_ bytes: [UInt8]) -> [UInt8] {
        var bound = compressBound(uLong(bytes.count))
        var out = [UInt8](repeating: 0, count: Int(bound) + 8)
        let rc = bytes.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                compress2(dst.baseAddress! + 8, &bound, src.baseAddress, uLong(src.count), 1)
            }
        }
        precondition(rc == Z_OK, "zlib compress2 failed with \(rc) on a buffer of compressBound size")
        out.removeSubrange((Int(bound) + 8)...)
        writeLength(bytes.count, into: &out, at: 0)
        return out
    }

    /// The bytes `compress` made, or nil when they are damaged.
    static func decompress(_ data: ArraySlice<UInt8>) -> [UInt8]? {
        guard data.count >= 8, let count = readLength(data, at: data.startIndex), count >= 0, count < 1 << 34 else { return nil }
        var out = [UInt8](repeating: 0, count: max(count, 1))
        var outLen = uLong(max(count, 1))
        let body = Array(data.dropFirst(8))
        let rc = body.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in uncompress(dst.baseAddress, &outLen, src.baseAddress, uLong(src.count)) }
        }
        guard rc == Z_OK, Int(outLen) == count else { return nil }
        if count == 0 { return [] }
        return out
    }

    // MARK: delta

    /// Common prefix and suffix lengths of two byte arrays (the suffix never overlaps the prefix).
    static func commonEnds(_ a: [UInt8], _ b: [UInt8]) -> (prefix: Int, suffix: Int) {
        let limit = min(a.count, b.count)
        var p = 0
        a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { y in
                while p + 4096 <= limit, memcmp(x.baseAddress! + p, y.baseAddress! + p, 4096) == 0 { p += 4096 }
                while p < limit, x[p] == y[p] { p += 1 }
            }
        }
        var s = 0
        let room = limit - p
        a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { y in
                while s + 4096 <= room, memcmp(x.baseAddress! + x.count - s - 4096, y.baseAddress! + y.count - s - 4096, 4096) == 0 { s += 4096 }
                while s < room, x[x.count - 1 - s] == y[y.count - 1 - s] { s += 1 }
            }
        }
        return (p, s)
    }

    /// The delta from `base` to `new`, or nil when the changed part is over half the text (a whole copy is better).
    static func delta(from base: [UInt8], to new: [UInt8]) -> [UInt8]? {
        let (p, s) = commonEnds(base, new)
        let middle = Array(new[p..<(new.count - s)])
        guard middle.count <= new.count / 2 else { return nil }
        var out = [UInt8](repeating: 0, count: 16)
        writeLength(p, into: &out, at: 0)
        writeLength(s, into: &out, at: 8)
        return out + compress(middle)
    }

    /// Applies a delta to its base, or nil when the delta does not fit the base (damage).
    static func apply(_ delta: [UInt8], to base: [UInt8]) -> [UInt8]? {
        guard delta.count >= 24, let p = readLength(delta[...], at: 0), let s = readLength(delta[...], at: 8),
              p >= 0, s >= 0, p + s <= base.count, let middle = decompress(delta[16...]) else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(p + middle.count + s)
        out += base[0..<p]
        out += middle
        out += base[(base.count - s)...]
        return out
    }

    static func writeLength(_ n: Int, into out: inout [UInt8], at offset: Int) {
        for i in 0..<8 { out[offset + i] = UInt8(truncatingIfNeeded: UInt64(n) >> (8 * UInt64(i))) }
    }

    static func readLength(_ data: ArraySlice<UInt8>, at offset: Int) -> Int? {
        guard data.count >= offset - data.startIndex + 8 else { return nil }
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(data[offset + i]) << (8 * UInt64(i)) }
        return v > UInt64(Int.max) ? nil : Int(v)
    }
}
