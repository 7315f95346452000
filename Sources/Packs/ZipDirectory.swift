import Foundation

/// Reads a zip file's central directory (the table of contents at its end) without inflating anything, so names,
/// kinds and declared sizes are checked before a single byte of an entry is unpacked. ZIP64 is not used by packs and
/// is refused.
public enum ZipDirectory {
    /// The entries the central directory lists, in order.
    public static func scan(_ data: Data) throws -> [PackEntryInfo] {
        let bytes = [UInt8](data)
        let n = bytes.count
        guard n >= 22 else { throw PackRefusal.corrupt("too short to be a zip archive") }
        func u16(_ i: Int) -> Int { Int(bytes[i]) | Int(bytes[i + 1]) << 8 }
        func u32(_ i: Int) -> UInt64 { UInt64(bytes[i]) | UInt64(bytes[i + 1]) << 8 | UInt64(bytes[i + 2]) << 16 | UInt64(bytes[i + 3]) << 24 }
        // The end-of-central-directory record: the last 22 bytes, or earlier by up to a 64 KB comment.
        var eocd = -1
        var i = n - 22
        while i >= max(0, n - 22 - 0xFFFF) {
            if bytes[i] == 0x50, bytes[i + 1] == 0x4B, bytes[i + 2] == 0x05, bytes[i + 3] == 0x06 { eocd = i; break }
            i -= 1
        }
        guard eocd >= 0 else { throw PackRefusal.corrupt("no end-of-archive record: the file is cut short or not a zip") }
        let count = u16(eocd + 10), size = u32(eocd + 12), offset = u32(eocd + 16)
        if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF { throw PackRefusal.corrupt("ZIP64 archives are not packs") }
        guard offset + size <= UInt64(eocd) else { throw PackRefusal.corrupt("the table of contents points past the end of the file") }
        var entries: [PackEntryInfo] = []
        var p = Int(offset)
        let end = Int(offset + size)
        for _ in 0..<count {
            guard p + 46 <= end, u32(p) == 0x0201_4B50 else { throw PackRefusal.corrupt("a damaged table-of-contents entry") }
            let madeBy = u16(p + 4) >> 8, flags = u16(p + 8)
            let compressed = u32(p + 20), uncompressed = u32(p + 24)
            let nameLength = u16(p + 28), extraLength = u16(p + 30), commentLength = u16(p + 32)
            let external = u32(p + 38), local = u32(p + 42)
            guard p + 46 + nameLength + extraLength + commentLength <= end else { throw PackRefusal.corrupt("a damaged table-of-contents entry") }
            guard local + 30 <= offset else { throw PackRefusal.corrupt("an entry's data lies outside the file") }
            let nameBytes = Array(bytes[(p + 46)..<(p + 46 + nameLength)])
            guard let name = String(bytes: nameBytes, encoding: .utf8) else {
                throw PackRefusal.unsafeName(String(decoding: nameBytes, as: UTF8.self))
            }
            var kind: PackEntryInfo.Kind = name.hasSuffix("/") ? .directory : .file
            if flags & 1 != 0 { kind = .special("encrypted entry") }
            else if madeBy == 3 || madeBy == 19 {
                switch (external >> 16) & 0xF000 {
                case 0x8000: kind = .file
                case 0x4000: kind = .directory
                case 0xA000: kind = .symlink
                case 0x1000: kind = .special("fifo")
                case 0x2000, 0x6000: kind = .special("device")
                case 0xC000: kind = .special("socket")
                default: break
                }
            }
            entries.append(PackEntryInfo(path: name, kind: kind, compressedSize: compressed, uncompressedSize: uncompressed))
            p += 46 + nameLength + extraLength + commentLength
        }
        return entries
    }
}
