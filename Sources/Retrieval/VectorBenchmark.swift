import Dispatch
import Foundation

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
        /// Candidates rescored exactly (0 when none).
        public var rescored: Int
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
        let base = UnsafeRawPointer(buffer.baseAddress!)
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
    public static func buildIndex(_ set: SyntheticVectors, n: Int, storage: VectorStorage) -> VectorIndex<Int> {
        var index = VectorIndex<Int>(dimension: set.dimension, storage: storage, reservingCapacity: n)
        for i in 0..<n { try! index.upsert(i, vector: set.vector(i)) }
        return index
    }

    /// Runs `queries` searches on `index`; returns per-query ms of the full search and of the scan alone, and the results.
    public static func time(
        _ index: VectorIndex<Int>, set: SyntheticVectors, n: Int, queries: Int, k: Int, candidates: Int, rescore: Bool
    ) -> (full: [Double], scan: [Double], results: [[Int]]) {
        let exact: ExactVectorSource<Int>? = rescore ? { @Sendable ids in Dictionary(uniqueKeysWithValues: ids.map { ($0, set.vector($0)) }) } : nil
        var full: [Double] = [], scan: [Double] = [], results: [[Int]] = []
        for q in 0..<queries {
            let query = set.query(q, count: n)
            let t0 = now()
            let hits = try! index.search(query, k: k, candidates: candidates, exact: exact)
            full.append(Double(now() - t0) / 1e6)
            results.append(hits.map(\.id))
            let unit = try! VectorMath.normalized(query, dimension: set.dimension)
            let prepared = PreparedQuery(unit: unit, stride: index.stride)
            let t1 = now()
            _ = index.scan(prepared, count: rescore ? candidates : k, mask: nil, threads: nil)
            scan.append(Double(now() - t1) / 1e6)
        }
        return (full, scan, results)
    }

    /// The straightforward baseline: a plain scalar loop over a float32 index keeping a sorted top-k.
    public static func baselineSearch(_ index: VectorIndex<Int>, query: [Float], k: Int) -> [Int] {
        precondition(index.storage == .float32)
        let unit = try! VectorMath.normalized(query, dimension: index.dimension)
        var best: [(Float, Int)] = []
        index.f32.withUnsafeBufferPointer { m in
            unit.withUnsafeBufferPointer { q in
                for row in 0..<index.count {
                    let s = VectorKernels.naiveDot(m.baseAddress! + row * index.stride, q.baseAddress!, index.dimension)
                    if best.count < k || s > best[best.count - 1].0 {
                        let at = best.firstIndex { $0.0 < s } ?? best.count
                        best.insert((s, row), at: at)
                        if best.count > k { best.removeLast() }
                    }
                }
            }
        }
        return best.map { index.id(atRow: Int32($0.1)) }
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

    /// Runs every storage type plus the baseline for one (n, dimension); `bandwidth` in GB/s.
    public static func run(
        n: Int, dimension: Int, queries: Int, k: Int = 10, candidates: Int = 200, bandwidth: Double, seed: UInt64 = 42,
        storages: [VectorStorage] = VectorStorage.allCases, baselineQueries: Int = 3,
        progress: (String) -> Void = { _ in }
    ) -> [Row] {
        let set = SyntheticVectors(seed: seed, dimension: dimension)
        var rows: [Row] = []
        var exactResults: [[Int]] = []
        // float32 first: its results are the exact reference for the others.
        for storage in [VectorStorage.float32] + storages.filter({ $0 != .float32 }) {
            progress("building \(storage) index \(n)×\(dimension)")
            let index = buildIndex(set, n: n, storage: storage)
            let rescore = storage != .float32
            let (full, scan, results) = time(index, set: set, n: n, queries: queries, k: k, candidates: candidates, rescore: rescore)
            if storage == .float32 { exactResults = results }
            let f = percentiles(full), s = percentiles(scan)
            let gbps = Double(index.matrixBytes) / (s.median / 1000) / 1e9
            if storage == .float32 || storages.contains(storage) {
                rows.append(Row(
                    n: n, dimension: dimension, storage: storage.rawValue, medianMs: f.median, p95Ms: f.p95,
                    scanMedianMs: s.median, matrixBytes: index.matrixBytes, scanGBps: gbps,
                    bandwidthFraction: bandwidth > 0 ? gbps / bandwidth : 0,
                    overlapAt10: overlap(results, exactResults), rescored: rescore ? candidates : 0))
            }
            if storage == .float32, baselineQueries > 0 {
                progress("baseline plain loop \(n)×\(dimension)")
                var times: [Double] = [], base: [[Int]] = []
                for q in 0..<baselineQueries {
                    let t0 = now()
                    base.append(baselineSearch(index, query: set.query(q, count: n), k: k))
                    times.append(Double(now() - t0) / 1e6)
                }
                let b = percentiles(times)
                let gb = Double(index.matrixBytes) / (b.median / 1000) / 1e9
                rows.append(Row(
                    n: n, dimension: dimension, storage: "baseline-loop", medianMs: b.median, p95Ms: b.p95, scanMedianMs: b.median,
                    matrixBytes: index.matrixBytes, scanGBps: gb, bandwidthFraction: bandwidth > 0 ? gb / bandwidth : 0,
                    overlapAt10: overlap(base, Array(exactResults.prefix(baselineQueries))), rescored: 0))
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
