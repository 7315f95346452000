import Foundation
import Notebook
import Packs
import XCTest

/// The pure rules an untrusted pack must pass: names, kinds, sizes, ratios, manifest versions and checksums.
final class PackRulesTests: XCTestCase {
    func refusal(_ body: () throws -> Void) -> PackRefusal? {
        do { try body(); return nil } catch let r as PackRefusal { return r } catch { XCTFail("unexpected \(error)"); return nil }
    }

    func testEntryNamesThatLeaveTheArchiveAreRefused() {
        XCTAssertEqual(refusal { try PackRules.checkPath("/etc/passwd") }, .absolutePath("/etc/passwd"))
        XCTAssertEqual(refusal { try PackRules.checkPath("C:/x.md") }, .absolutePath("C:/x.md"))
        XCTAssertEqual(refusal { try PackRules.checkPath("notebooks/../../evil.md") }, .parentTraversal("notebooks/../../evil.md"))
        XCTAssertEqual(refusal { try PackRules.checkPath("notebooks\\..\\evil.md") }, .parentTraversal("notebooks\\..\\evil.md"))
        XCTAssertEqual(refusal { try PackRules.checkPath("notebooks//a.md") }, .unsafeName("notebooks//a.md"))
        XCTAssertEqual(refusal { try PackRules.checkPath("notebooks/./a.md") }, .unsafeName("notebooks/./a.md"))
        XCTAssertEqual(refusal { try PackRules.checkPath("notebooks/a\u{1}.md") }, .unsafeName("notebooks/a\u{1}.md"))
        XCTAssertEqual(refusal { try PackRules.checkPath("config.toml") }, .unexpectedEntry("config.toml"))
        XCTAssertEqual(refusal { try PackRules.checkPath("notebooks/run.sh") }, .unexpectedEntry("notebooks/run.sh"))
        XCTAssertNil(refusal { try PackRules.checkPath("notebooks/rust/ownership.md") })
        XCTAssertNil(refusal { try PackRules.checkPath("manifest.json") })
    }

    func testDirectoryChecksKindsSizesAndRatio() {
        var limits = PackLimits()
        limits.maxEntryBytes = 1000; limits.maxTotalBytes = 1500; limits.ratioFloorBytes = 100; limits.maxRatio = 50
        let ok = PackEntryInfo(path: "metadata.json", kind: .file, compressedSize: 100, uncompressedSize: 900)
        XCTAssertNil(refusal { try PackRules.checkDirectory([ok], limits: limits) })
        XCTAssertEqual(refusal { try PackRules.checkDirectory([PackEntryInfo(path: "notebooks/a.md", kind: .symlink, compressedSize: 1, uncompressedSize: 1)], limits: limits) },
                       .specialEntry("notebooks/a.md", kind: "symbolic link"))
        XCTAssertEqual(refusal { try PackRules.checkDirectory([PackEntryInfo(path: "notebooks/a.md", kind: .special("fifo"), compressedSize: 0, uncompressedSize: 0)], limits: limits) },
                       .specialEntry("notebooks/a.md", kind: "fifo"))
        XCTAssertEqual(refusal { try PackRules.checkDirectory([PackEntryInfo(path: "cards.json", kind: .file, compressedSize: 900, uncompressedSize: 1001)], limits: limits) },
                       .entryTooLarge("cards.json", bytes: 1001, limit: 1000))
        XCTAssertEqual(refusal { try PackRules.checkDirectory([ok, PackEntryInfo(path: "cards.json", kind: .file, compressedSize: 900, uncompressedSize: 900)], limits: limits) },
                       .totalTooLarge(bytes: 1800, limit: 1500))
        XCTAssertEqual(refusal { try PackRules.checkDirectory([PackEntryInfo(path: "cards.json", kind: .file, compressedSize: 10, uncompressedSize: 900)], limits: limits) },
                       .suspiciousRatio("cards.json", ratio: 90))
        XCTAssertEqual(refusal { try PackRules.checkDirectory([ok, ok], limits: limits) }, .duplicateEntry("metadata.json"))
    }

