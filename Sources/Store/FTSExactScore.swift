import Foundation
import GRDB
import Notebook
#if canImport(GRDBSQLite)
import GRDBSQLite
#else
import SQLite3
#endif

/// The FTS5 auxiliary function `recall_bm25(chunk_fts, first, idf, keep, weight…)`: FTS5's `bm25()` over the
/// phrases `first ..< first + n` of the MATCH expression, with their IDFs given (`idf`: a blob of n doubles) instead
/// of counted. `bm25()` counts each phrase's rows with a pass over its whole posting list, per statement; here the
/// caller counts once and may score a sub-expression (e.g. `rare AND (full query)`) exactly as the full query.
/// Same arithmetic in the same order (`BM25`), so the result equals `bm25()` of the full query to the last bit.
///
/// With `keep` > 0 it also skips rows that cannot be among the best `keep` (returning NULL): it remembers the best
/// `keep` scores of the statement so far and, before reading a row's size (a lookup per row, the costly part of
/// `bm25()`), bounds the row's score from below with the smallest size its hit offsets allow. A row that cannot
/// beat them scores `skipped` (positive: after every real score). Rows come in rowid order, so a skipped row scores
/// worse than `keep` rows before it: `ORDER BY score, rowid LIMIT keep` is exactly the full ranking's first rows.
enum FTSExactScore {
    /// The SQL name of the function.
    static let functionName = "recall_bm25"

    /// Registers the function on one connection.
    static func register(_ db: Database) {
        let api = FTS5.api(db)
        _ = api.pointee.xCreateFunction(UnsafeMutablePointer(mutating: api), functionName, nil, exactScoreFunction, nil)
    }

    /// The score of a row skipped because it cannot be among the best `keep` (real scores are ≤ 0).
    static let skipped = Double.greatestFiniteMagnitude

    /// The IDFs as the function's blob argument.
    static func blob(_ idf: [Double]) -> Data {
        idf.withUnsafeBytes { Data($0) }
    }
}

/// Per-statement state of `recall_bm25`: what stays the same for every row (IDFs, column weights, the index's
/// statistics), scratch space, and the best `keep` scores so far (a max-heap: its top is the worst of them, the
/// score a row must beat). Plain buffers: this runs once per matching row, tens of thousands of times a query.
private final class ExactScoreState {
    let first: Int32
    let phrases: Int
    let keep: Int
    let model: BM25
    let idf: UnsafeMutablePointer<Double>
    let weights: UnsafeMutablePointer<Double>
    let columns: Int
    let frequencies: UnsafeMutablePointer<Double>
    var best: [Double] = []
    /// The last row scored and its result: SQLite may evaluate the column twice for one row (ORDER BY), and a
    /// row must be offered once.
    var lastRow: Int64?
    var lastResult = 0.0

    init(first: Int32, idf: UnsafeRawPointer, phrases: Int, keep: Int, weights: [Double], model: BM25) {
        self.first = first; self.phrases = phrases; self.keep = keep; self.model = model
        self.idf = .allocate(capacity: max(1, phrases))
        for p in 0..<phrases { self.idf[p] = idf.loadUnaligned(fromByteOffset: p * 8, as: Double.self) }
        columns = weights.count
        self.weights = .allocate(capacity: max(1, weights.count))
        for (i, w) in weights.enumerated() { self.weights[i] = w }
        frequencies = .allocate(capacity: max(1, phrases))
        best.reserveCapacity(max(0, keep))
    }

    deinit {
        idf.deallocate(); weights.deallocate(); frequencies.deallocate()
    }

    /// The score of the current frequencies for a row of `size` tokens.
    @inline(__always)
    func score(size: Double) -> Double {
        var score = 0.0
        for p in 0..<phrases { score += model.contribution(idf: idf[p], frequency: frequencies[p], size: size) }
        return -1.0 * score
    }

    /// The score a row must beat (lower is better), once `keep` rows are known.
    var threshold: Double? { keep > 0 && best.count == keep ? best[0] : nil }

    /// Remembers a computed score when it is among the best `keep`.
    func offer(_ score: Double) {
        guard keep > 0 else { return }
        if best.count < keep {
            best.append(score)
            var i = best.count - 1
            while i > 0, best[(i - 1) / 2] < best[i] { best.swapAt(i, (i - 1) / 2); i = (i - 1) / 2 }
        } else if score < best[0] {
            best[0] = score
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < best.count, best[l] > best[m] { m = l }
                if r < best.count, best[r] > best[m] { m = r }
                if m == i { break }
                best.swapAt(i, m); i = m
            }
        }
    }
}

/// Frees the state at the end of the statement.
private func releaseState(_ pointer: UnsafeMutableRawPointer?) {
    guard let pointer else { return }
    Unmanaged<ExactScoreState>.fromOpaque(pointer).release()
}

