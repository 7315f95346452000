import Foundation
import Grounding
import Store

/// One labelled question of `recall eval answers`: the snippets an answer should cite and facts it should contain,
/// or `unanswerable: true` when the notes do not hold the answer.
public struct AnswerEvalItem: Sendable, Hashable, Decodable {
    /// A label for reports (default: the line number).
    public var id: String
    /// The question.
    public var question: String
    /// Titles of the snippets that hold the answer (any of them counts as a retrieval hit).
    public var snippets: [String]
    /// Short strings a correct answer contains (case-insensitive).
    public var facts: [String]
    /// The notes do not answer it: the right outcome is a refusal.
    public var unanswerable: Bool

    enum CodingKeys: String, CodingKey { case id, question, snippets, facts, unanswerable }

    /// Decodes one line; `snippets` and `facts` default to empty, `unanswerable` to false.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(String.self, forKey: .id) ?? ""
        question = try c.decode(String.self, forKey: .question)
        snippets = try c.decodeIfPresent([String].self, forKey: .snippets) ?? []
        facts = try c.decodeIfPresent([String].self, forKey: .facts) ?? []
        unanswerable = try c.decodeIfPresent(Bool.self, forKey: .unanswerable) ?? false
    }

    /// Parses a JSONL file's text; every problem names the line and the fix.
    public static func parse(_ text: String, path: String) throws -> [AnswerEvalItem] {
        var items: [AnswerEvalItem] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("//") { continue }
            var item: AnswerEvalItem
            do { item = try JSONDecoder().decode(AnswerEvalItem.self, from: Data(line.utf8)) } catch {
                throw ConfigError("\(path):\(n + 1): not a question object — each line is {\"question\": \"…\", \"snippets\": [\"title\"], \"facts\": [\"…\"]} or {\"question\": \"…\", \"unanswerable\": true}")
            }
            if item.question.trimmingCharacters(in: .whitespaces).isEmpty { throw ConfigError("\(path):\(n + 1): the question is empty") }
            if !item.unanswerable && item.snippets.isEmpty && item.facts.isEmpty {
                throw ConfigError("\(path):\(n + 1): give the snippets to cite and/or facts, or \"unanswerable\": true")
            }
            if item.id.isEmpty { item.id = "line \(n + 1)" }
            items.append(item)
        }
        if items.isEmpty { throw ConfigError("\(path) holds no questions — one JSON object per line") }
        return items
    }
}

/// How one question went.
public struct AnswerEvalOutcome: Sendable, Hashable, Encodable {
    /// The item's id.
    public var id: String
    /// The question.
    public var question: String
    /// The notes do not answer it.
    public var unanswerable: Bool
    /// generated, extractive or nothing-found (nil when the ask failed).
    public var mode: String?
    /// An expected snippet was among the sources sent (nil for unanswerable questions).
    public var retrievalHit: Bool?
    /// Citations in the answer.
    public var citations: Int
    /// Of those, naming a source that was sent.
    public var verified: Int
    /// An expected snippet was cited by a verified citation (nil for unanswerable questions).
    public var citedExpected: Bool?
    /// The facts found in the answer.
    public var factsFound: [String]
    /// Found / expected facts (nil without facts).
    public var factRecall: Double?
    /// The answer declined (nothing found, or it says the notes do not hold the answer).
    public var refused: Bool
    /// Time to the first token, ms.
    public var firstTokenMS: Double?
    /// Generation speed.
    public var tokensPerSecond: Double?
    /// Tokens generated.
    public var tokensOut: Int?
    /// Why the ask failed.
    public var error: String?
    /// Why the answer is extractive (the model could not be used), when it is.
    public var note: String?

    enum CodingKeys: String, CodingKey {
        case id, question, unanswerable, mode, citations, verified, refused, error, note
        case retrievalHit = "retrieval_hit", citedExpected = "cited_expected", factsFound = "facts_found", factRecall = "fact_recall"
        case firstTokenMS = "first_token_ms", tokensPerSecond = "tokens_per_second", tokensOut = "tokens_out"
    }
}

/// The figures over all questions of one profile.
public struct AnswerEvalTotals: Sendable, Hashable, Encodable {
    /// Questions asked.
    public var questions: Int
    /// Answerable questions.
    public var answerable: Int
    /// Answerable questions whose expected snippet was sent.
    public var retrievalHits: Int
    /// Answerable questions that name the snippets to cite.
    public var retrievalLabelled: Int
    /// `retrievalHits / retrievalLabelled`.
    public var retrievalHitRate: Double?
    /// Citations over all answers.
    public var citations: Int
    /// Verified citations.
    public var verified: Int
    /// `verified / citations` (nil when nothing was cited).
    public var citationValidity: Double?
    /// Mean fact recall over the answerable questions with facts.
    public var factRecall: Double?
    /// Unanswerable questions.
    public var unanswerable: Int
    /// Of those, refused.
    public var correctRefusals: Int
    /// Answerable questions that were refused.
    public var falseRefusals: Int
    /// Median time to the first token, ms.
    public var firstTokenMSMedian: Double?
    /// Median generation speed.
    public var tokensPerSecondMedian: Double?
    /// Asks that failed.
    public var failed: Int

