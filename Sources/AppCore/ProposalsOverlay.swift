import SRS
import TUI

/// One of the model's proposals in the overlay: its card(s) and what the user decided.
public struct CardProposal: Hashable, Sendable {
    /// What became of it.
    public enum Decision: Hashable, Sendable {
        case pending, kept, dropped
    }

    /// The note's cards (one, or the cloze siblings of one text).
    public var drafts: [CardDraft]
    /// Pending, kept or dropped.
    public var decision: Decision = .pending

    /// Wraps a group of drafts.
    public init(drafts: [CardDraft]) { self.drafts = drafts }
}

/// A proposal's side being edited in a line input.
public struct ProposalEdit: Equatable, Sendable {
    /// Which side: the question (for a cloze, the cloze text), then the answer.
    public enum Field: Equatable, Sendable { case front, back }

    /// The side being edited.
    public var field: Field
    /// The text.
    public var input: LineInput
}

/// The model's card proposals for a snippet, accepted, edited or dropped one by one.
public struct ProposalsOverlay: Equatable, Sendable {
    /// The snippet the cards come from (they link to it).
    public var snippetId: String
    /// Its title.
    public var title: String
    /// The proposals in the model's order.
    public var proposals: [CardProposal]
    /// The one shown.
    public var selected = 0
    /// The side being edited, if any.
    public var editing: ProposalEdit?
    /// Proposals the generator refused or found already present (said in the title line).
    public var refused: Int

    /// Creates the overlay over proposals.
    public init(snippetId: String, title: String, proposals: [CardProposal], refused: Int = 0) {
        self.snippetId = snippetId
        self.title = title
        self.proposals = proposals
        self.refused = refused
    }

    /// How many were kept.
    public var kept: Int { proposals.filter { $0.decision == .kept }.count }

    /// True once every proposal is kept or dropped.
    public var allDecided: Bool { !proposals.contains { $0.decision == .pending } }

    /// Moves to the next pending proposal after the current one (wrapping), if any.
    mutating func advance() {
        guard !allDecided else { return }
        for step in 1...proposals.count {
            let i = (selected + step) % proposals.count
            if proposals[i].decision == .pending { selected = i; return }
        }
    }
}
