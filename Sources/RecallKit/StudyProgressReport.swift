import Foundation
import Notebook
import Store

/// `recall progress`: study items (snippets with a status) per project and notebook, their sub-steps, card coverage
/// and weak topics. Progress = (done + ½·partial) / items; snippets without a status are plain notes and not counted.
public struct StudyProgressReport: Encodable, Sendable {
    /// One study item.
    public struct Item: Encodable, Sendable {
        /// Snippet id.
        public var id: String
        /// Snippet title.
        public var title: String
        /// todo, partial or done.
        public var status: StudyStatus
        /// Sub-steps marked `[x]` (checkboxes in the text, counted apart from the status).
        public var stepsDone: Int
        /// All sub-steps.
        public var stepsTotal: Int
        /// Cards whose source is this snippet.
        public var cards: Int
    }

    /// A notebook's progress.
    public struct NotebookProgress: Encodable, Sendable {
        /// Notebook id.
        public var id: String
        /// Notebook title.
        public var title: String
        /// Percentage, partial counting half.
        public var percent: Int
        /// Items by status.
        public var done: Int, partial: Int, todo: Int
        /// Its study items in notebook order.
        public var items: [Item]
        /// Snippets in the notebook (items and plain notes).
        public var snippets: Int
        /// Snippets that have at least one card.
        public var snippetsWithCards: Int
        /// snippetsWithCards / snippets as a percentage.
        public var cardCoverage: Int
    }

    /// A project's progress: the sum of its notebooks.
    public struct ProjectProgress: Encodable, Sendable {
        /// Project id.
        public var id: String
        /// Project title.
        public var title: String
        /// Percentage, partial counting half.
        public var percent: Int
        /// Items by status.
        public var done: Int, partial: Int, todo: Int
        /// Its notebooks.
        public var notebooks: [NotebookProgress]
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

    /// How the percentage is computed.
    public var rule = "percent = (done + 0.5 × partial) / items, rounded half up; items are snippets with a status"
    /// The line the text output leads with: `58% · 15 done · 7 partial · 10 todo` over everything selected.
    public var summary: String
    /// Percentage over everything selected.
    public var percent: Int
    /// Items by status over everything selected.
    public var done: Int, partial: Int, todo: Int
    /// Per project.
    public var projects: [ProjectProgress]
    /// Up to five topics with the most lapses.
    public var weakTopics: [WeakTopic]

    /// Computes the report, optionally for one project and/or one notebook id.
    public static func make(_ db: AppDatabase, projectID: String? = nil, notebookID: String? = nil) throws -> StudyProgressReport {
        var cardsBySnippet: [String: (count: Int, lapses: Int)] = [:]
        for c in try db.cards() {
            guard let s = c.sourceSnippetID else { continue }
            cardsBySnippet[s, default: (0, 0)].count += 1
            cardsBySnippet[s, default: (0, 0)].lapses += c.schedule.lapses
        }
        var projects: [ProjectProgress] = []
        var titles: [String: String] = [:]
        var all = TaskTally()
        for project in try db.tree() where projectID == nil || project.project.id == projectID {
            var notebooks: [NotebookProgress] = []
            var projectTally = TaskTally()
            for node in project.notebooks where notebookID == nil || node.notebook.id == notebookID {
                let snippets = try db.snippets(inNotebook: node.notebook.id)
                var items: [Item] = []
                for s in snippets {
                    titles[s.id] = s.title
                    guard let status = s.status else { continue }
                    let steps = StepCount.of(s.body)
                    items.append(Item(id: s.id, title: s.title, status: status, stepsDone: steps.done, stepsTotal: steps.total,
                                      cards: cardsBySnippet[s.id]?.count ?? 0))
                }
                let tally = TaskTally(statuses: items.map(\.status))
                projectTally = projectTally + tally
                let covered = snippets.filter { cardsBySnippet[$0.id] != nil }.count
                notebooks.append(NotebookProgress(
                    id: node.notebook.id, title: node.notebook.title, percent: tally.percent,
                    done: tally.done, partial: tally.partial, todo: tally.todo, items: items,
                    snippets: snippets.count, snippetsWithCards: covered,
                    cardCoverage: snippets.isEmpty ? 0 : Int((Double(covered) / Double(snippets.count) * 100).rounded())))
            }
            guard notebookID == nil || !notebooks.isEmpty else { continue }
            all = all + projectTally
            projects.append(ProjectProgress(id: project.project.id, title: project.project.title, percent: projectTally.percent,
                                            done: projectTally.done, partial: projectTally.partial, todo: projectTally.todo,
                                            notebooks: notebooks))
        }
        let weak = cardsBySnippet.compactMap { id, c -> WeakTopic? in
            guard c.lapses > 0, let title = titles[id] else { return nil }
            return WeakTopic(snippet: id, title: title, lapses: c.lapses, cards: c.count)
        }.sorted { $0.lapses != $1.lapses ? $0.lapses > $1.lapses : $0.title < $1.title }
        return StudyProgressReport(summary: all.summary, percent: all.percent, done: all.done, partial: all.partial, todo: all.todo,
                                   projects: projects, weakTopics: Array(weak.prefix(5)))
    }

    /// The report as terminal text: the summary line, then a bar per project and notebook and a line per item.
    public var text: String {
        var out: [String] = [summary]
        for p in projects {
            let tally = TaskTally(done: p.done, partial: p.partial, todo: p.todo)
            out.append("")
            if tally.total == 0 {
                out.append("\(p.title)  no study items (set one with `recall edit ID --status todo`, or the s key in the app)")
                continue
            }
            out.append("\(p.title)  \(ProgressBar.render(tally.fraction, width: 20))  \(tally.summary)")
            for n in p.notebooks where !n.items.isEmpty {
                let t = TaskTally(done: n.done, partial: n.partial, todo: n.todo)
                out.append("  \(n.title)  \(ProgressBar.render(t.fraction, width: 10))  \(t.summary)")
                for i in n.items {
                    var extras: [String] = []
                    if let steps = StepCount(done: i.stepsDone, total: i.stepsTotal).label { extras.append(steps) }
                    if i.cards > 0 { extras.append("\(i.cards) card\(i.cards == 1 ? "" : "s")") }
                    out.append("    \(i.status.mark) \(i.title)\(extras.isEmpty ? "" : "  " + extras.joined(separator: " · "))")
                }
                out.append("    cards cover \(n.snippetsWithCards) of \(n.snippets) snippets (\(n.cardCoverage)%)")
            }
        }
        if projects.isEmpty { out.append("(no notebooks yet — `recall import FILE.md`, `recall import --samples` or `recall new notebook`)") }
        if !weakTopics.isEmpty {
            out.append("")
            out.append("Weak topics (most lapses):")
            for w in weakTopics { out.append("  \(w.title) — \(w.lapses) \(w.lapses == 1 ? "lapse" : "lapses") over \(w.cards) \(w.cards == 1 ? "card" : "cards")") }
        }
        return out.joined(separator: "\n")
    }
}
