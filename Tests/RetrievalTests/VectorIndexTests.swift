import RecallBench
import Seeded
import XCTest
@testable import Retrieval

/// The vector index against a naive reference implementation on seeded random data.
final class VectorIndexTests: XCTestCase {
    /// Exact top-k by brute force in Double, ties by lower id.
    func naiveTopK(_ vectors: [[Float]], _ query: [Float], k: Int, allowed: Set<Int>? = nil) -> [Int] {
        let q = try! VectorMath.normalized(query, dimension: query.count)
        let scored = vectors.enumerated().compactMap { (i, v) -> (Int, Double)? in
            if let allowed, !allowed.contains(i) { return nil }
            return (i, Double(VectorMath.cosine(v, q)))
        }
        return scored.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(k).map(\.0)
    }

    func randomVectors(_ n: Int, _ d: Int, seed: UInt64) -> [[Float]] {
        var g = SeededGenerator(seed: seed)
        return (0..<n).map { _ in (0..<d).map { _ in Float.random(in: -1...1, using: &g) } }
    }

    func build(_ vectors: [[Float]], storage: VectorStorage) throws -> VectorIndex<Int> {
        var index = VectorIndex<Int>(dimension: vectors[0].count, storage: storage)
        for (i, v) in vectors.enumerated() { try index.upsert(i, vector: v) }
        return index
    }

    func testFloat32TopKEqualsNaiveForOddAndRoundDimensions() throws {
        // Given random vectors in a dimension that is not a multiple of the SIMD width, and one that is
        for (d, seed) in [(50, UInt64(1)), (384, 2), (7, 3)] {
            let vectors = randomVectors(600, d, seed: seed)
            let index = try build(vectors, storage: .float32)
            var g = SeededGenerator(seed: seed + 100)
            for _ in 0..<20 {
                let q = (0..<d).map { _ in Float.random(in: -1...1, using: &g) }
                // When searching, Then the ids equal the brute-force reference (order by score)
                let hits = try index.search(q, k: 10)
                XCTAssertEqual(hits.map(\.id), naiveTopK(vectors, q, k: 10), "d=\(d)")
                let exact = naiveTopK(vectors, q, k: 1)[0]
                XCTAssertEqual(hits[0].score, VectorMath.cosine(vectors[exact], q), accuracy: 1e-4)
            }
        }
    }

    func testParallelScanEqualsSingleThreadOnLargeIndex() throws {
        // Given an index large enough to be split across threads
        let set = SyntheticVectors(seed: 9, dimension: 64, clusters: 50)
        var index = VectorIndex<Int>(dimension: 64)
        for i in 0..<20_000 { try index.upsert(i, vector: set.vector(i)) }
        for q in 0..<5 {
            let query = set.query(q, count: 20_000)
            // Then the multi-threaded result equals the single-threaded one
            let parallel = try index.search(query, k: 25, threads: 4)
            let single = try index.search(query, k: 25, threads: 1)
            XCTAssertEqual(parallel.map(\.id), single.map(\.id))
            XCTAssertEqual(parallel.map(\.score), single.map(\.score))
        }
    }

    func testQuantisedOverlapWithExactIsAtLeast99Percent() throws {
        // Given clustered vectors like real embeddings, stored three ways
        let n = 2000, d = 96
        let set = SyntheticVectors(seed: 5, dimension: d, clusters: 100)
        let vectors = (0..<n).map(set.vector)
        let exactIndex = try build(vectors, storage: .float32)
        let half = try build(vectors, storage: .float16)
        let int8 = try build(vectors, storage: .int8)
        let source: ExactVectorSource<Int> = { ids in Dictionary(uniqueKeysWithValues: ids.map { ($0, vectors[$0]) }) }
        var overlapHalf = 0.0, overlapInt8 = 0.0, overlapInt8Raw = 0.0
        let queries = 30
        for q in 0..<queries {
            let query = set.query(q, count: n)
            let exact = Set(try exactIndex.search(query, k: 10).map(\.id))
            overlapHalf += Double(exact.intersection(try half.search(query, k: 10).map(\.id)).count) / 10
            overlapInt8 += Double(exact.intersection(try int8.search(query, k: 10, candidates: 200, exact: source).map(\.id)).count) / 10
            overlapInt8Raw += Double(exact.intersection(try int8.search(query, k: 10).map(\.id)).count) / 10
        }
        // Then float16 and int8 with exact rescoring keep ≥ 0.99 of the exact top 10
        XCTAssertGreaterThanOrEqual(overlapHalf / Double(queries), 0.99)
        XCTAssertGreaterThanOrEqual(overlapInt8 / Double(queries), 0.99)
        // And int8 without rescoring is close but is why rescoring exists
        XCTAssertGreaterThanOrEqual(overlapInt8Raw / Double(queries), 0.8)
        // And memory shrinks by the storage width
        XCTAssertEqual(half.matrixBytes * 2, exactIndex.matrixBytes)
        XCTAssertLessThan(int8.matrixBytes, exactIndex.matrixBytes / 3)
    }

