import Foundation
import Packs
import XCTest

/// `vectors.bin` encodes and decodes exactly, and a record naming no packed snippet or holding NaN is refused.
final class PackVectorCodecTests: XCTestCase {
    let a = "00000000-0000-4000-8000-00000000000a", b = "00000000-0000-4000-8000-00000000000b"
    let hash = String(repeating: "ab", count: 32)

    func testARoundTripKeepsEveryRecordAndTheSizeIsFixedPerRecord() throws {
        let v = PackVectors(model: "m", dimension: 3, recipe: "ctx1:", records: [
            PackVectorRecord(snippetID: a, chunkHash: hash, vector: [1, -0.5, 0.25]),
            PackVectorRecord(snippetID: b, chunkHash: hash, vector: [0, .leastNonzeroMagnitude, 3e38]),
        ])
        let data = PackVectorCodec.encode(v)
        XCTAssertEqual(data.count, 16 + 2 * (100 + 12))
        XCTAssertEqual(try PackVectorCodec.decode(data, info: v.manifestInfo, snippetIDs: [a, b]), v)
        XCTAssertThrowsError(try PackVectorCodec.decode(data, info: v.manifestInfo, snippetIDs: [a])) {
            XCTAssertEqual($0 as? PackRefusal, .inconsistent("vector 2 names a snippet the pack lacks"))
        }
        var nan = data
        nan.replaceSubrange((16 + 112 + 100)..<(16 + 112 + 104), with: withUnsafeBytes(of: Float.nan.bitPattern.littleEndian) { Data($0) })
        XCTAssertThrowsError(try PackVectorCodec.decode(nan, info: v.manifestInfo, snippetIDs: [a, b])) {
            XCTAssertEqual($0 as? PackRefusal, .impossibleValue("vector 2 holds NaN"))
        }
    }
}
