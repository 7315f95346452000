import Foundation
import LLM
import Notebook
import SRS
import Store

/// The model's card proposals for a snippet, validated: shared by `recall cards generate` and the app's
/// "Generate cards from this snippet".
public enum CardGenerator {
    /// What the model proposed, after validation and duplicate removal.
    public struct Proposals: Sendable, Equatable {
        /// Note-sized groups: one card, or the cloze siblings of one text (saved together).
        public var groups: [[CardDraft]]
        /// Proposals refused by validation (why, one line each).
        public var rejected: [String]
        /// Proposals dropped because an equal card exists.
        public var duplicates: Int
    }

    /// Why generating failed, in words for a person.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        /// What happened and what to do.
        public var description: String
    }

    /// Asks the model for at most `max` cards from `snippet` (structured output), validates them, drops cards equal
    /// to existing ones, and groups cloze siblings of one text.
    public static func propose(db: AppDatabase, snippet: Snippet, chat: any LLMProvider, model: String, max: Int) async throws -> Proposals {
        guard !snippet.body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw Failure(description: "snippet \(snippet.id.prefix(8)) is empty — write some notes first")
        }
        let schema = try JSONValue.parse(CardProposals.schema(maxCards: max))
        let messages: [ChatMessage] = [
            .system(CardProposals.system),
            .user(CardProposals.userMessage(title: snippet.title, body: snippet.body, maxCards: max)),
        ]
        let answer = try await chat.structuredChat(model: model, messages: messages, schema: schema,
                                                   maxTokens: 200 + 250 * Swift.max(1, max))
        let existing = Set(try db.cards().map(\.content.duplicateKey))
        let outcome: CardProposals.Outcome
        do { outcome = try CardProposals.parse(answer, existing: existing) } catch {
            throw Failure(description: "\(error.description) — try again, or another model")
        }
        // Keep note-sized groups: cloze siblings of one text are saved together.
        var groups: [[CardDraft]] = []
        for d in outcome.cards.prefix(Swift.max(0, max) * 4) {
            if d.kind == .cloze, let last = groups.last?.last, last.kind == .cloze, last.front == d.front { groups[groups.count - 1].append(d) }
            else { groups.append([d]) }
        }
        return Proposals(groups: Array(groups.prefix(Swift.max(0, max))), rejected: outcome.rejected, duplicates: outcome.duplicates)
    }
}
