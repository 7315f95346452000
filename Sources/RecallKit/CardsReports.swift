import Foundation
import Notebook
import SRS
import Store

/// `recall stats`: due forecast, reviews per day, true retention and per-deck counts.
public struct CardsStatsReport: Encodable, Sendable {
    /// Counts for one deck.
    public struct DeckCounts: Encodable, Sendable {
        /// Deck name.
        public var deck: String
        /// fsrs or sm2.
        public var scheduler: String
        /// All cards.
        public var total: Int
        /// Never reviewed.
        public var new: Int
        /// In learning steps.
        public var learning: Int
        /// In review.
        public var review: Int
        /// Relearning after a lapse.
        public var relearning: Int
        /// Due now (learning and review; new cards not counted).
        public var dueNow: Int
        /// Cards whose source changed.
        public var sourceChanged: Int
    }

    /// The report's clock.
    public var at: String
    /// Cards due on each of the next 30 days (index 0 = today, with overdue).
    public var forecast: [Int]
    /// Reviews on each of the last 90 days, oldest first.
    public var reviewsPerDay: [Int]
    /// Passed / attempted recalls of cards in review, last 30 days.
    public var retention30d: Retention?
    /// Passed / attempted recalls of cards in review, all time.
    public var retentionAll: Retention?
    /// Per-deck counts.
    public var decks: [DeckCounts]

    /// True retention figures.
    public struct Retention: Encodable, Sendable {
        /// Recalls passed.
        public var passed: Int
        /// Recalls attempted.
        public var total: Int
        /// passed / total.
        public var rate: Double
    }

    /// Computes the report at `now`; days start at midnight in `timeZone`.
    public static func make(_ db: AppDatabase, at now: Date, timeZone: TimeZone) throws -> CardsStatsReport {
        let today = ReviewQueue.dayStart(of: now, in: timeZone)
        let cards = try db.cards()
        let decks = try db.decks()
        let log = try db.reviewRecords().filter { $0.reviewedAt <= now }
        func retention(_ since: Date?) -> Retention? {
            ReviewStats.trueRetention(log, since: since).map { Retention(passed: $0.passed, total: $0.total, rate: $0.rate) }
        }
        let counts = decks.map { d -> DeckCounts in
            let cs = cards.filter { $0.deckID == d.id }
            return DeckCounts(
                deck: d.name, scheduler: d.settings.scheduler.rawValue, total: cs.count,
                new: cs.filter(\.schedule.isNew).count,
                learning: cs.filter { !$0.schedule.isNew && $0.schedule.phase == .learning }.count,
                review: cs.filter { $0.schedule.phase == .review }.count,
                relearning: cs.filter { $0.schedule.phase == .relearning }.count,
                dueNow: cs.filter { !$0.schedule.isNew && $0.schedule.due <= now }.count,
                sourceChanged: cs.filter(\.sourceChanged).count)
        }
        return CardsStatsReport(
            at: CardsTime.format(now),
            forecast: ReviewStats.forecast(cards.map(\.schedule), from: today, days: 30),
            reviewsPerDay: ReviewStats.reviewsPerDay(log, todayStart: today, days: 90),
            retention30d: retention(today.addingTimeInterval(-29 * 86400)),
            retentionAll: retention(nil),
            decks: counts)
    }

    /// The report as terminal text with bar charts.
    public var text: String {
        var out: [String] = []
        out.append("Due forecast, next 30 days (today first): \(forecast.reduce(0, +)) cards, busiest day \(forecast.max() ?? 0)")
        out += BarChart.render(forecast, height: 6).map { "  " + $0 }
        out.append("  today" + String(repeating: " ", count: max(1, 30 - 5 - 3)) + "+29d")
        out.append("")
        out.append("Reviews per day, last 90 days: \(reviewsPerDay.reduce(0, +)) reviews, busiest day \(reviewsPerDay.max() ?? 0)")
        out += BarChart.render(reviewsPerDay, height: 6).map { "  " + $0 }
        out.append("  -89d" + String(repeating: " ", count: max(1, 90 - 4 - 5)) + "today")
        out.append("")
        func pct(_ r: Retention?) -> String {
            guard let r else { return "no recalls of review cards yet" }
            return String(format: "%.1f%%", r.rate * 100) + " (\(r.passed)/\(r.total))"
        }
        out.append("True retention: last 30 days \(pct(retention30d)); all time \(pct(retentionAll))")
        out.append("")
        out.append("Deck                  total   new  learn  review  relearn  due  changed")
        for d in decks {
            let name = d.deck.count > 20 ? String(d.deck.prefix(19)) + "…" : d.deck
            out.append(name.padding(toLength: 20, withPad: " ", startingAt: 0)
                + [d.total, d.new, d.learning, d.review, d.relearning, d.dueNow, d.sourceChanged]
                .enumerated().map { i, v in String(v).leftPad([7, 6, 7, 8, 9, 5, 9][i]) }.joined())
        }
        if decks.isEmpty { out.append("(no decks yet — add a card with `recall card add --front … --back …`)") }
        return out.joined(separator: "\n")
    }
}

/// `recall progress`: task items per notebook and heading, card coverage and weak topics.
public struct StudyProgressReport: Encodable, Sendable {
    /// One heading (a snippet, or a heading inside one).
    public struct Heading: Encodable, Sendable {
        /// Heading text.
        public var title: String
        /// Depth: 1 for a snippet, 2+ for headings inside it.
        public var depth: Int
        /// Items done, partial, todo.
        public var done: Int, partial: Int, todo: Int
        /// Percentage (partial counts half).
        public var percent: Int
        /// Cards made from this snippet (snippet rows only).
        public var cards: Int?
    }

