import Foundation
import SRS

extension PackRules {
    /// Checks every date and scheduling number in a pack against what the store can hold and read back: dates in
    /// `StorableDate.range`, stability and difficulty finite and non-negative, intervals within the longest a deck may
    /// schedule, counts non-negative. A value outside would be stored and then break every command that reads the row.
    public static func checkValues(_ metadata: PackMetadata, _ cards: PackCards, _ revisions: [PackRevision]) throws {
        func date(_ d: Date, _ what: @autoclosure () -> String) throws {
            guard StorableDate.contains(d) else {
                throw PackRefusal.impossibleValue("\(what()) has a date outside 1970–9000 (\(d.timeIntervalSince1970) s)")
            }
        }
        for p in metadata.projects {
            try date(p.createdAt, "project \(p.id)"); try date(p.updatedAt, "project \(p.id)")
        }
        for n in metadata.notebooks {
            try date(n.createdAt, "notebook \(n.id)"); try date(n.updatedAt, "notebook \(n.id)")
        }
        for s in metadata.snippets {
            try date(s.createdAt, "snippet \(s.id)"); try date(s.updatedAt, "snippet \(s.id)")
        }
        for r in revisions { try date(r.createdAt, "a revision of snippet \(r.snippetID)") }
        let longest = StorableDate.maximumScheduleDays * 86400
        func schedule(_ s: CardSchedule, _ what: String) throws {
            try date(s.due, what)
            if let last = s.lastReview { try date(last, what) }
            for v in [s.stability, s.difficulty].compactMap({ $0 }) where !(v.isFinite && v >= 0 && v <= 1e9) {
                throw PackRefusal.impossibleValue("\(what) has a stability or difficulty of \(v)")
            }
            guard (0...longest).contains(s.intervalSeconds), (0...1_000_000).contains(s.easePermille),
                  s.reps >= 0, s.lapses >= 0, s.repetitions >= 0, (s.step ?? 0) >= 0 else {
                throw PackRefusal.impossibleValue("\(what) has a negative count or an interval, step or ease out of range")
            }
        }
        for c in cards.cards {
            try date(c.createdAt, "card \(c.id)")
            if let s = c.schedule { try schedule(s, "card \(c.id)") }
        }
        // A review row keeps the schedules before and after it (what `grade --undo` puts back), as the store's JSON.
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        for r in cards.reviews {
            let what = "a review of card \(r.cardID)"
            try date(r.reviewedAt, what)
            guard (0...longest).contains(r.intervalSeconds) else {
                throw PackRefusal.impossibleValue("\(what) has an interval of \(r.intervalSeconds) s")
            }
            for text in [r.scheduleBefore, r.scheduleAfter] {
                guard let s = try? decoder.decode(CardSchedule.self, from: Data(text.utf8)) else {
                    throw PackRefusal.impossibleValue("\(what) has an unreadable schedule")
                }
                try schedule(s, what)
            }
        }
    }
}
