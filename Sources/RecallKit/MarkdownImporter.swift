import Foundation
import Notebook
import Store

/// A file that cannot be imported, with the reason and what to do.
public struct ImportProblem: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}

/// Reads markdown files and folders from disk into `ImportedNotebook`s, validating every file first so that a bad
/// file stops the import before anything is written. A folder that directly holds `.md` files becomes a project
/// named after the folder; each file becomes a notebook. A single file's project is its parent folder.
public struct MarkdownImporter: Sendable {
    /// Files larger than this are refused with a clear message (the editor and chunker stay responsive below it).
    public var maxFileBytes: Int

    /// Creates an importer.
    public init(maxFileBytes: Int = 16 * 1024 * 1024) { self.maxFileBytes = maxFileBytes }

    /// Extensions treated as markdown.
    public static let extensions: Set<String> = ["md", "markdown", "mdown", "mkd"]

    /// Collects and parses everything under the given paths. Returns the notebooks and the problems found.
    public func collect(_ paths: [String]) -> (notebooks: [ImportedNotebook], problems: [ImportProblem]) {
        var notebooks: [ImportedNotebook] = []
        var problems: [ImportProblem] = []
        for raw in paths {
            let path = (raw as NSString).expandingTildeInPath
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
                problems.append(ImportProblem(path: raw, reason: "no such file or directory — check the path"))
                continue
            }
            if isDir.boolValue {
                let files = markdownFiles(under: path)
                if files.isEmpty {
                    problems.append(ImportProblem(path: raw, reason: "holds no markdown (.md) files — nothing to import"))
                }
                for file in files {
                    switch load(file, displayPath: file) {
                    case .success(let nb): notebooks.append(nb)
                    case .failure(let p): problems.append(p)
                    }
                }
            } else {
                guard Self.extensions.contains((path as NSString).pathExtension.lowercased()) else {
                    problems.append(ImportProblem(path: raw, reason: "is not a markdown file (.md) — Recall imports markdown files and folders"))
                    continue
                }
                switch load(path, displayPath: raw) {
                case .success(let nb): notebooks.append(nb)
                case .failure(let p): problems.append(p)
                }
            }
        }
        return (notebooks, problems)
    }

    /// Markdown files under a folder (hidden files and folders skipped), sorted for a stable order.
    func markdownFiles(under dir: String) -> [String] {
        let url = URL(fileURLWithPath: dir)
        guard let e = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles]) else { return [] }
        var out: [String] = []
        for case let f as URL in e where Self.extensions.contains(f.pathExtension.lowercased()) {
            if (try? f.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true { out.append(f.path) }
        }
        return out.sorted()
    }

    /// Reads, validates and parses one file.
    public func load(_ path: String, displayPath: String) -> Result<ImportedNotebook, ImportProblem> {
        let attrs = try? FileManager.default.attributesOfItem(atPath: path)
        let size = (attrs?[.size] as? NSNumber)?.intValue ?? 0
        if size > maxFileBytes {
            let mb = String(format: "%.1f", Double(size) / 1_048_576)
            return .failure(ImportProblem(path: displayPath, reason: "is \(mb) MB; Recall imports markdown files up to \(maxFileBytes / 1_048_576) MB — split it into smaller files"))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(ImportProblem(path: displayPath, reason: "cannot be read (permission denied?) — check its permissions"))
        }
        switch Self.decode(data) {
        case .failure(let f): return .failure(ImportProblem(path: displayPath, reason: f.reason))
        case .success(let text):
            if text.allSatisfy({ $0.isWhitespace }) {
                return .failure(ImportProblem(path: displayPath, reason: "is empty — nothing to import"))
            }
            let url = URL(fileURLWithPath: path)
            return .success(Self.notebook(text: text, fileName: url.lastPathComponent, projectTitle: url.deletingLastPathComponent().lastPathComponent))
        }
    }

    /// Parses one file's text as the notebook `fileName` in the project `projectTitle` (a folder's name).
    public static func notebook(text: String, fileName: String, projectTitle: String) -> ImportedNotebook {
        let parsed = MarkdownFormat.parse(text, fallbackTitle: (fileName as NSString).deletingPathExtension)
        return ImportedNotebook(projectTitle: projectTitle.isEmpty ? "Imported" : projectTitle, sourceName: fileName, notebook: parsed)
    }

    /// The sample notebooks compiled into the binary, parsed exactly as importing `sample-notebooks/` would.
    public static func sampleNotebooks() -> [ImportedNotebook] {
        SampleNotebooks.all.map { notebook(text: $0.text, fileName: $0.fileName, projectTitle: $0.project) }
    }

    /// Decodes strict UTF-8 (a BOM is dropped); binary data and invalid bytes are refused with the offending offset.
    public static func decode(_ data: Data) -> Result<String, DecodeFailure> {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let nul = bytes.prefix(65536).firstIndex(of: 0) {
            return .failure(DecodeFailure(reason: "looks like a binary file (NUL byte at offset \(nul)), not markdown — import text files only"))
        }
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(bytes.count)
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s):
                scalars.append(s); offset += UTF8.width(s)
            case .emptyInput:
                break loop
            case .error:
                return .failure(DecodeFailure(reason: "is not valid UTF-8 (bad byte near offset \(offset)) — convert it, e.g. `iconv -f latin1 -t utf-8`"))
            }
        }
        return .success(String(scalars))
    }
}

/// Why bytes could not be read as text.
public struct DecodeFailure: Error, Sendable { public var reason: String }
