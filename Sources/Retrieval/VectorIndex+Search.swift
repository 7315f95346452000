import Dispatch
import Foundation

/// Fetches exact float32 vectors for a few candidate ids (e.g. from the BLOBs in SQLite).
public typealias ExactVectorSource<ID: Hashable & Sendable> = @Sendable ([ID]) throws -> [ID: [Float]]

extension VectorIndex {
    /// Top-`k` ids by cosine similarity to `query`.
    ///
    /// - Parameters:
    ///   - allowed: when given, only these ids can be returned (project/notebook/tag filters).
    ///   - candidates: for quantised storage, how many scan candidates are rescored exactly (≥ k).
    ///   - exact: where the exact float32 vectors of candidates come from; without it, quantised
    ///     scores are returned as they are.
    ///   - threads: scan parallelism (defaults to all cores).
    ///   - kernel: the int8 scan kernel (defaults to the one chosen at start for this CPU).
    public func search(
        _ query: [Float], k: Int, allowed: Set<ID>? = nil, candidates: Int = 200,
        exact: ExactVectorSource<ID>? = nil, threads: Int? = nil, kernel: ScanKernel = .active
    ) throws -> [VectorHit<ID>] {
        guard k > 0, count > 0 else {
            _ = try VectorMath.normalized(query, dimension: dimension)
            return []
        }
        let unit = try VectorMath.normalized(query, dimension: dimension)
        let mask = allowed.map(rowMask)
        let rescoring = storage != .float32 && exact != nil
        let wanted = rescoring ? max(k, candidates) : k
        let top = scan(PreparedQuery(unit: unit, stride: stride), count: wanted, mask: mask, threads: threads, kernel: kernel)
        guard rescoring, let exact else {
            return top.prefix(k).map { VectorHit(id: id(atRow: $0.row), score: $0.score) }
        }
        let ids = top.map { id(atRow: $0.row) }
        let vectors = try exact(ids)
        var rescored: [VectorHit<ID>] = []
        rescored.reserveCapacity(ids.count)
        for (i, id) in ids.enumerated() {
            if let v = vectors[id], v.count == dimension {
                rescored.append(VectorHit(id: id, score: VectorMath.cosine(v, unit)))
            } else {
                rescored.append(VectorHit(id: id, score: top[i].score))
            }
        }
        rescored.sort { $0.score > $1.score }
        return Array(rescored.prefix(k))
    }

    /// A row mask with `true` for each allowed id present in the index.
    private func rowMask(_ allowed: Set<ID>) -> [Bool] {
        var mask = [Bool](repeating: false, count: count)
        for id in allowed { if let r = row(of: id) { mask[Int(r)] = true } }
        return mask
    }

    /// Scans every row (on `threads` cores) and returns the best `count` (score, row) pairs, best first.
    func scan(_ q: PreparedQuery, count wanted: Int, mask: [Bool]?, threads: Int?, kernel: ScanKernel = .active) -> [(score: Float, row: Int32)] {
        let rows = count
        let cores = max(1, threads ?? ProcessInfo.processInfo.activeProcessorCount)
        // Small indexes are not worth waking other threads for.
        // Several parts per core so a thread that loses its core to another process does not hold up the query.
        let parts = rows < 8192 ? 1 : min(cores * 4, max(1, rows / 4096))
        let results = PartResults(parts: parts, capacity: wanted)
        let run: @Sendable (Int) -> Void = { part in
            let lo = rows * part / parts, hi = rows * (part + 1) / parts
            results.heaps[part] = self.scanRange(q, lo..<hi, wanted: wanted, mask: mask, kernel: kernel)
        }
        if parts == 1 { run(0) } else { DispatchQueue.concurrentPerform(iterations: parts, execute: run) }
        var merged = TopK(capacity: wanted)
        for heap in results.heaps { for (s, r) in zip(heap.scores, heap.rows) { merged.offer(s, r) } }
        return merged.sorted()
    }

    /// Scans `range` of rows into a bounded heap.
    private func scanRange(_ q: PreparedQuery, _ range: Range<Int>, wanted: Int, mask: [Bool]?, kernel: ScanKernel) -> TopK {
        var heap = TopK(capacity: wanted)
        var threshold = heap.threshold
        let s = stride
        @inline(__always) func consider(_ score: Float, _ row: Int) {
            if score > threshold, mask.map({ $0[row] }) ?? true {
                heap.offer(score, Int32(row))
                threshold = heap.threshold
            }
        }
        switch storage {
        case .float32:
            f32.withUnsafeBufferPointer { m in
                q.f32.withUnsafeBufferPointer { qp in
                    guard let base = m.baseAddress, let qb = qp.baseAddress else { return }
                    for row in range { consider(VectorKernels.dot(base + row &* s, qb, s), row) }
                }
            }
        case .float16:
            f16.withUnsafeBufferPointer { m in
                q.f32.withUnsafeBufferPointer { qp in
                    guard let base = m.baseAddress, let qb = qp.baseAddress else { return }
                    for row in range { consider(VectorKernels.dot(base + row &* s, qb, s), row) }
                }
            }
        case .int8:
            // Rows are scored a block at a time by the chosen kernel, then offered to the heap.
            _ = withInt8Rows { m, sc, _ in
                q.i8.withUnsafeBufferPointer { q8 in
                    q.i16.withUnsafeBufferPointer { q16 in
                        guard let base = m.baseAddress, let scb = sc.baseAddress, let q8b = q8.baseAddress, let q16b = q16.baseAddress else { return }
                        let block = 256
                        withUnsafeTemporaryAllocation(of: Float.self, capacity: block) { out in
                            guard let ob = out.baseAddress else { return }
                            var row = range.lowerBound
                            while row < range.upperBound {
                                let n = min(block, range.upperBound - row)
                                ScanKernel.int8Scores(kernel, rows: base + row &* s, scales: scb + row, count: n, stride: s,
                                                      query: q8b, query16: q16b, queryScale: q.i8Scale, out: ob)
                                for j in 0..<n { consider(ob[j], row &+ j) }
                                row &+= n
                            }
                        }
                    }
                }
            }
        }
        return heap
    }
}

/// Per-thread heaps; each concurrent part writes only its own slot, read after all parts finish.
private final class PartResults: @unchecked Sendable {
    /// One heap per part.
    let heaps: UnsafeMutableBufferPointer<TopK>

    /// Allocates `parts` empty heaps of `capacity`.
    init(parts: Int, capacity: Int) {
        heaps = .allocate(capacity: parts)
        heaps.initialize(repeating: TopK(capacity: capacity))
    }

    deinit {
        heaps.deinitialize()
        heaps.deallocate()
    }
}

/// A query in every form the kernels need: padded float32 and padded int8 with its scale.
struct PreparedQuery: Sendable {
    /// Unit query padded with zeros to the row stride.
    let f32: [Float]
    /// Int8-quantised query padded to the row stride (the C kernels' form).
    let i8: [Int8]
    /// The same values widened to int16 (the Swift kernel's form).
    let i16: [Int16]
    /// Scale mapping the int8 query back to float.
    let i8Scale: Float

    /// Prepares a unit-length query for rows of `stride` values.
    init(unit: [Float], stride: Int) {
        var padded = unit
        padded.append(contentsOf: repeatElement(0, count: stride - unit.count))
        f32 = padded
        var q = [Int8](repeating: 0, count: stride)
        i8Scale = padded.withUnsafeBufferPointer { src in q.withUnsafeMutableBufferPointer { VectorMath.quantizeInt8(src, into: $0) } }
        i8 = q
        i16 = q.map(Int16.init)
    }
}
