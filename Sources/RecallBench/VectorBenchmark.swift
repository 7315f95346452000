import Dispatch
import Foundation
import Retrieval

/// Measurements behind `recall bench search`: scan speed per storage type, memory bandwidth, a plain-loop baseline.
public enum VectorBenchmark {
    /// Figures for one (N, dimension, storage) configuration.
    public struct Row: Sendable, Codable {
        /// Number of vectors.
        public var n: Int
        /// Values per vector.
        public var dimension: Int
        /// Storage type, or "baseline" for the plain loop.
        public var storage: String
        /// Median milliseconds per query for the full search (scan, top-k, rescoring).
        public var medianMs: Double
        /// 95th percentile milliseconds per query.
        public var p95Ms: Double
        /// Median milliseconds of the scan alone (no rescoring).
        public var scanMedianMs: Double
        /// Bytes of the scanned matrix.
        public var matrixBytes: Int
        /// Bytes scanned per second during the scan alone, in GB/s.
        public var scanGBps: Double
        /// scanGBps as a fraction of the measured read bandwidth.
        public var bandwidthFraction: Double
        /// Mean top-10 overlap with exact float32 search.
        public var overlapAt10: Double
        /// Mean top-10 overlap of the scan alone (before exact rescoring).
        public var overlapWithoutRescoring: Double
        /// Candidates rescored exactly (0 when none).
        public var rescored: Int
        /// The int8 scan kernel that ran (nil for other storage types).
        public var kernel: String? = nil
    }

