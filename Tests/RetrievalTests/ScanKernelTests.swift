import Seeded
import XCTest
@testable import Retrieval

/// The C scan kernels chosen at run time against the Swift kernel: the same scores, bit for bit.
final class ScanKernelTests: XCTestCase {
    /// Kernels this CPU can run (the portable one always).
    var runnable: [ScanKernel] { ScanKernel.allCases.filter(\.isSupported) }

    func index(_ n: Int, _ d: Int, seed: UInt64, extremes: Bool = false) throws -> VectorIndex<Int> {
        var g = SeededGenerator(seed: seed)
        var index = VectorIndex<Int>(dimension: d, storage: .int8)
        for i in 0..<n {
            // Extremes: one large value per vector quantises it to ±127 and the rest near 0 (saturation edge).
            var v = (0..<d).map { _ in Float.random(in: -1...1, using: &g) }
            if extremes { v[i % d] = (i % 2 == 0 ? 50 : -50) }
            try index.upsert(i, vector: v)
        }
        return index
    }

    func testEveryKernelGivesTheSwiftKernelsScoresBitForBit() throws {
        XCTAssertTrue(ScanKernel.portable.isSupported, "the portable kernel must run everywhere")
        // Given int8 indexes whose strides are one, two and several 32-value blocks (odd and even multiples of 64)
        for (n, d, seed) in [(700, 16, UInt64(1)), (900, 96, 2), (1200, 384, 3), (300, 768, 4), (500, 200, 5)] {
            for extremes in [false, true] {
                let idx = try index(n, d, seed: seed, extremes: extremes)
                var g = SeededGenerator(seed: seed + 50)
                for _ in 0..<5 {
                    var q = (0..<d).map { _ in Float.random(in: -1...1, using: &g) }
                    if extremes { q[0] = -40 }
                    // When every kernel scores every row
                    let reference = try idx.scanScores(q, count: n, kernel: .swift)
                    XCTAssertEqual(reference.count, n)
                    for kernel in runnable where kernel != .swift {
                        let got = try idx.scanScores(q, count: n, kernel: kernel)
                        // Then ids and scores are identical to the Swift kernel's (the integer dot is exact)
                        XCTAssertEqual(got.map(\.id), reference.map(\.id), "\(kernel) n=\(n) d=\(d)")
                        XCTAssertEqual(got.map(\.score.bitPattern), reference.map(\.score.bitPattern), "\(kernel) n=\(n) d=\(d)")
                    }
                }
            }
        }
    }

    func testSearchWithRescoringIsTheSameWhicheverKernelRuns() throws {
        // Given an int8 index of 20k vectors (several scan parts on several threads) and an exact source
        let idx = try index(20_000, 64, seed: 9)
        let exact: ExactVectorSource<Int> = { ids in Dictionary(uniqueKeysWithValues: ids.map { ($0, idx.storedVector($0)!) }) }
        var g = SeededGenerator(seed: 10)
        for _ in 0..<5 {
            let q = (0..<64).map { _ in Float.random(in: -1...1, using: &g) }
            let reference = try idx.search(q, k: 10, candidates: 100, exact: exact, kernel: .swift)
            for kernel in runnable {
                // When searching with each kernel, Then the hits are the same
                XCTAssertEqual(try idx.search(q, k: 10, candidates: 100, exact: exact, kernel: kernel), reference, "\(kernel)")
            }
        }
    }

    func testTheFallbackCanBeForcedAndABadNameIsReported() {
        // Given no setting, the best kernel this CPU supports is chosen
        XCTAssertEqual(ScanKernel.select(environment: [:]).kernel, ScanKernel.best)
        XCTAssertNil(ScanKernel.select(environment: [:]).warning)
        // When the portable kernel is forced (as on a CPU without AVX2), Then it is used without a warning
        let forced = ScanKernel.select(environment: [ScanKernel.environmentKey: "portable"])
        XCTAssertEqual(forced.kernel, .portable)
        XCTAssertNil(forced.warning)
        XCTAssertEqual(ScanKernel.select(environment: [ScanKernel.environmentKey: "swift"]).kernel, .swift)
        // When the name is unknown, Then the best kernel runs and the warning names the variable and the choices
        let bad = ScanKernel.select(environment: [ScanKernel.environmentKey: "avx9"])
        XCTAssertEqual(bad.kernel, ScanKernel.best)
        let warning = bad.warning ?? ""
        XCTAssertTrue(warning.contains("RECALL_SCAN_KERNEL=avx9") && warning.contains("portable"), warning)
    }

    func testChecksumIsTheSameForEveryKernelAndCatchesOneChangedOrMissingByte() {
        var g = SeededGenerator(seed: 3)
        // Given bytes whose length is not a multiple of the 32-byte block
        var bytes = (0..<100_003).map { _ in UInt8.random(in: 0...255, using: &g) }
        let kernels = runnable
        func sum(_ b: [UInt8], _ k: ScanKernel) -> UInt64 { b.withUnsafeBytes { ScanKernel.checksum($0, kernel: k) } }
        let reference = sum(bytes, .portable)
        // Then every kernel agrees
        for k in kernels { XCTAssertEqual(sum(bytes, k), reference, "\(k)") }
        // When one byte changes, or the last byte is missing, or a zero byte is appended, Then the checksum changes
        for position in [0, 31, 32, 50_000, 100_002] {
            bytes[position] ^= 0x10
            for k in kernels { XCTAssertNotEqual(sum(bytes, k), reference, "\(k) byte \(position)") }
            bytes[position] ^= 0x10
        }
        for k in kernels {
            XCTAssertNotEqual(sum(Array(bytes.dropLast()), k), reference)
            XCTAssertNotEqual(sum(bytes + [0], k), reference)
        }
        // And a checksum continued over two parts differs from one over the first part alone
        let first = bytes.withUnsafeBytes { ScanKernel.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<64])) }
        let both = bytes.withUnsafeBytes { ScanKernel.checksum(UnsafeRawBufferPointer(rebasing: $0[64..<128]), seed: first) }
        XCTAssertNotEqual(first, both)
    }
}