    enum CodingKeys: String, CodingKey {
        case questions, answerable, citations, verified, unanswerable, failed
        case retrievalHits = "retrieval_hits", retrievalLabelled = "retrieval_labelled", retrievalHitRate = "retrieval_hit_rate", citationValidity = "citation_validity"
        case factRecall = "fact_recall", correctRefusals = "correct_refusals", falseRefusals = "false_refusals"
        case firstTokenMSMedian = "first_token_ms_median", tokensPerSecondMedian = "tokens_per_second_median"
    }

    /// Totals of `outcomes`.
    public init(_ outcomes: [AnswerEvalOutcome]) {
        let answerable = outcomes.filter { !$0.unanswerable }
        let unanswerable = outcomes.filter(\.unanswerable)
        questions = outcomes.count
        self.answerable = answerable.count
        let labelled = answerable.filter { $0.retrievalHit != nil }
        retrievalHits = labelled.filter { $0.retrievalHit == true }.count
        retrievalLabelled = labelled.count
        retrievalHitRate = labelled.isEmpty ? nil : Double(retrievalHits) / Double(labelled.count)
        citations = outcomes.reduce(0) { $0 + $1.citations }
        verified = outcomes.reduce(0) { $0 + $1.verified }
        citationValidity = citations == 0 ? nil : Double(verified) / Double(citations)
        let recalls = answerable.compactMap(\.factRecall)
        factRecall = recalls.isEmpty ? nil : recalls.reduce(0, +) / Double(recalls.count)
        self.unanswerable = unanswerable.count
        correctRefusals = unanswerable.filter(\.refused).count
        falseRefusals = answerable.filter(\.refused).count
        firstTokenMSMedian = ModelUsageSummary.percentile(outcomes.compactMap(\.firstTokenMS), 0.5)
        tokensPerSecondMedian = ModelUsageSummary.percentile(outcomes.compactMap(\.tokensPerSecond), 0.5)
        failed = outcomes.filter { $0.error != nil }.count
    }
}

/// One profile's run over the labelled questions.
public struct AnswerEvalReport: Sendable, Encodable {
    /// The profile.
    public var profile: String
    /// Its chat model.
    public var model: String
    /// Per question, in file order.
    public var questions: [AnswerEvalOutcome]
    /// The totals.
    public var total: AnswerEvalTotals
}

/// Asks every labelled question through `AskService` (nothing saved; logged as kind `eval`) and scores the answers.
public enum AnswerEvaluation {
    /// Phrases that mean "the notes do not say" in an answer (lower case).
    public static let refusalPhrases = ["not in your notes", "not in the notes", "not in the sources", "no information",
                                        "don't know", "do not know", "cannot answer", "can't answer", "not mentioned",
                                        "do not contain", "don't contain", "does not contain", "not covered", "no relevant"]

    /// Runs `items` in order, reporting each outcome as it is scored.
    public static func run(service: AskService, items: [AnswerEvalItem], maxAnswerTokens: Int? = nil,
                           progress: @Sendable (Int, AnswerEvalOutcome) -> Void = { _, _ in }) async -> AnswerEvalReport {
        var outcomes: [AnswerEvalOutcome] = []
        for (i, item) in items.enumerated() {
            var request = AskRequest(question: item.question, save: false, maxAnswerTokens: maxAnswerTokens)
            request.logKind = .eval
            let outcome: AnswerEvalOutcome
            do { outcome = score(item, try await service.ask(request)) } catch {
                outcome = AnswerEvalOutcome(id: item.id, question: item.question, unanswerable: item.unanswerable, mode: nil,
                                            retrievalHit: item.unanswerable || item.snippets.isEmpty ? nil : false, citations: 0, verified: 0,
                                            citedExpected: item.unanswerable || item.snippets.isEmpty ? nil : false, factsFound: [],
                                            factRecall: item.facts.isEmpty ? nil : 0, refused: false, error: "\(error)")
            }
            outcomes.append(outcome)
            progress(i, outcome)
        }
        let profile = service.services.profile
        return AnswerEvalReport(profile: profile.name, model: profile.chatModel, questions: outcomes, total: AnswerEvalTotals(outcomes))
    }

    /// Scores one answer against its label.
    public static func score(_ item: AnswerEvalItem, _ r: AskResult) -> AnswerEvalOutcome {
        let expected = Set(item.snippets.map { $0.lowercased() })
        let sent = r.sources.isEmpty ? r.retrieved.sources : r.sources
        let hit = sent.contains { expected.contains($0.title.lowercased()) }
        let verified = r.citations.citations.filter(\.verified)
        let cited = verified.contains { c in c.passage.map { expected.contains($0.title.lowercased()) } ?? false }
        let answer = r.answer.lowercased()
        let found = item.facts.filter { answer.contains($0.lowercased()) }
        let refused = r.mode == .nothingFound || refusalPhrases.contains { answer.contains($0) }
        return AnswerEvalOutcome(id: item.id, question: item.question, unanswerable: item.unanswerable, mode: r.mode.rawValue,
                                 retrievalHit: item.unanswerable || expected.isEmpty ? nil : hit, citations: r.citations.citations.count,
                                 verified: verified.count, citedExpected: item.unanswerable || expected.isEmpty ? nil : cited, factsFound: found,
                                 factRecall: item.facts.isEmpty ? nil : Double(found.count) / Double(item.facts.count),
                                 refused: refused, firstTokenMS: r.timings.firstTokenMS, tokensPerSecond: r.timings.tokensPerSecond,
                                 tokensOut: r.outputTokens, note: r.extractiveReason.map { "extractive: \($0)" })
    }
}
