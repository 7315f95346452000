import Foundation
import Notebook

/// What the manifest says about a pack's vectors: the model that made them, their dimension, how many and the
/// recipe of the embedded text (`EmbeddingText.recipe`), so an importer can tell whether they fit its own index.
public struct PackEmbeddings: Codable, Sendable, Equatable {
    public var model: String
    public var dimension: Int
    public var count: Int
    public var recipe: String

    /// The manifest's vector facts.
    public init(model: String, dimension: Int, count: Int, recipe: String) {
        self.model = model; self.dimension = dimension; self.count = count; self.recipe = recipe
    }
}

/// One packed vector: the snippet (stable id) and the content hash of the chunk it was made from.
public struct PackVectorRecord: Sendable, Equatable {
    public var snippetID: String
    public var chunkHash: String
    public var vector: [Float]

    /// A packed vector.
    public init(snippetID: String, chunkHash: String, vector: [Float]) {
        self.snippetID = snippetID; self.chunkHash = chunkHash; self.vector = vector
    }
}

/// The vectors a pack carries (`vectors.bin`), all of one model and dimension.
public struct PackVectors: Sendable, Equatable {
    public var model: String
    public var dimension: Int
    public var recipe: String
    /// In chunk order within each snippet (a snippet's chunks with equal text are matched in this order).
    public var records: [PackVectorRecord]
    /// Chunks of the exported snippets without a current vector of `model` (export only; not written).
    public var leftOut: Int

    /// Vectors for a pack.
    public init(model: String, dimension: Int, recipe: String, records: [PackVectorRecord], leftOut: Int = 0) {
        self.model = model; self.dimension = dimension; self.recipe = recipe; self.records = records; self.leftOut = leftOut
    }

    /// The manifest's description of these vectors.
    public var manifestInfo: PackEmbeddings { PackEmbeddings(model: model, dimension: dimension, count: records.count, recipe: recipe) }
}

/// The binary layout of `vectors.bin` (see DECISIONS D66): an 8-byte magic, the dimension and the count
/// as little-endian UInt32, then fixed-size records: the snippet id (36 ASCII bytes), the chunk's content hash
/// (64 ASCII hex bytes) and `dimension` little-endian float32 values.
public enum PackVectorCodec {
    /// The first eight bytes.
    public static let magic = Data("RCLVEC01".utf8)
    /// Header bytes before the first record.
    public static let headerBytes = 16
    /// The largest dimension accepted (real embedding models use 384–4096).
    public static let maxDimension = 8192

    /// Bytes of one record of `dimension` values.
    public static func recordBytes(dimension: Int) -> Int { 36 + 64 + 4 * dimension }

    /// Encodes vectors (every record must have `dimension` values).
    public static func encode(_ v: PackVectors) -> Data {
        var out = Data(capacity: headerBytes + v.records.count * recordBytes(dimension: v.dimension))
        out.append(magic)
        appendUInt32(&out, UInt32(v.dimension))
        appendUInt32(&out, UInt32(v.records.count))
        for r in v.records {
            out.append(Data(r.snippetID.utf8))
            out.append(Data(r.chunkHash.utf8))
            for x in r.vector { appendUInt32(&out, x.bitPattern) }
        }
        return out
    }

    /// Decodes and checks `vectors.bin` against the manifest and the pack's snippets: the magic, the dimension and
    /// count the manifest states, the exact size, a UUID of a packed snippet and a hex hash in every record, and
    /// finite values only. Throws a `PackRefusal` naming the first problem.
    public static func decode(_ data: Data, info: PackEmbeddings, snippetIDs: Set<String>) throws -> PackVectors {
        let path = PackFormat.vectorsPath
        guard info.dimension > 0 && info.dimension <= maxDimension else {
            throw PackRefusal.impossibleValue("\(path): dimension \(info.dimension) (expected 1–\(maxDimension))")
        }
        guard info.count >= 0, !info.model.isEmpty else { throw PackRefusal.inconsistent("the manifest's embeddings entry is incomplete") }
        let bytes = [UInt8](data)
        guard bytes.count >= headerBytes, Data(bytes[0..<8]) == magic else { throw PackRefusal.corrupt("\(path) does not start with a vector header") }
        let dim = Int(uint32(bytes, 8)), count = Int(uint32(bytes, 12))
        guard dim == info.dimension else {
            throw PackRefusal.inconsistent("\(path) holds \(dim)-dimensional vectors but the manifest says \(info.dimension)")
        }
        guard count == info.count else { throw PackRefusal.inconsistent("\(path) holds \(count) vectors but the manifest says \(info.count)") }
        let size = recordBytes(dimension: dim)
        guard bytes.count == headerBytes + count * size else {
            throw PackRefusal.inconsistent("\(path) is \(bytes.count) bytes, not the \(headerBytes + count * size) its \(count) vectors of \(dim) values take")
        }
        var records: [PackVectorRecord] = []
        records.reserveCapacity(count)
        for i in 0..<count {
            let at = headerBytes + i * size
            guard let id = String(bytes: bytes[at..<(at + 36)], encoding: .ascii), PackLayout.isUUID(id), snippetIDs.contains(id) else {
                throw PackRefusal.inconsistent("vector \(i + 1) names a snippet the pack lacks")
            }
            guard let hash = String(bytes: bytes[(at + 36)..<(at + 100)], encoding: .ascii),
                  hash.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else {
                throw PackRefusal.corrupt("vector \(i + 1) has no chunk hash")
            }
            var vector = [Float](repeating: 0, count: dim)
            for j in 0..<dim {
                let x = Float(bitPattern: uint32(bytes, at + 100 + 4 * j))
                guard x.isFinite else { throw PackRefusal.impossibleValue("vector \(i + 1) holds \(x.isNaN ? "NaN" : "an infinite value")") }
                vector[j] = x
            }
            records.append(PackVectorRecord(snippetID: id, chunkHash: hash, vector: vector))
        }
        return PackVectors(model: info.model, dimension: dim, recipe: info.recipe, records: records)
    }

    static func appendUInt32(_ data: inout Data, _ v: UInt32) {
        withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) }
    }

    static func uint32(_ b: [UInt8], _ at: Int) -> UInt32 {
        UInt32(b[at]) | UInt32(b[at + 1]) << 8 | UInt32(b[at + 2]) << 16 | UInt32(b[at + 3]) << 24
    }
}