    /// A notebook's progress.
    public struct NotebookProgress: Encodable, Sendable {
        /// Notebook id.
        public var id: String
        /// Project title.
        public var project: String
        /// Notebook title.
        public var title: String
        /// Items done, partial, todo.
        public var done: Int, partial: Int, todo: Int
        /// Percentage (partial counts half).
        public var percent: Int
        /// Headings with at least one item.
        public var headings: [Heading]
        /// Snippets in the notebook.
        public var snippets: Int
        /// Snippets that have at least one card.
        public var snippetsWithCards: Int
        /// snippetsWithCards / snippets as a percentage.
        public var cardCoverage: Int
    }

    /// A topic (snippet) whose cards were forgotten most.
    public struct WeakTopic: Encodable, Sendable {
        /// Snippet id.
        public var snippet: String
        /// Snippet title.
        public var title: String
        /// Total lapses of its cards.
        public var lapses: Int
        /// Its cards.
        public var cards: Int
    }

    /// How partial items count.
    public var rule = "percent = (done + 0.5 × partial) / total, rounded half up"
    /// Per notebook.
    public var notebooks: [NotebookProgress]
    /// Up to five topics with the most lapses.
    public var weakTopics: [WeakTopic]

    /// Computes the report (optionally for one notebook id).
    public static func make(_ db: AppDatabase, notebookID: String? = nil) throws -> StudyProgressReport {
        let cards = try db.cards()
        var cardsBySnippet: [String: [StoredCard]] = [:]
        for c in cards { if let s = c.sourceSnippetID { cardsBySnippet[s, default: []].append(c) } }
        var notebooks: [NotebookProgress] = []
        var titles: [String: String] = [:]
        for project in try db.tree() {
            for node in project.notebooks where notebookID == nil || node.notebook.id == notebookID {
                var total = TaskTally()
                var headings: [Heading] = []
                let snippets = try db.snippets(inNotebook: node.notebook.id)
                for s in snippets {
                    titles[s.id] = s.title
                    let p = StudyProgress.parse(s.body)
                    total = total + p.tally
                    guard p.tally.total > 0 else { continue }
                    headings.append(Heading(title: s.title, depth: 1, done: p.tally.done, partial: p.tally.partial,
                                            todo: p.tally.todo, percent: p.tally.percent, cards: cardsBySnippet[s.id]?.count ?? 0))
                    let minLevel = p.sections.map(\.level).min() ?? 1
                    for sec in p.sections {
                        headings.append(Heading(title: sec.title, depth: 2 + sec.level - minLevel, done: sec.tally.done,
                                                partial: sec.tally.partial, todo: sec.tally.todo, percent: sec.tally.percent))
                    }
                }
                let covered = snippets.filter { cardsBySnippet[$0.id] != nil }.count
                notebooks.append(NotebookProgress(
                    id: node.notebook.id, project: project.project.title, title: node.notebook.title,
                    done: total.done, partial: total.partial, todo: total.todo, percent: total.percent, headings: headings,
                    snippets: snippets.count, snippetsWithCards: covered,
                    cardCoverage: snippets.isEmpty ? 0 : Int((Double(covered) / Double(snippets.count) * 100).rounded())))
            }
        }
        let weak = cardsBySnippet.compactMap { id, cs -> WeakTopic? in
            let lapses = cs.reduce(0) { $0 + $1.schedule.lapses }
            guard lapses > 0, let title = titles[id] else { return nil }
            return WeakTopic(snippet: id, title: title, lapses: lapses, cards: cs.count)
        }.sorted { $0.lapses != $1.lapses ? $0.lapses > $1.lapses : $0.title < $1.title }
        return StudyProgressReport(notebooks: notebooks, weakTopics: Array(weak.prefix(5)))
    }

    /// The report as terminal text: one bar per notebook and heading.
    public var text: String {
        var out: [String] = []
        for n in notebooks {
            let tally = TaskTally(done: n.done, partial: n.partial, todo: n.todo)
            out.append("\(n.project) ▸ \(n.title)")
            if tally.total > 0 {
                out.append("  \(ProgressBar.render(tally.fraction, width: 20))  \(tally.summary)")
            } else {
                out.append("  no task items (- [ ] todo, - [~] partial, - [x] done)")
            }
            for h in n.headings {
                let t = TaskTally(done: h.done, partial: h.partial, todo: h.todo)
                let indent = String(repeating: "  ", count: h.depth)
                let cards = h.cards.map { " · \($0) card\($0 == 1 ? "" : "s")" } ?? ""
                out.append("\(indent)\(ProgressBar.render(t.fraction, width: 10))  \(h.title) \(t.summary)\(cards)")
            }
            out.append("  cards cover \(n.snippetsWithCards) of \(n.snippets) snippets (\(n.cardCoverage)%)")
        }
        if notebooks.isEmpty { out.append("(no notebooks yet — `recall import FILE.md` or `recall new notebook`)") }
        if !weakTopics.isEmpty {
            out.append("")
            out.append("Weak topics (most lapses):")
            for w in weakTopics { out.append("  \(w.title) — \(w.lapses) \(w.lapses == 1 ? "lapse" : "lapses") over \(w.cards) \(w.cards == 1 ? "card" : "cards")") }
        }
        return out.joined(separator: "\n")
    }
}

extension String {
    /// Right-aligns the string in `width` columns.
    func leftPad(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
