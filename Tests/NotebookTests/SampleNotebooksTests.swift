import Foundation
import Notebook
import XCTest

/// The sample notebooks compiled into the binary are the files in `sample-notebooks/`, byte for byte (a stale
/// generated file fails here: run `sh sample-notebooks/generate-embedded.sh`).
final class SampleNotebooksTests: XCTestCase {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func testEmbeddedCopyEqualsTheSampleNotebooksFolder() throws {
        let root = Self.repo.appendingPathComponent("sample-notebooks")
        var onDisk: [String: Data] = [:]
        for project in try FileManager.default.contentsOfDirectory(atPath: root.path) where !project.hasPrefix(".") {
            let folder = root.appendingPathComponent(project)
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDir), isDir.boolValue else { continue }
            for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".md") {
                onDisk[project + "/" + file] = try Data(contentsOf: folder.appendingPathComponent(file))
            }
        }
        XCTAssertGreaterThan(onDisk.count, 0, "no sample notebooks found under \(root.path)")
        let stale = "differs from sample-notebooks/ — run `sh sample-notebooks/generate-embedded.sh`"
        XCTAssertEqual(Set(SampleNotebooks.files.keys), Set(onDisk.keys), "the embedded file list \(stale)")
        for (path, data) in onDisk {
            XCTAssertEqual(SampleNotebooks.files[path].map { Data($0.utf8) }, data, "\(path): the embedded copy \(stale)")
        }
    }

    func testAllListsEveryFileOnceInPathOrderWithItsProject() {
        let all = SampleNotebooks.all
        XCTAssertEqual(all.count, SampleNotebooks.files.count)
        let paths = all.map { $0.project + "/" + $0.fileName }
        XCTAssertEqual(paths, paths.sorted())
        for f in all { XCTAssertEqual(SampleNotebooks.files[f.project + "/" + f.fileName], f.text) }
    }
}
