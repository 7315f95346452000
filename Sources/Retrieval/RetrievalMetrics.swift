import Foundation

/// Standard ranked-retrieval metrics over graded relevance judgements (qrels).
public enum RetrievalMetrics {
    /// nDCG@k with gain = relevance grade (linear, as BEIR/trec_eval) and log2 discount.
    public static func ndcg(ranked: [String], relevant: [String: Int], k: Int = 10) -> Double {
        var dcg = 0.0
        for (i, id) in ranked.prefix(k).enumerated() {
            let rel = Double(max(0, relevant[id] ?? 0))
            dcg += rel / log2(Double(i + 2))
        }
        let ideal = relevant.values.filter { $0 > 0 }.sorted(by: >).prefix(k)
        var idcg = 0.0
        for (i, rel) in ideal.enumerated() { idcg += Double(rel) / log2(Double(i + 2)) }
        return idcg > 0 ? dcg / idcg : 0
    }

    /// Recall@k: the fraction of relevant items (grade > 0) found in the top k.
    public static func recall(ranked: [String], relevant: [String: Int], k: Int) -> Double {
        let rel = Set(relevant.filter { $0.value > 0 }.keys)
        guard !rel.isEmpty else { return 0 }
        return Double(Set(ranked.prefix(k)).intersection(rel).count) / Double(rel.count)
    }

    /// MRR@k: 1 / rank of the first relevant item in the top k, else 0.
    public static func reciprocalRank(ranked: [String], relevant: [String: Int], k: Int = 10) -> Double {
        for (i, id) in ranked.prefix(k).enumerated() where (relevant[id] ?? 0) > 0 { return 1 / Double(i + 1) }
        return 0
    }

    /// Mean metrics over a set of queries.
    public struct Summary: Codable, Sendable, Equatable {
        /// Number of queries that had judgements.
        public var queries: Int
        /// Mean nDCG@10.
        public var ndcg10: Double
        /// Mean Recall@10.
        public var recall10: Double
        /// Mean Recall@100.
        public var recall100: Double
        /// Mean MRR@10.
        public var mrr10: Double
    }

    /// Averages the four metrics over every judged query; `runs` maps query id → ranked doc ids.
    public static func summarize(runs: [String: [String]], qrels: [String: [String: Int]]) -> Summary {
        let judged = qrels.filter { $0.value.values.contains { $0 > 0 } }
        guard !judged.isEmpty else { return Summary(queries: 0, ndcg10: 0, recall10: 0, recall100: 0, mrr10: 0) }
        var s = Summary(queries: judged.count, ndcg10: 0, recall10: 0, recall100: 0, mrr10: 0)
        for (q, rel) in judged {
            let ranked = runs[q] ?? []
            s.ndcg10 += ndcg(ranked: ranked, relevant: rel, k: 10)
            s.recall10 += recall(ranked: ranked, relevant: rel, k: 10)
            s.recall100 += recall(ranked: ranked, relevant: rel, k: 100)
            s.mrr10 += reciprocalRank(ranked: ranked, relevant: rel, k: 10)
        }
        let n = Double(judged.count)
        s.ndcg10 /= n; s.recall10 /= n; s.recall100 /= n; s.mrr10 /= n
        return s
    }
}
