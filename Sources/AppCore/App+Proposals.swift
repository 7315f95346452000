import Foundation
import SRS
import TUI

/// "Generate cards from this snippet": the job starts in the background; its proposals open in an overlay to keep,
/// edit (line input) or drop one by one; kept ones are stored linked to the snippet.
extension App {
    /// Saves the open snippet (the model reads the stored text) and starts the generation job.
    static func generateCards(_ s: inout AppState) -> [AppEffect] {
        guard let e = s.editor else { return noSnippet(&s) }
        guard !e.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return flash(&s, "This snippet is empty — write some notes first", error: true)
        }
        return saveIfDirty(&s) + [.cards(.generate(snippetId: e.doc.id, title: e.doc.title))]
            + flash(&s, "Generating cards from “\(e.doc.title)” in the background (F7 shows the job)")
    }

    /// The proposals arrived: open them, or keep them for later when another overlay is open.
    static func proposalsArrived(_ s: inout AppState, _ snippetId: String, _ title: String, _ groups: [[CardDraft]], refused: Int) -> [AppEffect] {
        guard !groups.isEmpty else {
            return flash(&s, "The model proposed no new cards for “\(title)”" + (refused > 0 ? " (\(refused) refused or already present)" : ""))
        }
        let o = ProposalsOverlay(snippetId: snippetId, title: title, proposals: groups.map(CardProposal.init), refused: refused)
        guard s.overlay == nil else {
            s.pendingProposals = o
            return flash(&s, "Card proposals for “\(title)” are ready — open them with “Show card proposals” (Ctrl-P)")
        }
        s.overlay = .proposals(o)
        return []
    }

    /// Opens proposals that arrived while something else was open.
    static func showPendingProposals(_ s: inout AppState) -> [AppEffect] {
        guard let o = s.pendingProposals else { return flash(&s, "No card proposals waiting — run “Generate cards from this snippet”") }
        s.pendingProposals = nil
        s.overlay = .proposals(o)
        return []
    }

    /// Keeps (stores) or drops the shown proposal, then shows the next undecided one; closes when all are decided.
    static func decideProposal(_ s: inout AppState, keep: Bool) -> [AppEffect] {
        guard case .proposals(var o)? = s.overlay, o.proposals.indices.contains(o.selected),
              o.proposals[o.selected].decision == .pending else { return [] }
        o.proposals[o.selected].decision = keep ? .kept : .dropped
        var fx: [AppEffect] = keep ? [.cards(.saveProposal(snippetId: o.snippetId, title: o.title, drafts: o.proposals[o.selected].drafts))] : []
        o.advance()
        if o.allDecided {
            s.overlay = nil
            fx += flash(&s, "Kept \(o.kept) of \(o.proposals.count) proposed card\(o.proposals.count == 1 ? "" : "s")")
        } else {
            s.overlay = .proposals(o)
        }
        return fx
    }

    /// Starts editing the shown proposal: the question (or cloze text) first, then the answer.
    static func editProposal(_ s: inout AppState) -> [AppEffect] {
        guard case .proposals(var o)? = s.overlay, o.proposals.indices.contains(o.selected),
              o.proposals[o.selected].decision == .pending, let d = o.proposals[o.selected].drafts.first else { return [] }
        o.editing = ProposalEdit(field: .front, input: LineInput(d.front))
        s.overlay = .proposals(o)
        return []
    }

    /// Keys of the proposals overlay: its commands, or (while a side is edited) the line input.
    static func proposalsKey(_ s: inout AppState, _ overlay: ProposalsOverlay, _ k: KeyEvent) -> [AppEffect] {
        var o = overlay
        if var edit = o.editing {
            switch overlayAction(s, .proposals(o), k) {
            case .list(.accept)?: return commitProposalEdit(&s, o, edit)
            case .list(.close)?: o.editing = nil
            default:
                edit.input.handle(k)
                o.editing = edit
            }
            s.overlay = .proposals(o)
            return []
        }
        switch overlayAction(s, .proposals(o), k) {
        case .run(let handler)?: return handler(&s)
        case .list(.up)?: o.selected = max(0, o.selected - 1)
        case .list(.down)?: o.selected = min(o.proposals.count - 1, o.selected + 1)
        case .list(.close)?:
            s.overlay = nil
            let left = o.proposals.filter { $0.decision == .pending }.count
            return flash(&s, "Kept \(o.kept) of \(o.proposals.count) proposed cards" + (left > 0 ? "; \(left) left undecided (not saved)" : ""))
        default: return []
        }
        s.overlay = .proposals(o)
        return []
    }

    /// Applies an edited side to the proposal's cards (a reversed pair's twin and cloze siblings follow).
    static func commitProposalEdit(_ s: inout AppState, _ overlay: ProposalsOverlay, _ edit: ProposalEdit) -> [AppEffect] {
        var o = overlay
        let text = edit.input.text.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return flash(&s, "A card side cannot be empty — type it, or Esc to leave it as it was", error: true) }
        var drafts = o.proposals[o.selected].drafts
        guard let first = drafts.first else { return [] }
        switch (first.kind, edit.field) {
        case (.cloze, _):
            guard let made = try? CardDraft.cloze(text, extra: first.back) else {
                return flash(&s, CardContentError.noCloze.description, error: true)
            }
            drafts = made
            o.editing = nil
        case (.basic, .front), (.reversed, .front):
            drafts[0].front = text
            if drafts.count > 1 { drafts[1].back = text }
            o.editing = ProposalEdit(field: .back, input: LineInput(first.back))
        case (.basic, .back), (.reversed, .back):
            drafts[0].back = text
            if drafts.count > 1 { drafts[1].front = text }
            o.editing = nil
        }
        o.proposals[o.selected].drafts = drafts
        s.overlay = .proposals(o)
        return []
    }
}
