import Foundation
import Grounding
import Store

/// Measures how often an answer's citations name sources that were actually sent, over a set of questions.
public enum AskEvaluation {
    /// The outcome of one question.
    public struct Outcome: Sendable {
        /// The question.
        public var question: String
        /// How it was answered.
        public var mode: AskMode
        /// Citations in the answer.
        public var citations: Int
        /// Citations naming a source that was sent.
        public var verified: Int
        /// Verified citations whose snippet is not in the database under the cited title (should be 0).
        public var unresolved: Int
        /// The answer had at least one verified citation.
        public var grounded: Bool
        /// Seconds the ask took.
        public var seconds: Double
        /// The failure, if the ask failed.
        public var failure: String?
    }

    /// The figures over all questions.
    public struct Summary: Sendable {
        /// Per question, in order.
        public var outcomes: [Outcome]
        /// Citations in all generated answers.
        public var citations: Int { outcomes.reduce(0) { $0 + $1.citations } }
        /// Verified citations in all generated answers.
        public var verified: Int { outcomes.reduce(0) { $0 + $1.verified } }
        /// Verified citations that did not resolve to a real snippet.
        public var unresolved: Int { outcomes.reduce(0) { $0 + $1.unresolved } }
        /// Verified / all citations (nil when no answer cited anything).
        public var validityRate: Double? { citations == 0 ? nil : Double(verified) / Double(citations) }
        /// Answers the model generated.
        public var generated: Int { outcomes.filter { $0.mode == .generated }.count }
        /// Generated answers with at least one verified citation.
        public var grounded: Int { outcomes.filter { $0.mode == .generated && $0.grounded }.count }
        /// Questions retrieval judged unanswerable from the notes.
        public var nothingFound: Int { outcomes.filter { $0.mode == .nothingFound }.count }
    }

    /// Asks every question (nothing saved) and checks every verified citation against the database.
    public static func run(service: AskService, questions: [String], retrieval: SearchMode? = nil, maxAnswerTokens: Int? = nil,
                           progress: @Sendable (Int, Outcome) -> Void = { _, _ in }) async -> Summary {
        var outcomes: [Outcome] = []
        for (i, q) in questions.enumerated() {
            let start = ContinuousClock.now
            var outcome: Outcome
            do {
                let r = try await service.ask(AskRequest(question: q, retrieval: retrieval, save: false, maxAnswerTokens: maxAnswerTokens))
                var unresolved = 0
                for c in r.citations.citations where c.verified {
                    let snippet = try? service.db.snippet(id: c.passage!.snippetID)
                    if snippet?.title != c.passage!.title { unresolved += 1 }
                }
                outcome = Outcome(question: q, mode: r.mode, citations: r.citations.citations.count,
                                  verified: r.citations.citations.filter(\.verified).count, unresolved: unresolved,
                                  grounded: r.grounded, seconds: (ContinuousClock.now - start).ms / 1000)
            } catch {
                outcome = Outcome(question: q, mode: .nothingFound, citations: 0, verified: 0, unresolved: 0, grounded: false,
                                  seconds: (ContinuousClock.now - start).ms / 1000, failure: "\(error)")
            }
            outcomes.append(outcome)
            progress(i, outcome)
        }
        return Summary(outcomes: outcomes)
    }
}