    /// Clock in nanoseconds (monotonic).
    @inline(__always)
    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// Sequential read bandwidth in GB/s: sums a `bytes`-sized array on all cores, best of `repeats`.
    public static func measureReadBandwidth(bytes: Int = 1 << 29, repeats: Int = 5) -> Double {
        let words = bytes / 8
        let buffer = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: words)
        defer { buffer.deallocate() }
        for i in 0..<words { buffer[i] = UInt64(truncatingIfNeeded: i) }
        let parts = ProcessInfo.processInfo.activeProcessorCount
        let sink = Sink(parts: parts)
        guard let start = buffer.baseAddress else { return 0 }
        let base = UnsafeRawPointer(start)
        let shared = SendablePointer(base)
        var best = 0.0
        for _ in 0..<repeats {
            let t0 = now()
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                let lo = (words / parts * part) / 8 * 8, hi = part == parts - 1 ? words / 8 * 8 : (words / parts * (part + 1)) / 8 * 8
                var acc0 = SIMD8<UInt64>(), acc1 = SIMD8<UInt64>()
                var i = lo
                let p = shared.pointer
                while i + 16 <= hi {
                    acc0 &+= p.loadUnaligned(fromByteOffset: i &* 8, as: SIMD8<UInt64>.self)
                    acc1 &+= p.loadUnaligned(fromByteOffset: i &* 8 &+ 64, as: SIMD8<UInt64>.self)
                    i &+= 16
                }
                sink.values[part] = (acc0 &+ acc1).wrappedSum()
            }
            let seconds = Double(now() - t0) / 1e9
            best = max(best, Double(words * 8) / seconds / 1e9)
        }
        return best
    }

    /// Builds an index of `n` synthetic vectors in `storage`.
    public static func buildIndex(_ set: SyntheticVectors, n: Int, storage: VectorStorage) throws -> VectorIndex<Int> {
        var index = VectorIndex<Int>(dimension: set.dimension, storage: storage, reservingCapacity: n)
        for i in 0..<n { try index.upsert(i, vector: set.vector(i)) }
        return index
    }

    /// Runs `queries` searches on `index`; returns per-query ms of the full search and of the scan alone, and the results.
    /// Exact rescoring reads candidates from `exactIndex` (the float32 copy), as the app reads them from SQLite.
    public static func time(
        _ index: VectorIndex<Int>, exactIndex: VectorIndex<Int>?, set: SyntheticVectors, n: Int, queries: Int, k: Int, candidates: Int,
        kernel: ScanKernel = .active
    ) throws -> (full: [Double], scan: [Double], results: [[Int]], unrescored: [[Int]]) {
        let exact: ExactVectorSource<Int>? = exactIndex.map { source in
            { @Sendable ids in
                var out: [Int: [Float]] = [:]
                for id in ids { out[id] = source.storedVector(id) }
                return out
            }
        }
        var full: [Double] = [], scan: [Double] = [], results: [[Int]] = [], unrescored: [[Int]] = []
        for q in 0..<queries {
            let query = set.query(q, count: n)
            let t0 = now()
            let hits = try index.search(query, k: k, candidates: candidates, exact: exact, kernel: kernel)
            full.append(Double(now() - t0) / 1e6)
            results.append(hits.map(\.id))
            let t1 = now()
            let top = try index.scanIDs(query, count: exact == nil ? k : candidates, kernel: kernel)
            scan.append(Double(now() - t1) / 1e6)
            unrescored.append(Array(top.prefix(k)))
        }
        return (full, scan, results, unrescored)
    }

    /// The straightforward baseline: a plain scalar loop over a float32 index keeping a sorted top-k.
    public static func baselineSearch(_ index: VectorIndex<Int>, query: [Float], k: Int) throws -> [Int] {
        precondition(index.storage == .float32)
        let unit = try VectorMath.normalized(query, dimension: index.dimension)
        let ids = index.allIDs
        let best: [(Float, Int)] = index.withFloat32Matrix { m, stride in
            var best: [(Float, Int)] = []
            unit.withUnsafeBufferPointer { q in
                for row in 0..<ids.count {
                    var s: Float = 0
                    for i in 0..<index.dimension { s += m[row * stride + i] * q[i] }
                    if best.count < k || s > best[best.count - 1].0 {
                        let at = best.firstIndex { $0.0 < s } ?? best.count
                        best.insert((s, row), at: at)
                        if best.count > k { best.removeLast() }
                    }
                }
            }
            return best
        } ?? []
        return best.map { ids[$0.1] }
    }

    /// Mean fraction of `exact` top-k ids found in `approx` top-k.
    public static func overlap(_ approx: [[Int]], _ exact: [[Int]]) -> Double {
        guard !exact.isEmpty else { return 1 }
        var total = 0.0
        for (a, e) in zip(approx, exact) where !e.isEmpty {
            total += Double(Set(a).intersection(e).count) / Double(e.count)
        }
        return total / Double(exact.count)
    }

    /// Median and 95th percentile of `values`.
    public static func percentiles(_ values: [Double]) -> (median: Double, p95: Double) {
        let s = values.sorted()
        guard !s.isEmpty else { return (0, 0) }
        return (s[s.count / 2], s[min(s.count - 1, Int(Double(s.count) * 0.95))])
    }

    /// Runs every storage type plus the baseline for one (n, dimension); `bandwidth` in GB/s. The int8 row uses
    /// `kernel`; every other int8 kernel this CPU runs gets a row of its own (`int8+rescore/<kernel>`), so the
    /// kernels are compared in the same process.
    /// The float32 index is built once; the quantised ones are converted from it (one at a time, to bound memory).
    public static func run(
        n: Int, dimension: Int, queries: Int, k: Int = 10, candidates: Int = 200, bandwidth: Double, seed: UInt64 = 42,
        storages: [VectorStorage] = VectorStorage.allCases, baselineQueries: Int = 3, kernel: ScanKernel = .active,
        progress: (String) -> Void = { _ in }
    ) throws -> [Row] {
        let set = SyntheticVectors(seed: seed, dimension: dimension)
        var rows: [Row] = []
        progress("building float32 index \(n)×\(dimension)")
        let exactIndex = try buildIndex(set, n: n, storage: .float32)
        let reference = try time(exactIndex, exactIndex: nil, set: set, n: n, queries: queries, k: k, candidates: candidates)
        func row(_ name: String, _ index: VectorIndex<Int>, _ r: (full: [Double], scan: [Double], results: [[Int]], unrescored: [[Int]]), rescored: Int) -> Row {
            let f = percentiles(r.full), s = percentiles(r.scan)
            let gbps = Double(index.matrixBytes) / (s.median / 1000) / 1e9
            return Row(n: n, dimension: dimension, storage: name, medianMs: f.median, p95Ms: f.p95, scanMedianMs: s.median,
                       matrixBytes: index.matrixBytes, scanGBps: gbps, bandwidthFraction: bandwidth > 0 ? gbps / bandwidth : 0,
                       overlapAt10: overlap(r.results, reference.results), overlapWithoutRescoring: overlap(r.unrescored, reference.results),
                       rescored: rescored)
        }
        if storages.contains(.float32) { rows.append(row("float32", exactIndex, reference, rescored: 0)) }
        if baselineQueries > 0 {
            progress("baseline plain loop \(n)×\(dimension)")
            var times: [Double] = [], base: [[Int]] = []
            for q in 0..<baselineQueries {
                let t0 = now()
                base.append(try baselineSearch(exactIndex, query: set.query(q, count: n), k: k))
                times.append(Double(now() - t0) / 1e6)
            }
            rows.append(row("baseline-loop", exactIndex, (times, times, base, base), rescored: 0))
            rows[rows.count - 1].overlapAt10 = overlap(base, Array(reference.results.prefix(baselineQueries)))
            rows[rows.count - 1].overlapWithoutRescoring = rows[rows.count - 1].overlapAt10
        }
        for storage in storages where storage != .float32 {
            progress("\(storage) index \(n)×\(dimension)")
            let index = exactIndex.converted(to: storage)
            let r = try time(index, exactIndex: exactIndex, set: set, n: n, queries: queries, k: k, candidates: candidates, kernel: kernel)
            rows.append(row(storage.rawValue + "+rescore", index, r, rescored: candidates))
            guard storage == .int8 else { continue }
            rows[rows.count - 1].kernel = kernel.rawValue
            for other in ScanKernel.allCases where other != kernel && other.isSupported {
                progress("int8 index \(n)×\(dimension), \(other.rawValue) kernel")
                let r = try time(index, exactIndex: exactIndex, set: set, n: n, queries: queries, k: k, candidates: candidates, kernel: other)
                rows.append(row("int8+rescore/" + other.rawValue, index, r, rescored: candidates))
                rows[rows.count - 1].kernel = other.rawValue
            }
        }
        return rows
    }
}

/// Per-thread results of the bandwidth probe (kept so the sums are not optimised away).
private final class Sink: @unchecked Sendable {
    var values: [UInt64]
    init(parts: Int) { values = Array(repeating: 0, count: parts) }
}

/// A read-only raw pointer shared across the bandwidth probe's threads.
private struct SendablePointer: @unchecked Sendable {
    let pointer: UnsafeRawPointer
    init(_ p: UnsafeRawPointer) { pointer = p }
}
