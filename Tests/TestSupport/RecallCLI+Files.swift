// Test-only code: XCTest exists for test builds; the static release build that the man-page plugin makes
// (scripts/install) has no XCTest, and compiles this file to nothing.
#if canImport(XCTest)
import Foundation
import XCTest

extension RecallCLI {
    /// The built executable: `$RECALL_BIN`, else next to the test bundle (`swift build --build-tests` puts both in
    /// one folder), else `<repository>/.build/debug/recall`; nil when none is executable.
    public static func locateBinary() -> URL? {
        var candidates: [String] = []
        if let env = ProcessInfo.processInfo.environment["RECALL_BIN"], !env.isEmpty { candidates.append(env) }
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("recall").path)
        }
        for b in Bundle.allBundles { candidates.append(b.bundleURL.deletingLastPathComponent().appendingPathComponent("recall").path) }
        candidates.append(repositoryRoot.appendingPathComponent(".build/debug/recall").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }.map { URL(fileURLWithPath: $0) }
    }

    /// The executable; fails (never skips) the test when it is missing.
    @discardableResult
    public static func requireBinary(file: StaticString = #filePath, line: UInt = #line) throws -> URL {
        guard let bin = locateBinary() else {
            XCTFail("the recall binary was not found — run `swift build --build-tests` first or set RECALL_BIN", file: file, line: line)
            throw CocoaError(.fileNoSuchFile)
        }
        return bin
    }

    /// The repository root (where Package.swift, sample-notebooks/ and the test fixtures live).
    public static let repositoryRoot: URL = {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        for _ in 0..<4 {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) { return dir }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }()

    /// The bundled sample notebooks.
    public static var samples: URL { repositoryRoot.appendingPathComponent("sample-notebooks") }

    /// Writes `root/config/recall/config.toml` (the file `XDG_CONFIG_HOME` points every run at).
    public func writeConfig(_ text: String) throws {
        try text.write(to: root.appendingPathComponent("config/recall/config.toml"), atomically: true, encoding: .utf8)
    }

    /// The folder `writeNotebook` writes under (`root/notes`), ready for `recall import`.
    public var notes: URL { root.appendingPathComponent("notes") }

    /// Writes a markdown notebook file `notes/PROJECT/NAME.md`.
    @discardableResult
    public func writeNotebook(project: String = "Notes", name: String, _ text: String) throws -> URL {
        let folder = notes.appendingPathComponent(project)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("\(name).md")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    /// Points the chat and embedding settings of every later run at an OpenAI-compatible server and model.
    public func useEmbeddings(url: String, model: String) {
        environment["RECALL_PROVIDER"] = "openai"
        environment["RECALL_BASE_URL"] = url
        environment["RECALL_EMBED_BASE_URL"] = url
        environment["RECALL_EMBED_MODEL"] = model
    }
}
#endif