/// The state of this statement, made on its first row.
private func exactScoreState(_ api: Fts5ExtensionApi, _ fts: OpaquePointer?, _ argc: Int32, _ argv: UnsafeMutablePointer<OpaquePointer?>) -> ExactScoreState? {
    if let saved = api.xGetAuxdata?(fts, 0) { return Unmanaged<ExactScoreState>.fromOpaque(saved).takeUnretainedValue() }
    let first = sqlite3_value_int(argv[0])
    let bytes = Int(sqlite3_value_bytes(argv[1]))
    var rows: sqlite3_int64 = 0, tokens: sqlite3_int64 = 0
    guard first >= 0, bytes % 8 == 0, let idf = sqlite3_value_blob(argv[1]),
          api.xRowCount?(fts, &rows) == SQLITE_OK, api.xColumnTotalSize?(fts, -1, &tokens) == SQLITE_OK else { return nil }
    let weights = (3..<Int(argc)).map { sqlite3_value_double(argv[$0]) }
    let state = ExactScoreState(first: first, idf: idf, phrases: bytes / 8, keep: Int(sqlite3_value_int(argv[2])), weights: weights,
                                model: BM25(rowCount: Int64(rows), totalTokens: Int64(tokens)))
    guard api.xSetAuxdata?(fts, Unmanaged.passRetained(state).toOpaque(), releaseState) == SQLITE_OK else { return nil }
    return state
}

/// The body of `recall_bm25`, following FTS5's fts5Bm25Function step by step.
private func exactScoreFunction(_ api: UnsafePointer<Fts5ExtensionApi>?, _ fts: OpaquePointer?, _ ctx: OpaquePointer?,
                                _ argc: Int32, _ argv: UnsafeMutablePointer<OpaquePointer?>?) {
    guard let api = api?.pointee, let argv, argc >= 3, let instCount = api.xInstCount, let inst = api.xInst,
          let columnSize = api.xColumnSize, let rowid = api.xRowid,
          let state = exactScoreState(api, fts, argc, argv) else {
        sqlite3_result_error(ctx, "recall_bm25(table, first phrase, idf blob of doubles, keep, weights…): bad arguments", -1)
        return
    }
    let row = rowid(fts)
    if row == state.lastRow { sqlite3_result_double(ctx, state.lastResult); return }
    state.lastRow = row
    var count: Int32 = 0
    var rc = instCount(fts, &count)
    // Weighted frequencies, in instance order as FTS5 sums them, and the last hit offset in each column.
    let n = state.phrases, freq = state.frequencies, weights = state.weights, columns = state.columns, first = state.first
    for p in 0..<n { freq[p] = 0 }
    var last0: Int32 = -1, last1: Int32 = -1
    var i: Int32 = 0
    while rc == SQLITE_OK && i < count {
        var phrase: Int32 = 0, column: Int32 = 0, offset: Int32 = 0
        rc = inst(fts, i, &phrase, &column, &offset)
        let p = Int(phrase - first)
        if rc == SQLITE_OK, p >= 0, p < n {
            freq[p] += columns > Int(column) ? weights[Int(column)] : 1.0
            if column == 0 { last0 = max(last0, offset) } else { last1 = max(last1, offset) }
        }
        i += 1
    }
    guard rc == SQLITE_OK else { sqlite3_result_error_code(ctx, rc); return }
    if let threshold = state.threshold {
        // A phrase's part only grows as the row gets shorter, and the row holds at least the tokens up to its last
        // hit in each column: the best this row could score. Worse than the threshold (with a margin far above
        // rounding error): it cannot enter the best `keep`.
        if state.score(size: Double(last0 + 1) + Double(last1 + 1)) > threshold + 1e-9 * max(1, abs(threshold)) {
            state.lastResult = FTSExactScore.skipped
            sqlite3_result_double(ctx, FTSExactScore.skipped)
            return
        }
    }
    var size: Int32 = 0
    rc = columnSize(fts, -1, &size)
    guard rc == SQLITE_OK else { sqlite3_result_error_code(ctx, rc); return }
    let exact = state.score(size: Double(size))
    state.offer(exact)
    state.lastResult = exact
    sqlite3_result_double(ctx, exact)
}

/// SQLite's variable-length integers (1–9 bytes, big-endian groups of 7 bits, the 9th byte whole), as FTS5 writes
/// its averages record (row count, then the token total of each column).
enum FTSVarint {
    /// Reads one varint from the front of `bytes`, or nil when the bytes end inside it.
    static func read(_ bytes: inout ArraySlice<UInt8>) -> UInt64? {
        var value: UInt64 = 0
        for i in 0..<9 {
            guard let b = bytes.popFirst() else { return nil }
            if i == 8 { return (value << 8) | UInt64(b) }
            value = (value << 7) | UInt64(b & 0x7f)
            if b < 0x80 { return value }
        }
        return value
    }
}
