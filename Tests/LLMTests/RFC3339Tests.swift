import Foundation
import LLM
import XCTest

/// Go's RFC 3339 timestamps as Ollama writes `created_at` / `modified_at`.
final class RFC3339Tests: XCTestCase {
    func testZeroToNineFractionalDigitsAndOffsets() throws {
        let base = 1_761_498_924.0  // 2025-10-26T17:15:24Z
        for digits in 0...9 {
            let fraction = digits == 0 ? "" : "." + String("123456789".prefix(digits))
            let expected = base + (Double("0" + (fraction.isEmpty ? ".0" : fraction)) ?? 0)
            let date = try XCTUnwrap(RFC3339.parse("2025-10-26T17:15:24\(fraction)Z"), "digits \(digits)")
            XCTAssertEqual(date.timeIntervalSince1970, expected, accuracy: 1e-6, "digits \(digits)")
        }
        let offset = try XCTUnwrap(RFC3339.parse("2023-08-04T08:52:19.385406455-07:00"))
        XCTAssertEqual(offset.timeIntervalSince1970, 1_691_164_339.385406455, accuracy: 1e-6)
        XCTAssertEqual(RFC3339.parse("2024-09-12T21:17:29Z")?.timeIntervalSince1970, 1_726_175_849)
    }

    func testRejectsMalformed() {
        for text in ["", "2024-09-12", "2024-09-12T21:17:29", "2024-09-12T21:17:29.Z", "2024-13-12T21:17:29Z", "2024-09-12T21:17:29Zx"] {
            XCTAssertNil(RFC3339.parse(text), text)
        }
    }
}
