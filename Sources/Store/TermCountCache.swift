import Foundation

/// How many rows each search word matches, remembered between searches while the full-text index stays the same.
/// Counting a word found in a quarter of a million chunks is one pass over its posting list (~5 ms); searches in
/// one session ask for the same frequent words again and again. The key is the index's structure and averages
/// records, which FTS5 rewrites on every change to the index (a new segment, a merge, a row added or removed), so a
/// count is never used for an index it was not taken from.
final class TermCountCache: @unchecked Sendable {
    private let lock = NSLock()
    private var version = Data()
    private var counts: [String: Int64] = [:]
    /// Counts below this are cheap to take again and are not kept.
    static let smallest: Int64 = 1000
    /// At most this many words are kept (the cache is emptied when full).
    static let capacity = 4096

    /// The count for an expression under this index version, if known.
    func count(_ expression: String, version: Data) -> Int64? {
        lock.lock(); defer { lock.unlock() }
        return version == self.version ? counts[expression] : nil
    }

    /// Remembers a count taken under this index version (forgetting every count of another version).
    func remember(_ expression: String, count: Int64, version: Data) {
        guard count >= Self.smallest else { return }
        lock.lock(); defer { lock.unlock() }
        if version != self.version || counts.count >= Self.capacity { counts = [:]; self.version = version }
        counts[expression] = count
    }

    /// Forgets every count (benchmarks measure the cold cost with it).
    func clear() {
        lock.lock(); defer { lock.unlock() }
        counts = [:]; version = Data()
    }
}