    func testManifestFormatAndVersion() throws {
        func manifest(_ json: String) -> PackRefusal? { refusal { _ = try PackRules.manifest(from: Data(json.utf8)) } }
        XCTAssertEqual(manifest(#"{"format":"other","formatVersion":1}"#), .unknownFormat("other"))
        XCTAssertEqual(manifest(#"{"format":"recall-pack","formatVersion":99}"#), .newerVersion(99, supported: PackFormat.version))
        XCTAssertEqual(manifest("not json"), .corrupt("manifest.json is not JSON"))
        XCTAssertEqual(refusal { _ = try PackRules.text(Data([0x61, 0x00, 0x62]), path: "notebooks/a.md") },
                       .notText("notebooks/a.md", reason: "it holds NUL bytes (binary data)"))
        XCTAssertEqual(refusal { _ = try PackRules.text(Data([0xC3, 0x28]), path: "notebooks/a.md") },
                       .notText("notebooks/a.md", reason: "it is not valid UTF-8"))
    }

    func testMergeDecisionsComeFromHashesNotClocks() {
        XCTAssertEqual(SnippetMerge.decide(localHash: nil, localHistory: [], packHash: "b", packHistory: []), .add)
        XCTAssertEqual(SnippetMerge.decide(localHash: "b", localHistory: ["a"], packHash: "b", packHistory: ["a"]), .unchanged)
        XCTAssertEqual(SnippetMerge.decide(localHash: "a", localHistory: ["a"], packHash: "b", packHistory: ["a"]), .fastForward)
        XCTAssertEqual(SnippetMerge.decide(localHash: "c", localHistory: ["a", "b", "c"], packHash: "b", packHistory: ["a"]), .localNewer)
        XCTAssertEqual(SnippetMerge.decide(localHash: "c", localHistory: ["a", "c"], packHash: "b", packHistory: ["a"]), .conflict)
    }

    /// Files → content → files: ids, texts (also ones markdown cannot carry) and checksums survive; a changed
    /// markdown section is caught by the snippet's checksum.
    func testLayoutRoundTripAndTamperedSection() throws {
        let t = Date(timeIntervalSince1970: 1_700_000_000.123)
        let p = PackProject(id: "00000000-0000-4000-8000-000000000001", title: "Rust", position: 0, createdAt: t, updatedAt: t)
        let nb = PackNotebook(id: "00000000-0000-4000-8000-000000000002", projectID: p.id, title: "Ownership", tags: ["rust"], sourceName: "ownership.md",
                              position: 0, createdAt: t, updatedAt: t, file: "", bodiesInMetadata: false)
        let nb2 = PackNotebook(id: "00000000-0000-4000-8000-000000000005", projectID: p.id, title: "Tricky", tags: [], sourceName: nil,
                               position: 1, createdAt: t, updatedAt: t, file: "", bodiesInMetadata: false)
        let body1 = "Each value has one owner.", body2 = "fn main() {}", tricky = "text\n## not a heading\nmore\n\n"
        let s1 = PackSnippet(id: "00000000-0000-4000-8000-000000000003", notebookID: nb.id, title: "Owners", kind: .markdown, language: nil, tags: ["a"],
                             position: 0, contentHash: ContentHash.of(body1), history: [], createdAt: t, updatedAt: t, body: nil)
        let s2 = PackSnippet(id: "00000000-0000-4000-8000-000000000004", notebookID: nb.id, title: "Main", kind: .code, language: "rust", tags: [],
                             position: 1, contentHash: ContentHash.of(body2), history: [], createdAt: t, updatedAt: t, body: nil)
        let s3 = PackSnippet(id: "00000000-0000-4000-8000-000000000006", notebookID: nb2.id, title: "Odd", kind: .markdown, language: nil, tags: [],
                             position: 0, contentHash: ContentHash.of(tricky), history: [], createdAt: t, updatedAt: t, body: nil)
        let content = PackContent(metadata: PackMetadata(projects: [p], notebooks: [nb, nb2], snippets: [s1, s2, s3]),
                                  bodies: [s1.id: body1, s2.id: body2, s3.id: tricky])
        let files = try PackLayout.files(for: content, recallVersion: "test", createdAt: t)
        XCTAssertEqual(files.first?.path, PackFormat.manifestPath)
        var map = Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0.data) })
        let manifest = try PackRules.manifest(from: map[PackFormat.manifestPath]!)
        try PackRules.checkDigests(manifest, files: map)
        let back = try PackLayout.content(from: map, manifest: manifest)
        XCTAssertEqual(back.bodies, content.bodies)
        XCTAssertEqual(back.metadata.snippets.map(\.id), [s1.id, s2.id, s3.id])
        XCTAssertEqual(back.metadata.notebooks.map(\.bodiesInMetadata), [false, true])
        XCTAssertEqual(back.metadata.projects[0].createdAt, t)

        let md = back.metadata.notebooks[0].file
        map[md] = Data(String(decoding: map[md]!, as: UTF8.self).replacingOccurrences(of: "one owner", with: "two owners").utf8)
        XCTAssertEqual(refusal { try PackRules.checkDigests(manifest, files: map) }, .checksumMismatch(md))
        XCTAssertEqual(refusal { _ = try PackLayout.content(from: map, manifest: manifest) }, .checksumMismatch("\(md) (snippet 'Owners')"))
    }
}
