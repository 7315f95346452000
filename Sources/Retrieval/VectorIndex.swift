import Foundation

/// How the in-memory vector index stores its rows.
public enum VectorStorage: String, Sendable, CaseIterable, Codable {
    /// 4 bytes per value; exact cosine.
    case float32
    /// 2 bytes per value; scan on half precision, optional exact rescoring.
    case float16
    /// 1 byte per value with a per-vector scale; scan with integer dot products, exact rescoring of the top candidates.
    case int8

    /// Bytes per stored value.
    public var bytesPerValue: Int {
        switch self {
        case .float32: 4
        case .float16: 2
        case .int8: 1
        }
    }
}

/// One search result: the caller's id and its cosine similarity to the query.
public struct VectorHit<ID: Hashable & Sendable>: Sendable, Hashable {
    /// The id the vector was added under.
    public let id: ID
    /// Cosine similarity (exact when rescored or stored as float32).
    public let score: Float
    /// Creates a hit.
    public init(id: ID, score: Float) { self.id = id; self.score = score }
}

/// An in-process cosine vector index: one contiguous matrix of unit vectors, scanned with SIMD on all cores.
///
/// Rows are padded to a multiple of 32 values so the kernels need no tail loop. Removal swaps the
/// last row into the hole, so the matrix stays contiguous. The type is a value: mutate one copy on
/// a background task and publish it; readers keep scanning the copy they hold.
public struct VectorIndex<ID: Hashable & Sendable>: Sendable {
    /// Number of values per vector.
    public let dimension: Int
    /// Storage type of the scan copy.
    public let storage: VectorStorage
    /// Padded row length in values.
    let stride: Int
    /// Row → id.
    private(set) var ids: [ID] = []
    /// id → row (while `lazyRows` is nil).
    private var ownRows: [ID: Int32] = [:]
    /// id → row built from `ids` on first use (an index opened from a file: a plain search never needs it).
    private var lazyRows: LazyRowMap<ID>?
    /// id → row. Mutated in place (`_modify`), so an upsert never copies the map.
    private var rowOf: [ID: Int32] {
        get { lazyRows?.map ?? ownRows }
        _modify {
            if let lazy = lazyRows { ownRows = lazy.map; lazyRows = nil }
            yield &ownRows
        }
    }
    /// float32 rows (storage == .float32).
    var f32: [Float] = []
    /// float16 rows as half bit patterns (storage == .float16).
    var f16: [UInt16] = []
    /// int8 rows (storage == .int8).
    var i8: [Int8] = []
    /// Per-row dequantisation scale (storage == .int8).
    var scales: [Float] = []
    /// Int8 rows and scales read in place from a memory-mapped index file (then `i8` and `scales` are empty);
    /// the first mutation copies them into the arrays.
    var mapped: MappedInt8Rows?

    /// An empty index for vectors of `dimension` values.
    public init(dimension: Int, storage: VectorStorage = .float32, reservingCapacity capacity: Int = 0) {
        precondition(dimension > 0, "dimension must be positive")
        self.dimension = dimension
        self.storage = storage
        self.stride = VectorKernels.stride(for: dimension)
        reserveCapacity(capacity)
    }

    /// An int8 index over rows that live in a memory-mapped file: row `r` of `rows` belongs to `ids[r]`.
    /// Throws when the sizes disagree or an id repeats (a damaged file must not be half-trusted).
    public init(dimension: Int, mapped rows: MappedInt8Rows, ids: [ID]) throws {
        precondition(dimension > 0, "dimension must be positive")
        self.dimension = dimension
        self.storage = .int8
        self.stride = VectorKernels.stride(for: dimension)
        guard rows.count == ids.count, rows.stride == stride else {
            throw RetrievalError.corruptIndex("\(rows.count) rows of \(rows.stride) values for \(ids.count) ids of dimension \(dimension)")
        }
        self.ids = ids
        self.lazyRows = LazyRowMap(ids)
        self.mapped = rows
    }

    /// Whether the int8 rows are read in place from a mapped file (no copy was made).
    public var isMapped: Bool { mapped != nil }

