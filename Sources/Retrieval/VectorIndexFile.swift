import Foundation

/// The on-disk form of an int8 vector index (a cache beside the database, never the source of truth).
///
/// Little-endian, 64-byte aligned sections so the rows can be scanned in place from a memory map:
/// ```
/// 0   magic "RECALLVI"            8   checksum u64 of bytes [16, end)
/// 16  version u32                 20  header bytes u32 (multiple of 64)
/// 24  dimension u32               28  stride u32 (dimension padded to 32)
/// 32  count u64                   40  database generation i64
/// 48  stamp length u16, model length u16, reserved u32
/// 56  file bytes u64              64  stamp (UTF-8), model (UTF-8), zero padding
/// header bytes: ids (count × i64), padded to 64; scales (count × f32), padded to 64; rows (count × stride i8)
/// ```
/// The stamp and generation name the database state the rows were read at (`embedding_generation`, migration 012).
public enum VectorIndexFile {
    /// The first 8 bytes of every index file.
    public static let magic: [UInt8] = Array("RECALLVI".utf8)
    /// The format version this build writes and reads.
    public static let version: UInt32 = 1

    /// Why a file was not used (it is rebuilt from the database in every case).
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        /// No file yet.
        case missing
        /// Not an index file, or cut short before its header ends.
        case notAnIndex
        /// Written by another format version.
        case version(UInt32)
        /// The file's length disagrees with its header (truncated or extended).
        case size(expected: Int, actual: Int)
        /// Built for another embedding model or dimension.
        case model(String)
        /// Built at another state of the database (vectors or chunks changed since).
        case stale
        /// The bytes do not match the checksum (damaged).
        case checksum
        /// The rows do not hold together (a repeated id, sizes that disagree).
        case damaged(String)

