import Foundation
import Retrieval
import Store
#if canImport(Glibc)
import Glibc
#endif

/// Where a loaded vector index came from.
public enum VectorIndexSource: Sendable, Equatable, CustomStringConvertible {
    /// Memory-mapped from the index file beside the database (checked: header, size, database state, checksum).
    case mapped
    /// Read from the database because the file could not be used; a fresh file was written (`written`) for next time.
    case rebuilt(VectorIndexFile.Problem, written: Bool)

    /// A few words for a person.
    public var description: String {
        switch self {
        case .mapped: "mapped from the index file"
        case let .rebuilt(problem, written): "read from the database (\(problem))" + (written ? "; index file rewritten" : "; index file not writable")
        }
    }
}

/// The int8 vector index persisted beside the database (`<database>-vectors`) and memory-mapped on open, so a CLI
/// search does not re-read every vector from SQLite. The file is a cache: one that is missing, of another format,
/// model or database state, cut short or damaged (checksum) is never used; the index is read from the database
/// and the file rewritten. Writes go to a temporary file renamed over the old one, so a reader never sees half a file.
public enum PersistedVectorIndex {
    /// The index file of the database at `databasePath`.
    public static func path(forDatabase databasePath: String) -> String { databasePath + "-vectors" }

    /// A loaded index, how many stored vectors were skipped as unusable, and where it came from.
    public struct Loaded: Sendable {
        /// The int8 index.
        public var index: VectorIndex<Int64>
        /// Stored vectors that could not be loaded (wrong length, not finite).
        public var skipped: Int
        /// Mapped from the file or rebuilt from the database.
        public var source: VectorIndexSource
    }

    /// The index of `model`: mapped from the file when it matches the database's current state, else read from the
    /// database and the file rewritten. Nil when the model has no vectors.
    public static func load(db: AppDatabase, model: String) throws -> Loaded? {
        let file = path(forDatabase: db.path)
        let state = try db.embeddingGeneration()
        let problem: VectorIndexFile.Problem
        do {
            return Loaded(index: try open(path: file, model: model, state: state), skipped: 0, source: .mapped)
        } catch let p as VectorIndexFile.Problem {
            problem = p
        }
        guard let built = try readDatabase(db: db, model: model) else {
            try? FileManager.default.removeItem(atPath: file)
            return nil
        }
        let written = (try? write(built.index, model: model, state: built.state, path: file)) != nil
        return Loaded(index: built.index, skipped: built.skipped, source: .rebuilt(problem, written: written))
    }

    /// Reads every current vector of `model` from the database into an int8 index, with the state it was read at.
    public static func readDatabase(db: AppDatabase, model: String) throws -> (index: VectorIndex<Int64>, skipped: Int, state: EmbeddingGeneration)? {
        let count = try db.embeddingCount(model: model)
        guard count > 0, let dim = try db.embeddingDimension(model: model), (1...65_536).contains(dim) else { return nil }
        var index = VectorIndex<Int64>(dimension: dim, storage: .int8, reservingCapacity: count)
        var skipped = 0
        let state = try db.forEachEmbeddingWithState(model: model) { id, blob in
            do { try index.upsert(id, vector: VectorMath.vector(fromBlob: blob, dimension: dim)) } catch { skipped += 1 }
        }
        guard index.count > 0 else { return nil }
        return (index, skipped, state)
    }

    /// Reads the database and writes the file (after `recall index`): returns the rows written, 0 when there were none.
    @discardableResult
    public static func save(db: AppDatabase, model: String) throws -> Int {
        guard let built = try readDatabase(db: db, model: model) else {
            try? FileManager.default.removeItem(atPath: path(forDatabase: db.path))
            return 0
        }
        try write(built.index, model: model, state: built.state, path: path(forDatabase: db.path))
        return built.index.count
    }

    /// Whether the file of `model` matches the database as it is now (header, size, state and checksum).
    public static func isCurrent(db: AppDatabase, model: String) -> Bool {
        guard let state = try? db.embeddingGeneration() else { return false }
        return (try? open(path: path(forDatabase: db.path), model: model, state: state)) != nil
    }

    /// Maps the file at `path` and checks it against `model` and the database `state`; throws why it cannot be used.
    /// `verifyChecksum: false` skips reading every byte (only `recall bench search` does, to time the checksum apart).
    public static func open(path: String, model: String, state: EmbeddingGeneration, verifyChecksum: Bool = true) throws -> VectorIndex<Int64> {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw VectorIndexFile.Problem.missing }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { throw VectorIndexFile.Problem.notAnIndex }
        let length = Int(info.st_size)
        guard length >= 64 else { throw VectorIndexFile.Problem.notAnIndex }
        guard let base = mmap(nil, length, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0), base != MAP_FAILED else {
            throw VectorIndexFile.Problem.notAnIndex
        }
        let mapping = FileMapping(base: base, length: length)
        let bytes = UnsafeRawBufferPointer(start: base, count: length)
        let layout = try VectorIndexFile.check(bytes, model: model, state: state.stamp, verifyChecksum: verifyChecksum)
        let rows = MappedInt8Rows(owner: mapping, rows: (base + layout.rowsOffset).assumingMemoryBound(to: Int8.self),
                                  scales: (base + layout.scalesOffset).assumingMemoryBound(to: Float.self),
                                  count: layout.count, stride: layout.stride)
        do {
            return try VectorIndex(dimension: layout.dimension, mapped: rows, ids: VectorIndexFile.ids(bytes, layout: layout))
        } catch {
            throw VectorIndexFile.Problem.damaged("\(error)")
        }
    }

    /// Writes `index` (int8) for `model` at database `state` to `path`: a temporary file beside it, renamed over it.
    public static func write(_ index: VectorIndex<Int64>, model: String, state: EmbeddingGeneration, path: String) throws {
        let layout = VectorIndexFile.Layout(dimension: index.dimension, count: index.count, model: model,
                                            stamp: state.stamp, generation: state.generation)
        let temp = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = Glibc.open(temp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: temp]) }
        var renamed = false
        defer {
            close(fd)
            if !renamed { unlink(temp) }
        }
        guard ftruncate(fd, off_t(layout.fileBytes)) == 0,
              let base = mmap(nil, layout.fileBytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), base != MAP_FAILED else {
            throw CocoaError(.fileWriteOutOfSpace, userInfo: [NSFilePathErrorKey: temp])
        }
        defer { munmap(base, layout.fileBytes) }
        try VectorIndexFile.fill(UnsafeMutableRawBufferPointer(start: base, count: layout.fileBytes), index: index, layout: layout)
        guard rename(temp, path) == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
        renamed = true
    }
}

/// A read-only memory mapping, unmapped when the last index using it is released.
private final class FileMapping: @unchecked Sendable {
    let base: UnsafeMutableRawPointer
    let length: Int
    init(base: UnsafeMutableRawPointer, length: Int) { self.base = base; self.length = length }
    deinit { munmap(base, length) }
}
