extension RankFusion {
    /// How hybrid search combines its BM25 and vector lists.
    public enum Method: Sendable, Equatable {
        /// Reciprocal rank fusion with constant `k`: ranks only, scores ignored.
        case reciprocalRank(k: Int)
        /// Scores min-max normalised within each list (best = 1, the list's last = 0, absent = 0), then
        /// `lexicalWeight`·BM25 + (1 − `lexicalWeight`)·cosine.
        case normalizedScores(lexicalWeight: Double)
    }

    /// Min-max normalised score combination of several lists of (id, score), higher scores better, best first;
    /// `weights` has one weight per list. The range is taken over each list's first `normalizeOver` items (all when
    /// nil) so a longer page does not change the scores of the top; items below it count 0.
    /// Ties are broken by the best single rank, then by first appearance.
    public static func combine<ID: Hashable & Sendable>(_ lists: [[(id: ID, score: Double)]], weights: [Double],
                                                        normalizeOver: Int? = nil) -> [Fused<ID>] {
        precondition(weights.count == lists.count, "one weight per list")
        var scores: [ID: Double] = [:]
        var ranks: [ID: [Int?]] = [:]
        var order: [ID] = []
        for (listIndex, list) in lists.enumerated() {
            let head = list.prefix(normalizeOver ?? list.count).map(\.score)
            let hi = head.max() ?? 0, lo = head.min() ?? 0
            let span = hi - lo
            var seen = Set<ID>()
            for (i, item) in list.enumerated() where seen.insert(item.id).inserted {
                if scores[item.id] == nil { order.append(item.id); ranks[item.id] = Array(repeating: nil, count: lists.count); scores[item.id] = 0 }
                let normalized = span > 0 ? max(0, (item.score - lo) / span) : (item.score >= hi ? 1 : 0)
                scores[item.id]! += weights[listIndex] * normalized
                ranks[item.id]![listIndex] = i + 1
            }
        }
        let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        return order.map { Fused(id: $0, score: scores[$0]!, ranks: ranks[$0]!) }.sorted { a, b in
            if a.score != b.score { return a.score > b.score }
            let ba = a.ranks.compactMap { $0 }.min()!, bb = b.ranks.compactMap { $0 }.min()!
            if ba != bb { return ba < bb }
            return position[a.id]! < position[b.id]!
        }
    }
}
