import Foundation

/// A retrieval test collection in the BEIR layout: corpus.jsonl, queries.jsonl and a qrels TSV.
public struct BEIRDataset: Sendable {
    /// One corpus document.
    public struct Document: Sendable, Equatable, Codable {
        /// Document id (`_id`).
        public var id: String
        /// Title (may be empty).
        public var title: String
        /// Body text.
        public var text: String
    }

    /// Documents in file order.
    public var corpus: [Document]
    /// Query id → query text, in file order.
    public var queries: [(id: String, text: String)]
    /// Query id → (document id → relevance grade).
    public var qrels: [String: [String: Int]]

    /// Loads the three files; every malformed line is reported with its file and line number.
    public static func load(corpus: String, queries: String, qrels: String) throws -> BEIRDataset {
        let docs = try jsonLines(corpus).map { (line, obj) -> Document in
            guard let id = stringValue(obj["_id"]) else { throw BEIRDataset.LoadError("\(corpus):\(line): missing \"_id\"") }
            return Document(id: id, title: obj["title"] as? String ?? "", text: obj["text"] as? String ?? "")
        }
        let qs = try jsonLines(queries).map { (line, obj) -> (id: String, text: String) in
            guard let id = stringValue(obj["_id"]), let text = obj["text"] as? String else {
                throw BEIRDataset.LoadError("\(queries):\(line): a query needs \"_id\" and \"text\"")
            }
            return (id, text)
        }
        return BEIRDataset(corpus: docs, queries: qs, qrels: try parseQrels(qrels))
    }

    /// Parses a qrels TSV (`query-id corpus-id score`, header line first).
    public static func parseQrels(_ path: String) throws -> [String: [String: Int]] {
        let text = try readText(path)
        var out: [String: [String: Int]] = [:]
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { continue }
            let f = line.split(whereSeparator: { $0 == "\t" || $0 == " " }).map(String.init)
            if n == 0, f.count >= 3, Int(f[2]) == nil { continue }  // header
            guard f.count >= 3, let grade = Int(f[f.count - 1]) else {
                throw BEIRDataset.LoadError("\(path):\(n + 1): expected `query-id<TAB>corpus-id<TAB>score`")
            }
            // TREC style (q 0 doc score) has four fields; BEIR has three.
            out[f[0], default: [:]][f.count == 4 ? f[2] : f[1]] = grade
        }
        return out
    }

    static func readText(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BEIRDataset.LoadError("cannot read \(path) — check the path")
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func jsonLines(_ path: String) throws -> [(Int, [String: Any])] {
        var out: [(Int, [String: Any])] = []
        for (n, raw) in try readText(path).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { continue }
            guard let obj = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw BEIRDataset.LoadError("\(path):\(n + 1): not a JSON object")
            }
            out.append((n + 1, obj))
        }
        return out
    }

    static func stringValue(_ any: Any?) -> String? {
        if let s = any as? String { return s }
        if let n = any as? NSNumber { return n.stringValue }
        return nil
    }
}

extension BEIRDataset {
    /// A dataset file could not be read or parsed; the message names the file, the line and what to fix.
    public struct LoadError: Error, CustomStringConvertible {
        /// One line for a person.
        public let description: String
        init(_ description: String) { self.description = description }
    }
}
