import Foundation
import Packs
import Store
import ZIPFoundation

/// Pack files on disk: writing a zip of a pack's content, and reading an untrusted one back with every check of
/// `PackRules` applied from the central directory first and then while inflating each entry into memory (nothing
/// from a pack is ever extracted to disk).
public enum PackArchive {
    /// Writes `content` to `path` (a new file: an existing one is never replaced). The zip is built next to it and
    /// renamed into place, so a failed export leaves nothing behind.
    public static func write(_ content: PackContent, to path: String, recallVersion: String, now: Date = Date()) throws -> PackManifest {
        let url = URL(fileURLWithPath: (path as NSString).expandingTildeInPath)
        if FileManager.default.fileExists(atPath: url.path) {
            throw PackError("\(url.path) already exists — choose a new file name or remove it first")
        }
        let files = try PackLayout.files(for: content, recallVersion: recallVersion, createdAt: now)
        let dir = url.deletingLastPathComponent()
        let temp = dir.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).partial")
        try? FileManager.default.removeItem(at: temp)
        do {
            let archive = try Archive(url: temp, accessMode: .create)
            for f in files {
                try archive.addEntry(with: f.path, type: .file, uncompressedSize: Int64(f.data.count), modificationDate: now,
                                     permissions: 0o644, compressionMethod: .deflate) { position, size in
                    f.data.subdata(in: Int(position)..<(Int(position) + size))
                }
            }
            guard link(temp.path, url.path) == 0 else {
                throw PackError(errno == EEXIST ? "\(url.path) already exists — choose a new file name" : "cannot write \(url.path): \(String(cString: strerror(errno)))")
            }
            try? FileManager.default.removeItem(at: temp)
        } catch let e as PackError {
            try? FileManager.default.removeItem(at: temp); throw e
        } catch {
            try? FileManager.default.removeItem(at: temp)
            throw PackError("cannot write \(url.path): \((error as NSError).localizedDescription) — choose a writable folder")
        }
        return try PackRules.manifest(from: files[0].data)
    }

    /// Reads and checks a pack. Throws `PackRefusal` (one line: what is wrong) for anything unsafe or damaged.
    public static func read(_ path: String, limits: PackLimits = PackLimits()) throws -> (manifest: PackManifest, content: PackContent) {
        let url = URL(fileURLWithPath: (path as NSString).expandingTildeInPath)
        var st = stat()
        guard lstat(url.path, &st) == 0 else { throw PackError("\(url.path) does not exist — give the path of a .zip pack") }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw PackError("\(url.path) is not a regular file — give the path of a .zip pack") }
        if UInt64(st.st_size) > limits.maxArchiveBytes { throw PackRefusal.archiveTooLarge(bytes: UInt64(st.st_size), limit: limits.maxArchiveBytes) }
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw PackError("cannot read \(url.path): \((error as NSError).localizedDescription)") }
        let directory = try ZipDirectory.scan(data)
        try PackRules.checkDirectory(directory, limits: limits)
        let archive: Archive
        do { archive = try Archive(data: data, accessMode: .read) } catch { throw PackRefusal.corrupt("the zip cannot be opened") }
        var files: [String: Data] = [:]
        var total: UInt64 = 0
        var seen = 0
        for entry in archive {
            seen += 1
            guard entry.type == .file else {
                if entry.type == .symlink { throw PackRefusal.specialEntry(entry.path, kind: "symbolic link") }
                continue
            }
            let name = entry.path
            try PackRules.checkPath(name)
            let declared = min(UInt64(entry.uncompressedSize), limits.maxEntryBytes)
            var out = Data()
            do {
                _ = try archive.extract(entry, bufferSize: 64 * 1024, skipCRC32: false) { chunk in
                    if UInt64(out.count + chunk.count) > declared { throw PackRefusal.inflatesBeyondDeclared(name) }
                    total += UInt64(chunk.count)
                    if total > limits.maxTotalBytes { throw PackRefusal.totalTooLarge(bytes: total, limit: limits.maxTotalBytes) }
                    out.append(chunk)
                }
            } catch let r as PackRefusal { throw r } catch {
                throw PackRefusal.corrupt("entry \(name) cannot be unpacked")
            }
            if UInt64(out.count) != UInt64(entry.uncompressedSize) { throw PackRefusal.corrupt("entry \(name) is shorter than declared") }
            guard files[name] == nil else { throw PackRefusal.duplicateEntry(name) }
            files[name] = out
        }
        if seen != directory.count { throw PackRefusal.corrupt("the table of contents and the entries disagree") }
        guard let manifestData = files[PackFormat.manifestPath] else { throw PackRefusal.unknownFormat("no manifest.json") }
        let manifest = try PackRules.manifest(from: manifestData)
        try PackRules.checkDigests(manifest, files: files)
        return (manifest, try PackLayout.content(from: files, manifest: manifest))
    }

    /// Imports a pack file into the database: read and checked completely first, then merged in one transaction.
    /// The pack's vectors are kept when they were made by `embeddingModel` (the configured profile's).
    public static func importPack(_ path: String, into db: AppDatabase, dryRun: Bool, embeddingModel: String? = nil) throws -> (manifest: PackManifest, report: PackImportReport) {
        let (manifest, content) = try read(path)
        return (manifest, try db.importPack(content, dryRun: dryRun, embeddingModel: embeddingModel))
    }
}

/// A pack file problem that is not about the pack's contents (a missing file, an existing target).
public struct PackError: Error, CustomStringConvertible, Sendable {
    /// What happened and what to do.
    public let description: String
    /// An error with its message.
    public init(_ message: String) { description = message }
}