        /// A few words for a person.
        public var description: String {
            switch self {
            case .missing: "no index file"
            case .notAnIndex: "not an index file"
            case .version(let v): "index file version \(v), this build reads \(VectorIndexFile.version)"
            case let .size(expected, actual): "index file is \(actual) bytes, its header says \(expected) (truncated or damaged)"
            case .model(let m): "index file was built for \(m)"
            case .stale: "index file is older than the stored vectors"
            case .checksum: "index file checksum does not match (damaged)"
            case .damaged(let why): "index file is damaged: \(why)"
            }
        }
    }

    /// Where each section lies for an index of `count` rows.
    public struct Layout: Sendable, Equatable {
        /// Vector dimension.
        public var dimension: Int
        /// Padded row length.
        public var stride: Int
        /// Rows.
        public var count: Int
        /// The embedding model.
        public var model: String
        /// The database state (`embedding_generation.stamp`).
        public var stamp: String
        /// The database generation counter.
        public var generation: Int64
        /// Header bytes (multiple of 64).
        public var headerBytes: Int { Self.align(64 + stamp.utf8.count + model.utf8.count) }
        /// Offset of the ids.
        public var idsOffset: Int { headerBytes }
        /// Offset of the scales.
        public var scalesOffset: Int { Self.align(idsOffset + count * 8) }
        /// Offset of the rows.
        public var rowsOffset: Int { Self.align(scalesOffset + count * 4) }
        /// Total file length.
        public var fileBytes: Int { rowsOffset + count * stride }

        /// Creates a layout.
        public init(dimension: Int, count: Int, model: String, stamp: String, generation: Int64) {
            self.dimension = dimension; self.stride = MappedInt8Rows.stride(for: dimension); self.count = count
            self.model = model; self.stamp = stamp; self.generation = generation
        }

        /// Rounds up to a multiple of 64.
        static func align(_ n: Int) -> Int { (n + 63) / 64 * 64 }
    }

    /// Writes `index` (int8) into `buffer` (exactly `layout.fileBytes`, zeroed) with its checksum.
    public static func fill(_ buffer: UnsafeMutableRawBufferPointer, index: VectorIndex<Int64>, layout: Layout) throws {
        precondition(buffer.count == layout.fileBytes, "buffer must be the file size")
        guard index.storage == .int8, index.count == layout.count, index.dimension == layout.dimension else {
            throw Problem.damaged("the index does not match its layout")
        }
        for (i, b) in magic.enumerated() { buffer[i] = b }
        func put<T: FixedWidthInteger>(_ v: T, _ at: Int) { buffer.storeBytes(of: v.littleEndian, toByteOffset: at, as: T.self) }
        put(version, 16); put(UInt32(layout.headerBytes), 20)
        put(UInt32(layout.dimension), 24); put(UInt32(layout.stride), 28)
        put(UInt64(layout.count), 32); put(layout.generation, 40)
        let stamp = Array(layout.stamp.utf8), model = Array(layout.model.utf8)
        guard stamp.count <= Int(UInt16.max), model.count <= Int(UInt16.max) else { throw Problem.damaged("model name too long") }
        put(UInt16(stamp.count), 48); put(UInt16(model.count), 50)
        put(UInt64(layout.fileBytes), 56)
        for (i, b) in (stamp + model).enumerated() { buffer[64 + i] = b }
        for (row, id) in index.allIDs.enumerated() { put(id, layout.idsOffset + row * 8) }
        _ = index.withInt8Rows { rows, scales, _ in
            for (row, s) in scales.enumerated() { put(s.bitPattern, layout.scalesOffset + row * 4) }
            if let src = rows.baseAddress, let dst = buffer.baseAddress { (dst + layout.rowsOffset).copyMemory(from: src, byteCount: rows.count) }
        }
        let sum = ScanKernel.checksum(UnsafeRawBufferPointer(rebasing: buffer[16...]))
        put(sum, 8)
    }

    /// Reads and checks the header of `bytes` against the expected model and database state, and (with
    /// `verifyChecksum`) every byte. Returns the layout; throws the `Problem` that makes the file unusable.
    public static func check(_ bytes: UnsafeRawBufferPointer, model: String, state stamp: String, verifyChecksum: Bool) throws -> Layout {
        guard bytes.count >= 64, Array(bytes[0..<8]) == magic else { throw Problem.notAnIndex }
        func get<T: FixedWidthInteger>(_ at: Int, _: T.Type) -> T { T(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: T.self)) }
        let v = get(16, UInt32.self)
        guard v == version else { throw Problem.version(v) }
        let header = Int(get(20, UInt32.self)), dimension = Int(get(24, UInt32.self)), stride = Int(get(28, UInt32.self))
        let count = get(32, UInt64.self), generation = get(40, Int64.self)
        let stampLength = Int(get(48, UInt16.self)), modelLength = Int(get(50, UInt16.self))
        let declared = get(56, UInt64.self)
        guard declared == UInt64(bytes.count) else { throw Problem.size(expected: Int(clamping: declared), actual: bytes.count) }
        guard 64 + stampLength + modelLength <= min(header, bytes.count), (1...65_536).contains(dimension),
              count <= UInt64(bytes.count) else { throw Problem.notAnIndex }
        let fileStamp = String(decoding: bytes[64..<(64 + stampLength)], as: UTF8.self)
        let fileModel = String(decoding: bytes[(64 + stampLength)..<(64 + stampLength + modelLength)], as: UTF8.self)
        let layout = Layout(dimension: dimension, count: Int(count), model: fileModel, stamp: fileStamp, generation: generation)
        guard layout.stride == stride, layout.headerBytes == header, layout.fileBytes == bytes.count else {
            throw Problem.size(expected: layout.fileBytes, actual: bytes.count)
        }
        guard fileModel == model else { throw Problem.model("\(fileModel) (\(dimension) dimensions)") }
        guard fileStamp == stamp else { throw Problem.stale }
        if verifyChecksum, ScanKernel.checksum(UnsafeRawBufferPointer(rebasing: bytes[16...])) != get(8, UInt64.self) {
            throw Problem.checksum
        }
        return layout
    }

    /// The ids stored in a checked file.
    public static func ids(_ bytes: UnsafeRawBufferPointer, layout: Layout) -> [Int64] {
        (0..<layout.count).map { Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: layout.idsOffset + $0 * 8, as: Int64.self)) }
    }
}
