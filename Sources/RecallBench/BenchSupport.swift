import Foundation
import GRDB

/// Baselines for `recall bench store`, run in the same process as the measured code.
public enum BenchSupport {
    /// Inserts texts into a bare FTS5 table (same tokenizer, one transaction, no chunk rows, revisions or hashes) in a
    /// fresh database at `path`, and returns the seconds it took: the floor our import pipeline is compared against.
    public static func bareFTSInsertSeconds(path: String, texts: [String]) throws -> Double {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
        }
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "CREATE VIRTUAL TABLE t USING fts5(title, text, tokenize = 'porter unicode61 remove_diacritics 2')")
        }
        let start = DispatchTime.now().uptimeNanoseconds
        try queue.write { db in
            let st = try db.makeStatement(sql: "INSERT INTO t (title, text) VALUES ('bench', ?)")
            for t in texts { try st.execute(arguments: [t]) }
        }
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}