    /// Copies mapped rows into the index's own arrays (and takes the id map) before a mutation.
    private mutating func materialize() {
        if let lazy = lazyRows { ownRows = lazy.map; lazyRows = nil }
        guard let m = mapped else { return }
        i8 = Array(UnsafeBufferPointer(start: m.rows, count: m.count * stride))
        scales = Array(UnsafeBufferPointer(start: m.scales, count: m.count))
        mapped = nil
    }

    /// Calls `body` with the int8 rows (`count * stride` values, row order `allIDs`) and per-row scales, or returns
    /// nil for another storage: what the index file writer saves and the scan reads.
    public func withInt8Rows<R>(_ body: (_ rows: UnsafeBufferPointer<Int8>, _ scales: UnsafeBufferPointer<Float>, _ stride: Int) throws -> R) rethrows -> R? {
        guard storage == .int8 else { return nil }
        if let m = mapped {
            return try body(UnsafeBufferPointer(start: m.rows, count: m.count * stride), UnsafeBufferPointer(start: m.scales, count: m.count), stride)
        }
        return try i8.withUnsafeBufferPointer { r in try scales.withUnsafeBufferPointer { s in try body(r, s, stride) } }
    }

    /// Reserves room for `capacity` rows so a bulk load does not reallocate.
    public mutating func reserveCapacity(_ capacity: Int) {
        guard capacity > 0 else { return }
        materialize()
        ids.reserveCapacity(capacity); rowOf.reserveCapacity(capacity)
        switch storage {
        case .float32: f32.reserveCapacity(capacity * stride)
        case .float16: f16.reserveCapacity(capacity * stride)
        case .int8: i8.reserveCapacity(capacity * stride); scales.reserveCapacity(capacity)
        }
    }

    /// Number of vectors held.
    public var count: Int { ids.count }

    /// Every id held, in row order.
    public var allIDs: [ID] { ids }

    /// Whether `id` has a vector in the index.
    public func contains(_ id: ID) -> Bool { rowOf[id] != nil }

    /// Bytes held by the scan matrix and per-row scales (ids and the id map excluded).
    public var matrixBytes: Int { ids.count * stride * storage.bytesPerValue + (storage == .int8 ? ids.count * 4 : 0) }

    /// Estimated bytes the index keeps: the matrix, the scales, the row → id array and the id → row map.
    public var estimatedBytes: Int {
        let mapBuckets = max(1, Int((Double(rowOf.capacity) / 0.75).rounded(.up)))
        return matrixBytes + ids.capacity * MemoryLayout<ID>.stride + mapBuckets * (MemoryLayout<ID>.stride + 4 + 1)
    }

    /// Adds or replaces the vector for `id`; validates and normalises it.
    public mutating func upsert(_ id: ID, vector: [Float]) throws {
        let unit = try VectorMath.normalized(vector, dimension: dimension)
        materialize()
        if let row = rowOf[id] {
            write(unit, at: Int(row))
        } else {
            precondition(ids.count < Int(Int32.max), "vector index is full")
            rowOf[id] = Int32(ids.count)
            ids.append(id)
            switch storage {
            case .float32: f32.append(contentsOf: repeatElement(0, count: stride))
            case .float16: f16.append(contentsOf: repeatElement(0, count: stride))
            case .int8: i8.append(contentsOf: repeatElement(0, count: stride)); scales.append(0)
            }
            write(unit, at: ids.count - 1)
        }
    }

    /// Removes the vector for `id`; returns whether it was present.
    @discardableResult
    public mutating func remove(_ id: ID) -> Bool {
        guard rowOf[id] != nil else { return false }
        materialize()
        guard let removed = rowOf.removeValue(forKey: id).map(Int.init) else { return false }
        let last = ids.count - 1
        if removed != last {
            let moved = ids[last]
            ids[removed] = moved
            rowOf[moved] = Int32(removed)
            let from = last * stride, to = removed * stride
            switch storage {
            case .float32: for j in 0..<stride { f32[to + j] = f32[from + j] }
            case .float16: for j in 0..<stride { f16[to + j] = f16[from + j] }
            case .int8: for j in 0..<stride { i8[to + j] = i8[from + j] }; scales[removed] = scales[last]
            }
        }
        ids.removeLast()
        switch storage {
        case .float32: f32.removeLast(stride)
        case .float16: f16.removeLast(stride)
        case .int8: i8.removeLast(stride); scales.removeLast()
        }
        return true
    }

