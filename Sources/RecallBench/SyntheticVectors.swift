import Seeded

/// Deterministic clustered vectors: vector `i` is recomputed from (seed, i) alone, so a benchmark
/// can fetch the exact float32 vector of any candidate without keeping a float32 copy in memory.
///
/// Clusters make neighbourhoods meaningful (like real embeddings); uniform random vectors in high
/// dimension are all nearly orthogonal, which would make every quantisation look worse than it is.
public struct SyntheticVectors: Sendable {
    /// Seed of the whole set.
    public let seed: UInt64
    /// Values per vector.
    public let dimension: Int
    /// Number of cluster centres.
    public let clusters: Int

    /// A vector set for `dimension` with `clusters` centres.
    public init(seed: UInt64, dimension: Int, clusters: Int = 1000) {
        self.seed = seed; self.dimension = dimension; self.clusters = max(1, clusters)
    }

    /// Vector number `i` (not normalised).
    public func vector(_ i: Int) -> [Float] {
        var centre = SeededGenerator(seed: seed &+ 0xC0FFEE &+ UInt64(i % clusters) &* 0x1_0000_0001)
        var noise = SeededGenerator(seed: seed ^ (UInt64(i) &* 0x9E37_79B9_7F4A_7C15))
        return (0..<dimension).map { _ in Self.uniform(&centre) + 0.6 * Self.uniform(&noise) }
    }

    /// Query number `q`: a perturbed copy of a random member of the set.
    public func query(_ q: Int, count n: Int) -> [Float] {
        var g = SeededGenerator(seed: seed &+ 0xABCDEF &+ UInt64(q))
        let base = vector(Int(g.next() % UInt64(max(1, n))))
        return base.map { $0 + 0.4 * Self.uniform(&g) }
    }

    /// A uniform value in [-1, 1).
    @inline(__always)
    static func uniform(_ g: inout SeededGenerator) -> Float {
        Float(g.next() >> 40) * 0x1p-23 - 1
    }
}
