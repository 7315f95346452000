/// Reciprocal rank fusion: each list contributes 1 / (k + rank) for every id it ranks (rank from 1).
public enum RankFusion {
    /// The default RRF constant (Cormack et al. 2009).
    public static let defaultK = 60

    /// One fused result with the per-list ranks that produced it.
    public struct Fused<ID: Hashable & Sendable>: Sendable, Equatable {
        /// The item.
        public let id: ID
        /// Sum of 1/(k + rank) over the lists that contain it.
        public let score: Double
        /// Rank (from 1) in each input list, nil where absent.
        public let ranks: [Int?]
    }

    /// Fuses ranked lists (best first; duplicates within a list count once, at their best rank).
    /// Ties are broken by the best single rank, then by first appearance, so output is deterministic.
    public static func fuse<ID: Hashable & Sendable>(_ lists: [[ID]], k: Int = defaultK, limit: Int? = nil) -> [Fused<ID>] {
        var scores: [ID: Double] = [:]
        var ranks: [ID: [Int?]] = [:]
        var order: [ID] = []
        for (listIndex, list) in lists.enumerated() {
            var seen = Set<ID>()
            for (i, id) in list.enumerated() where seen.insert(id).inserted {
                if scores[id] == nil { order.append(id) }
                scores[id, default: 0] += 1 / Double(max(0, k) + i + 1)
                ranks[id, default: Array(repeating: nil, count: lists.count)][listIndex] = i + 1
            }
        }
        let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        let fused = order.map { Fused(id: $0, score: scores[$0] ?? 0, ranks: ranks[$0] ?? []) }.sorted { a, b in
            if a.score != b.score { return a.score > b.score }
            let ba = a.ranks.compactMap { $0 }.min() ?? Int.max, bb = b.ranks.compactMap { $0 }.min() ?? Int.max
            if ba != bb { return ba < bb }
            return (position[a.id] ?? 0) < (position[b.id] ?? 0)
        }
        return limit.map { Array(fused.prefix($0)) } ?? fused
    }
}