    /// Writes a unit vector into `row` in the storage format.
    private mutating func write(_ unit: [Float], at row: Int) {
        let base = row * stride
        switch storage {
        case .float32:
            for j in 0..<dimension { f32[base + j] = unit[j] }
        case .float16:
            for j in 0..<dimension { f16[base + j] = VectorMath.halfBits(unit[j]) }
        case .int8:
            let scale = unit.withUnsafeBufferPointer { src in
                i8.withUnsafeMutableBufferPointer { dst in
                    VectorMath.quantizeInt8(src, into: UnsafeMutableBufferPointer(rebasing: dst[base..<(base + stride)]))
                }
            }
            scales[row] = scale
        }
    }

    /// A copy of this float32 index in another storage type (rows are already unit length: no re-validation).
    public func converted(to target: VectorStorage) -> VectorIndex<ID> {
        precondition(storage == .float32, "convert from the exact float32 index")
        var out = VectorIndex(dimension: dimension, storage: target, reservingCapacity: count)
        out.ids = ids
        out.rowOf = rowOf
        switch target {
        case .float32: out.f32 = f32
        case .float16: out.f16 = f32.map(VectorMath.halfBits)
        case .int8:
            out.i8 = [Int8](repeating: 0, count: f32.count)
            out.scales = [Float](repeating: 0, count: count)
            f32.withUnsafeBufferPointer { src in
                out.i8.withUnsafeMutableBufferPointer { dst in
                    for row in 0..<count {
                        let r = (row * stride)..<((row + 1) * stride)
                        out.scales[row] = VectorMath.quantizeInt8(UnsafeBufferPointer(rebasing: src[r]), into: UnsafeMutableBufferPointer(rebasing: dst[r]))
                    }
                }
            }
        }
        return out
    }

    /// The stored (possibly quantised) vector for `id`, decoded to float32; for tests and diagnostics.
    public func storedVector(_ id: ID) -> [Float]? {
        guard let row = rowOf[id].map(Int.init) else { return nil }
        let base = row * stride
        switch storage {
        case .float32: return Array(f32[base..<(base + dimension)])
        case .float16: return f16[base..<(base + dimension)].map(VectorMath.halfValue)
        case .int8:
            if let m = mapped { return (0..<dimension).map { Float(m.rows[base + $0]) * m.scales[row] } }
            return i8[base..<(base + dimension)].map { Float($0) * scales[row] }
        }
    }

    /// The id stored at `row`.
    func id(atRow row: Int32) -> ID { ids[Int(row)] }

    /// The row of `id`, if present.
    func row(of id: ID) -> Int32? { rowOf[id] }
}

/// Int8 rows and their scales in memory the index does not own (a memory-mapped index file), kept alive by `owner`.
public struct MappedInt8Rows: @unchecked Sendable {
    /// Keeps the memory valid (unmaps it when released).
    public let owner: AnyObject
    /// `count * stride` int8 values, row after row.
    public let rows: UnsafePointer<Int8>
    /// `count` dequantisation scales.
    public let scales: UnsafePointer<Float>
    /// Number of rows.
    public let count: Int
    /// Values per row (the dimension padded to a multiple of 32).
    public let stride: Int

    /// Wraps mapped memory; `owner` must keep `rows` and `scales` valid for as long as the index is used.
    public init(owner: AnyObject, rows: UnsafePointer<Int8>, scales: UnsafePointer<Float>, count: Int, stride: Int) {
        self.owner = owner; self.rows = rows; self.scales = scales; self.count = count; self.stride = stride
    }

    /// The padded row length for vectors of `dimension` values.
    public static func stride(for dimension: Int) -> Int { VectorKernels.stride(for: dimension) }
}

/// The id → row map of an index opened from a file, built once on first use (thread-safe: copies of the index
/// share it).
final class LazyRowMap<ID: Hashable & Sendable>: @unchecked Sendable {
    private let ids: [ID]
    private let lock = NSLock()
    private var built: [ID: Int32]?

    /// A map to be built from `ids` (row order).
    init(_ ids: [ID]) { self.ids = ids }

    /// The map, built on first call.
    var map: [ID: Int32] {
        lock.withLock {
            if let built { return built }
            var m = [ID: Int32](minimumCapacity: ids.count)
            for (row, id) in ids.enumerated() { m[id] = Int32(row) }
            built = m
            return m
        }
    }
}
