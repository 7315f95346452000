import Foundation

/// SQLite FTS5's `bm25()` arithmetic (k1 = 1.2, b = 0.75), reproduced operation for operation, so a score computed
/// here from a row's parts (its size and each phrase's column-weighted hit count) equals FTS5's to the last bit.
/// Lower is better, as in FTS5.
public struct BM25: Sendable, Equatable {
    /// Term-frequency saturation.
    public static let k1 = 1.2
    /// Length normalisation.
    public static let b = 0.75

    /// Rows in the index (FTS5's `xRowCount`).
    public var rowCount: Int64
    /// Average row size in tokens over all columns (FTS5's `avgdl`).
    public var averageSize: Double

    /// The statistics of an index: its row count and its total size in tokens.
    public init(rowCount: Int64, totalTokens: Int64) {
        self.rowCount = rowCount
        self.averageSize = Double(totalTokens) / Double(rowCount)
    }

    /// FTS5's inverse document frequency of a phrase found in `docs` rows (never below 1e-6).
    public func idf(docs: Int64) -> Double {
        let idf = log((Double(rowCount - docs) + 0.5) / (Double(docs) + 0.5))
        return idf <= 0 ? 1e-6 : idf
    }

    /// The score of a row of `size` tokens whose phrases have the given weighted frequencies, phrases in query order.
    public func score(frequencies: [Double], size: Double, idf: [Double]) -> Double {
        var score = 0.0
        for i in frequencies.indices { score += contribution(idf: idf[i], frequency: frequencies[i], size: size) }
        return -1.0 * score
    }

    /// What one phrase adds to a row's (positive) score: FTS5 sums these in phrase order, then negates the sum.
    @inline(__always)
    public func contribution(idf: Double, frequency: Double, size: Double) -> Double {
        let k1 = Self.k1, b = Self.b
        return idf * ((frequency * (k1 + 1.0)) / (frequency + k1 * (1 - b + b * size / averageSize)))
    }

    /// A bound no row can reach or pass with phrases of these IDFs: each phrase adds less than `idf · (k1 + 1)`.
    /// Returned as a (negative) score: every row matching only these phrases scores strictly above it.
    public static func bestPossible(idf: [Double]) -> Double {
        -idf.reduce(0) { $0 + $1 * (k1 + 1.0) }
    }
}
