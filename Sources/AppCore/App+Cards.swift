import Foundation
import Notebook
import SRS
import TUI
import TextEngine

/// A card to make from the editor's selection: which snippet, the text it was made in (its hash), where, and how.
public struct SelectionCardRequest: Hashable, Sendable {
    /// The snippet.
    public var snippetId: String
    /// The snippet's title (for the message).
    public var title: String
    /// Content hash of the text the selection was made in (the store refuses if its text differs).
    public var contentHash: String
    /// UTF-8 byte offsets of the selection in that text.
    public var start: Int, end: Int
    /// Basic, reversed or cloze.
    public var kind: SelectionCardKind
}

/// Effects of making cards in the app.
public enum CardsEffect: Hashable, Sendable {
    /// Store a card made from the editor's selection (posts `cardsAdded` or a failure).
    case fromSelection(SelectionCardRequest)
    /// Ask the model for card proposals from a snippet, as a `cardGeneration` job (posts `cardProposals`).
    case generate(snippetId: String, title: String)
    /// Store a kept proposal's cards, linked to the snippet.
    case saveProposal(snippetId: String, title: String, drafts: [CardDraft])
}

/// Which card a selection key makes.
enum SelectionCardChoice {
    case basic, reversed, cloze
}

extension App {
    /// Alt-C / Alt-B / Alt-V in the editor: a cloze gap at once, or a prompt for the question of a basic or reversed card.
    static func cardFromSelection(_ s: inout AppState, _ choice: SelectionCardChoice) -> [AppEffect] {
        guard let e = s.editor else { return noSnippet(&s) }
        let sel = e.editor.selection
        guard !sel.isEmpty, !e.editor.selectedText.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return flash(&s, "Select the text first (shift+arrows), then press the key again", error: true)
        }
        let doc = e.editor.document
        let request = SelectionCardRequest(
            snippetId: e.doc.id, title: e.doc.title, contentHash: ContentHash.of(e.text),
            start: doc.utf8Offset(of: sel.range.lower), end: doc.utf8Offset(of: sel.range.upper), kind: .cloze)
        switch choice {
        case .cloze:
            return saveIfDirty(&s) + [.cards(.fromSelection(request))]
        case .basic, .reversed:
            let answer = e.editor.selectedText.split(separator: "\n").first.map(String.init) ?? ""
            let shown = answer.count > 30 ? String(answer.prefix(29)) + "…" : answer
            let what = choice == .reversed ? "Reversed card" : "Card"
            s.overlay = .prompt(PromptOverlay(title: "\(what) — question for “\(shown)”", input: LineInput(),
                                              purpose: .cardQuestion(request, reversed: choice == .reversed)))
            return []
        }
    }

    /// The question was typed: save the snippet if needed, then store the card.
    static func acceptCardQuestion(_ s: inout AppState, _ request: SelectionCardRequest, reversed: Bool, question: String) -> [AppEffect] {
        let q = question.trimmingCharacters(in: .whitespaces)
        guard !q.isEmpty else { return flash(&s, "A card needs a question — select again and type one", error: true) }
        var r = request
        r.kind = reversed ? .reversed(prompt: q) : .basic(prompt: q)
        // The text may have changed while the prompt was open only if the snippet was reloaded; the store checks the hash.
        return saveIfDirty(&s) + [.cards(.fromSelection(r))]
    }

    /// Cards were added: say so (an empty message says nothing: the proposals overlay already did), refresh the due
    /// count, and let the Review pane pick them up when it is idle.
    static func cardsAdded(_ s: inout AppState, _ message: String) -> [AppEffect] {
        if let session = s.review.session, session.isFinished || session.current == nil { s.review.session = nil }
        let say = message.isEmpty ? [] : flash(&s, message)
        if s.review.session == nil, s.focus == .review { return reviewShown(&s) + [.review(.loadDueSummary)] + say }
        return [.review(.loadDueSummary)] + say
    }
}

extension TextDocument {
    /// The UTF-8 byte offset of a position in `text` (lines joined by the document's line ending).
    func utf8Offset(of p: TextPosition) -> Int {
        let sep = lineEnding.separator.utf8.count
        var total = 0
        for i in 0..<min(p.line, lineCount) { total += lines[i].utf8.count + sep }
        return total + p.offset
    }
}