    func testIncrementalAddRemoveMatchesFreshBuild() throws {
        // Given an index built, then edited: some removed, some replaced, some added
        for storage in VectorStorage.allCases {
            var vectors = randomVectors(300, 40, seed: 11)
            var index = try build(vectors, storage: storage)
            var live = Set(0..<300)
            for id in stride(from: 0, to: 300, by: 3) { XCTAssertTrue(index.remove(id)); live.remove(id) }
            XCTAssertFalse(index.remove(0), "removing twice reports absence")
            let fresh = randomVectors(60, 40, seed: 12)
            for i in 0..<30 { try index.upsert(1 + 3 * i, vector: fresh[i]); vectors[1 + 3 * i] = fresh[i] }  // replace
            for i in 30..<60 { try index.upsert(300 + i, vector: fresh[i]); vectors.append(fresh[i]); live.insert(300 + i) }
            // (vectors index = id for the replaced; appended ids 330..<360 map to positions 300..<330)
            var reference: [Int: [Float]] = [:]
            for id in live { reference[id] = id < 300 ? vectors[id] : fresh[id - 300] }
            var rebuilt = VectorIndex<Int>(dimension: 40, storage: storage)
            for id in live.sorted() { try rebuilt.upsert(id, vector: reference[id]!) }
            // Then every search returns the same ids as a fresh build of the live set
            XCTAssertEqual(index.count, live.count)
            var g = SeededGenerator(seed: 13)
            for _ in 0..<10 {
                let q = (0..<40).map { _ in Float.random(in: -1...1, using: &g) }
                XCTAssertEqual(Set(try index.search(q, k: 8).map(\.id)), Set(try rebuilt.search(q, k: 8).map(\.id)), "\(storage)")
            }
            for id in live { XCTAssertTrue(index.contains(id)) }
            XCTAssertFalse(index.contains(0))
        }
    }

    func testAllowedSetFiltersResults() throws {
        let vectors = randomVectors(400, 24, seed: 21)
        let index = try build(vectors, storage: .float32)
        let allowed = Set(stride(from: 0, to: 400, by: 7))
        let q = vectors[3]
        let hits = try index.search(q, k: 10, allowed: allowed)
        XCTAssertEqual(hits.map(\.id), naiveTopK(vectors, q, k: 10, allowed: allowed))
        XCTAssertTrue(hits.allSatisfy { allowed.contains($0.id) })
    }

    func testBadVectorsAreRejectedWithClearErrors() throws {
        var index = VectorIndex<Int>(dimension: 4)
        XCTAssertThrowsError(try index.upsert(1, vector: [1, 2, 3])) { error in
            XCTAssertEqual(error as? RetrievalError, .dimensionMismatch(expected: 4, got: 3))
            XCTAssertTrue("\(error)".contains("recall index --rebuild"))
        }
        XCTAssertThrowsError(try index.upsert(1, vector: [1, .nan, 3, 4])) { XCTAssertEqual($0 as? RetrievalError, .nonFiniteVector) }
        XCTAssertThrowsError(try index.upsert(1, vector: [1, .infinity, 3, 4])) { XCTAssertEqual($0 as? RetrievalError, .nonFiniteVector) }
        XCTAssertThrowsError(try index.upsert(1, vector: [0, 0, 0, 0])) { XCTAssertEqual($0 as? RetrievalError, .zeroVector) }
        XCTAssertEqual(index.count, 0, "nothing half-added")
        try index.upsert(1, vector: [1, 0, 0, 0])
        XCTAssertThrowsError(try index.search([1, 0], k: 3)) { XCTAssertEqual($0 as? RetrievalError, .dimensionMismatch(expected: 4, got: 2)) }
        XCTAssertThrowsError(try index.search([0, 0, 0, 0], k: 3)) { XCTAssertEqual($0 as? RetrievalError, .zeroVector) }
        XCTAssertEqual(try index.search([1, 1, 0, 0], k: 0), [])
    }

    func testBlobRoundTripAndHalfConversion() throws {
        let v: [Float] = [1, -0.5, 0.25, 3.4e38, -1e-40, 0]
        let blob = VectorMath.blob(v)
        XCTAssertEqual(blob.count, 24)
        XCTAssertEqual(Array(blob.prefix(4)), [0x00, 0x00, 0x80, 0x3F], "float32 little-endian")
        XCTAssertEqual(try VectorMath.vector(fromBlob: blob, dimension: 6), v)
        XCTAssertThrowsError(try VectorMath.vector(fromBlob: blob, dimension: 5)) { XCTAssertEqual($0 as? RetrievalError, .corruptBlob(bytes: 24, dimension: 5)) }
        var g = SeededGenerator(seed: 3)
        for _ in 0..<2000 {
            let x = Float.random(in: -2...2, using: &g) * (Bool.random(using: &g) ? 1 : 1e-5)
            let h = VectorMath.halfBits(x)
            XCTAssertEqual(h, VectorMath.halfBitsPortable(x), "portable conversion agrees for \(x)")
            XCTAssertEqual(VectorMath.halfValue(h), Float(Float16(bitPattern: h)), "decode of \(x)")
            // The SIMD kernel decodes the same way as the scalar path
            let lanes = SIMD16<UInt16>(repeating: h)
            XCTAssertEqual(VectorKernels.halfToFloat(lanes)[5], VectorMath.halfValue(h))
        }
    }

    func testTopKKeepsBestAndBreaksTiesByRow() {
        var heap = TopK(capacity: 3)
        for (s, r) in [(0.1, 0), (0.9, 1), (0.5, 2), (0.9, 3), (0.2, 4), (0.5, 5)] as [(Float, Int32)] { heap.offer(s, r) }
        XCTAssertEqual(heap.sorted().map(\.row), [1, 3, 2])
        var empty = TopK(capacity: 0)
        empty.offer(1, 1)
        XCTAssertTrue(empty.sorted().isEmpty)
    }
}
