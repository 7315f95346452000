import Foundation

/// Latency and speed of one chat model over the logged requests (`recall stats --models`).
public struct ModelUsageSummary: Sendable, Hashable, Codable {
    /// The model.
    public var model: String
    /// Requests that asked it.
    public var requests: Int
    /// Of those, the failed ones.
    public var failed: Int
    /// Median time to the first token, ms.
    public var firstTokenMSMedian: Double?
    /// 90th percentile of the time to the first token, ms.
    public var firstTokenMSP90: Double?
    /// Median total time, ms.
    public var totalMSMedian: Double?
    /// Median generation speed, tokens per second.
    public var tokensPerSecondMedian: Double?
    /// Prompt tokens, summed.
    public var tokensIn: Int
    /// Tokens generated, summed.
    public var tokensOut: Int

    enum CodingKeys: String, CodingKey {
        case model, requests, failed
        case firstTokenMSMedian = "first_token_ms_median", firstTokenMSP90 = "first_token_ms_p90", totalMSMedian = "total_ms_median"
        case tokensPerSecondMedian = "tokens_per_second_median", tokensIn = "tokens_in", tokensOut = "tokens_out"
    }

    /// One summary per model named in `entries`, most used first (entries without a model are left out).
    public static func summarise(_ entries: [QueryLogEntry]) -> [ModelUsageSummary] {
        let byModel = Dictionary(grouping: entries.filter { $0.model != nil }, by: { $0.model ?? "" })
        return byModel.map { model, group in
            ModelUsageSummary(
                model: model, requests: group.count, failed: group.filter { $0.outcome == .failed }.count,
                firstTokenMSMedian: percentile(group.compactMap(\.latency.firstTokenMS), 0.5),
                firstTokenMSP90: percentile(group.compactMap(\.latency.firstTokenMS), 0.9),
                totalMSMedian: percentile(group.compactMap(\.latency.totalMS), 0.5),
                tokensPerSecondMedian: percentile(group.compactMap(\.tokensPerSecond), 0.5),
                tokensIn: group.compactMap(\.tokensIn).reduce(0, +), tokensOut: group.compactMap(\.tokensOut).reduce(0, +))
        }.sorted { ($0.requests, $1.model) > ($1.requests, $0.model) }
    }

    /// The nearest-rank percentile `p` (0…1) of `values`; nil when empty.
    public static func percentile(_ values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}

/// Parses `--since` values: a duration back from now (`30m`, `12h`, `7d`, `2w`), a date (`2026-12-01`, local
/// midnight) or an RFC 3339 time.
public enum SinceParser {
    /// The time `text` names, relative to `now`; nil when it is none of the accepted forms.
    public static func parse(_ text: String, now: Date = Date(), timeZone: TimeZone = .current) -> Date? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let unit = t.last, let n = Double(t.dropLast()), n >= 0 {
            let seconds: Double? = switch unit {
            case "s": 1
            case "m": 60
            case "h": 3600
            case "d": 86_400
            case "w": 604_800
            default: nil
            }
            if let seconds { return now.addingTimeInterval(-n * seconds) }
        }
        if let d = RFC3339Millis.date(text) { return d }
        let parts = t.split(separator: "-").compactMap { Int($0) }
        if parts.count == 3, t.count == 10 {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))
        }
        return nil
    }
}
