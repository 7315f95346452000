extension VectorIndex {
    /// The ids of the `count` best rows by this storage's scan alone, before exact rescoring: what `search`
    /// rescores. `recall bench search` times it apart from the full search and measures what rescoring adds.
    public func scanIDs(_ query: [Float], count: Int, kernel: ScanKernel = .active) throws -> [ID] {
        let unit = try VectorMath.normalized(query, dimension: dimension)
        return scan(PreparedQuery(unit: unit, stride: stride), count: count, mask: nil, threads: nil, kernel: kernel).map { id(atRow: $0.row) }
    }

    /// The scan scores (before rescoring) of the best `count` rows with `kernel`, best first: lets tests compare
    /// kernels score for score.
    public func scanScores(_ query: [Float], count: Int, kernel: ScanKernel) throws -> [VectorHit<ID>] {
        let unit = try VectorMath.normalized(query, dimension: dimension)
        return scan(PreparedQuery(unit: unit, stride: stride), count: count, mask: nil, threads: nil, kernel: kernel)
            .map { VectorHit(id: id(atRow: $0.row), score: $0.score) }
    }

    /// Calls `body` with the float32 matrix (row `r` starts at `r * stride`; row order is `allIDs`), or nil for
    /// a quantised index: lets a benchmark run its own plain loop over the stored values as a baseline.
    public func withFloat32Matrix<R>(_ body: (_ matrix: UnsafeBufferPointer<Float>, _ stride: Int) throws -> R) rethrows -> R? {
        guard storage == .float32 else { return nil }
        return try f32.withUnsafeBufferPointer { try body($0, stride) }
    }
}
