import ArgumentParser
import Foundation
import RecallKit

/// `recall eval answers FILE`: asks labelled questions of one or more profiles and scores the answers.
struct EvalAnswersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "answers", abstract: "Score answers to labelled questions: retrieval hits, citation validity, fact recall, refusals, speed.",
        discussion: """
            FILE is JSONL: {"id": "q1", "question": "…", "snippets": ["title of the snippet to cite"], "facts": ["KV cache"]} \
            or {"question": "…", "unanswerable": true}. Every question is asked of the database's notes (nothing is saved; \
            each ask is logged as kind eval). A retrieval hit is an expected snippet among the sources sent; citation \
            validity is the share of citations naming a source that was sent; fact recall the share of facts found in \
            the answer (case-insensitive); an unanswerable question is correctly refused when nothing relevant was found \
            or the answer says the notes do not hold it. Give --profile twice to compare two profiles in one table. \
            eval/sample-answers.jsonl is labelled for the sample notebooks (`recall import --samples`).
            """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The labelled questions (JSONL).") var file: String
    @Option(name: .customLong("profile"), help: "A profile from config.toml (repeat to compare; default: the configured profile).")
    var profiles: [String] = []
    @Option(name: .customLong("max-questions"), help: "Ask only the first N questions.") var maxQuestions: Int?
    @Option(name: .customLong("max-answer-tokens"), help: "Cap each answer (a slow server answers sooner).") var maxAnswerTokens: Int?

    func validate() throws {
        if let maxQuestions, maxQuestions < 1 { throw ValidationError("--max-questions must be at least 1") }
        if let maxAnswerTokens, maxAnswerTokens < 1 { throw ValidationError("--max-answer-tokens must be at least 1") }
    }

    func run() async throws {
        let path = (file as NSString).expandingTildeInPath
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("cannot read \(file) — give a JSONL file of labelled questions (see eval/sample-answers.jsonl)")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw CLIError("\(file) is not UTF-8 text") }
        var items = try AnswerEvalItem.parse(text, path: file)
        if let maxQuestions { items = Array(items.prefix(maxQuestions)) }
        let db = try global.openForReading()
        if try db.tree().isEmpty { throw CLIError("the database has no notes — import them first (e.g. `recall import --samples`)") }
        let chosen: [String?] = profiles.isEmpty ? [nil] : profiles
        var reports: [AnswerEvalReport] = []
        for name in chosen {
            let profile = try LLMConfigLoader.load(overrides: LLMOverrides(profile: name))
            let service = try AskService.make(db: db, profile: profile, queryLog: try global.queryLog(profile: profile))
            let json = global.json
            let total = items.count
            reports.append(await AnswerEvaluation.run(service: service, items: items, maxAnswerTokens: maxAnswerTokens) { i, o in
                if !json || o.error != nil || o.note != nil {
                    Output.note("[\(profile.name)] \(i + 1)/\(total) \(o.id)" + (o.error.map { " — failed: \($0)" } ?? "") + (o.note.map { " — \($0)" } ?? ""))
                }
            })
        }
        if global.json { return try Output.json(Document(file: file, questions: items.count, profiles: reports)) }
        printTables(reports)
    }

    /// `recall eval answers --json`.
    struct Document: Encodable {
        var file: String
        var questions: Int
        var profiles: [AnswerEvalReport]
    }

    private func printTables(_ reports: [AnswerEvalReport]) {
        func pct(_ v: Double?) -> String { v.map { String(format: "%.0f%%", $0 * 100) } ?? "—" }
        let names = reports.map { Output.field("\($0.profile) (\($0.model))") }
        var rows: [(String, [String])] = []
        for (i, first) in reports[0].questions.enumerated() {
            let cells = reports.map { r -> String in
                let o = r.questions[i]
                if o.error != nil { return "failed" }
                if o.unanswerable { return o.refused ? "refused ✓" : "answered ✗" }
                var parts: [String] = []
                if let hit = o.retrievalHit { parts.append(hit ? "hit" : "miss") }
                parts.append("cites \(o.verified)/\(o.citations)")
                if let f = o.factRecall { parts.append("facts \(pct(f))") }
                if o.refused { parts.append("refused") }
                return parts.joined(separator: " · ")
            }
            rows.append((Output.field(String(first.id.prefix(22))), cells))
        }
        let totals = reports.map(\.total)
        let summary: [(String, [String])] = [
            ("retrieval hit rate", totals.map { "\(pct($0.retrievalHitRate)) (\($0.retrievalHits)/\($0.retrievalLabelled))" }),
            ("citation validity", totals.map { "\(pct($0.citationValidity)) (\($0.verified)/\($0.citations))" }),
            ("fact recall", totals.map { pct($0.factRecall) }),
            ("correct refusals", totals.map { "\($0.correctRefusals)/\($0.unanswerable)" }),
            ("false refusals", totals.map { "\($0.falseRefusals)/\($0.answerable)" }),
            ("first token p50", totals.map { $0.firstTokenMSMedian.map { "\(Int($0.rounded())) ms" } ?? "—" }),
            ("tokens/s p50", totals.map { $0.tokensPerSecondMedian.map { String(format: "%.1f", $0) } ?? "—" }),
            ("failed", totals.map { "\($0.failed)" }),
        ]
        let width = (([22] + names.map(\.count) + (rows + summary).flatMap { $0.1.map(\.count) }).max() ?? 22) + 2
        func row(_ label: String, _ cells: [String]) -> String {
            label.padding(toLength: 24, withPad: " ", startingAt: 0)
                + cells.map { $0.padding(toLength: width, withPad: " ", startingAt: 0) }.joined()
        }
        print(row("question", names))
        for (label, cells) in rows { print(row(label, cells)) }
        print("")
        print(row("total", names))
        for (label, cells) in summary { print(row(label, cells)) }
    }
}
