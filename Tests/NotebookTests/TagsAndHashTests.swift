import Notebook
import XCTest

/// Tag normalisation and content hashes: the small rules other parts depend on.
final class TagsAndHashTests: XCTestCase {
    func testGivenRawTags_whenNormalised_thenTrimmedLowercasedDeduplicatedAndOrderKept() {
        XCTAssertEqual(Tags.normalize([" Rust ", "#SQL", "rust", "study notes", "a,b", "", "  "]), ["rust", "sql", "study-notes", "a-b"])
    }

    func testGivenTagTextInTheAcceptedShapes_whenParsed_thenTheSameTagsComeOut() {
        XCTAssertEqual(Tags.parse("[rust, sql]"), ["rust", "sql"])
        XCTAssertEqual(Tags.parse("rust, sql"), ["rust", "sql"])
        XCTAssertEqual(Tags.parse("rust sql"), ["rust", "sql"])
        XCTAssertEqual(Tags.parse("[\"rust\", 'sql']"), ["rust", "sql"])
        XCTAssertEqual(Tags.parse("study notes, ml"), ["study-notes", "ml"], "with commas, spaces stay inside a tag")
        XCTAssertEqual(Tags.parse(""), [])
    }

    func testGivenKnownInputs_whenHashed_thenTheSHA256HexMatchesTheStandardVectors() {
        XCTAssertEqual(ContentHash.of(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(ContentHash.of("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(ContentHash.of(bytes: Data("abc".utf8)), ContentHash.of("abc"))
        XCTAssertNotEqual(ContentHash.of("é"), ContentHash.of("e\u{301}"), "hashes are over bytes, not canonical equivalence")
        // FIPS 180-2 vectors: two blocks, and a million bytes (many blocks through libcrypto's update loop).
        XCTAssertEqual(ContentHash.of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(ContentHash.of(String(repeating: "a", count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        XCTAssertEqual(ContentHash.of(bytes: Data()), ContentHash.of(""), "empty data hashes like the empty string")
    }

    func testGivenASnippet_whenCreated_thenItsHashIsTheHashOfItsBody() {
        let s = Snippet(notebookID: "n", title: "t", body: "text", createdAt: Date(), updatedAt: Date())
        XCTAssertEqual(s.contentHash, ContentHash.of("text"))
    }
}
