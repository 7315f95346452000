import Foundation
import Grounding
import Notebook
import TUI
import TextDiff

/// What the assistant menu (Alt-E) offers: the four actions and Make flashcards.
public enum AssistMenuItem: String, CaseIterable, Hashable, Sendable {
    case summarize, explain, refactor, tests, flashcards

    /// The menu's label.
    public var label: String {
        switch self {
        case .flashcards: return "Make flashcards"
        default: return AssistAction(rawValue: rawValue)!.title
        }
    }
}

extension App {
    /// Alt-E: the assistant menu over the open snippet (or its selection).
    static func openAssistMenu(_ s: inout AppState) -> [AppEffect] {
        guard let e = s.editor else { return noSnippet(&s) }
        let scope = e.editor.selection.isEmpty ? "“\(e.doc.title)”" : "the selection"
        s.overlay = .picker(PickerOverlay(title: "Assistant — \(scope)", items: AssistMenuItem.allCases.map { PickerItem(label: $0.label, value: $0.rawValue) },
                                          input: LineInput(), selected: 0, purpose: .assistAction))
        return []
    }

    /// A menu choice: an action, or the hand-off to the card generator.
    static func assistChosen(_ s: inout AppState, _ value: String) -> [AppEffect] {
        guard let item = AssistMenuItem(rawValue: value) else { return [] }
        if let action = AssistAction(rawValue: item.rawValue) { return startAssist(&s, action) }
        return makeFlashcards(&s)
    }

    /// Make flashcards hands off to the card generator (`cards.generate`: proposals to keep, edit or drop).
    static func makeFlashcards(_ s: inout AppState) -> [AppEffect] {
        guard s.editor != nil else { return noSnippet(&s) }
        return generateCards(&s)
    }

    /// Starts an action on the open snippet, or on its selection when there is one.
    static func startAssist(_ s: inout AppState, _ action: AssistAction) -> [AppEffect] {
        guard let e = s.editor else { return noSnippet(&s) }
        let text = e.text
        var subject = AssistSubject(title: e.doc.title, kind: e.doc.kind, language: e.doc.language, text: text)
        let sel = e.editor.selection
        if !sel.isEmpty {
            let doc = e.editor.document
            let bytes = Array(text.utf8)
            let start = min(bytes.count, doc.utf8Offset(of: sel.range.lower)), end = min(bytes.count, doc.utf8Offset(of: sel.range.upper))
            subject.before = String(decoding: bytes[..<start], as: UTF8.self)
            subject.text = String(decoding: bytes[start..<end], as: UTF8.self)
            subject.after = String(decoding: bytes[end...], as: UTF8.self)
        }
        guard !subject.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return flash(&s, "The snippet is empty — write something for the assistant to work on", error: true)
        }
        s.lastRequestId += 1
        let request = AssistRunRequest(requestId: s.lastRequestId, action: action, snippetId: e.doc.id, subject: subject)
        s.overlay = .assist(AssistOverlay(requestId: request.requestId, action: action, snippetId: e.doc.id, subject: subject))
        return [.assist(.run(request))]
    }

    /// An update of the action the view shows (others are stale and dropped).
    static func assistUpdate(_ s: inout AppState, requestId: Int, _ update: AssistUpdate) -> [AppEffect] {
        if var o = s.assistBehindJobs, o.requestId == requestId {  // under the jobs view: it keeps up, shown on return
            apply(update, to: &o)
            s.assistBehindJobs = o
            return []
        }
        guard case .assist(var o)? = s.overlay, o.requestId == requestId else { return [] }
        apply(update, to: &o)
        s.overlay = .assist(o)
        return []
    }

    /// Applies one update of the action to its side view.
    private static func apply(_ update: AssistUpdate, to o: inout AssistOverlay) {
        switch update {
        case .delta(let text): o.reply += text
        case .finished(let proposal, let model):
            o.phase = .finished(proposal, model: model)
            o.reply = proposal.reply
            o.scroll = 0
        case .failed(let why): o.phase = .failed(why)
        case .cancelled: o.phase = .cancelled
        case .testsRan(let result):
            o.tests = result
            o.pane = .tests
            o.scroll = 0
        }
    }

    /// Keys in the side view: scroll, accept, reject, switch between diff and reply.
    static func assistOverlayKey(_ s: inout AppState, _ o: AssistOverlay, _ k: KeyEvent) -> [AppEffect] {
        var o = o
        switch overlayAction(s, .assist(o), k) {
        case .list(.up)?: o.scroll = max(0, o.scroll - 1)
        case .list(.down)?: o.scroll += 1
        case .list(.pageUp)?: o.scroll = max(0, o.scroll - 10)
        case .list(.pageDown)?: o.scroll += 10
        case .list(.close)?: return assistReject(&s)
        case .run(let handler)?: return handler(&s)
        case .list(.accept)?: return assistAccept(&s)
        case .list(.cycleRanking)?, .confirm?, nil:
            if k == .ctrl("q") { return quit(&s) }
        }
        s.overlay = .assist(o)
        return []
    }

    /// Accept: a replacement becomes the editor's text (one undoable edit) saved as an `assistant` revision; a new
    /// snippet is created next to this one; an explanation just closes.
    static func assistAccept(_ s: inout AppState) -> [AppEffect] {
        guard case .assist(let o)? = s.overlay else { return [] }
        guard let proposal = o.proposal else {
            if case .running = o.phase { return flash(&s, "The assistant is still writing — wait, or press Esc to stop it") }
            s.overlay = nil
            return []
        }
        let places = SummaryPlacement.offered(for: o.subject.kind)
        if o.action == .summarize, places.count > 1, !o.placementChosen {
            let items = places.map { PickerItem(label: $0.label(title: o.subject.title), value: $0.rawValue) }
            s.overlay = .picker(PickerOverlay(title: "Summary — where should it go?", items: items, input: LineInput(), selected: 0,
                                              purpose: .summaryPlacement(o)))
            return []
        }
        switch proposal.change {
        case .none:
            s.overlay = nil
            return []
        case .replaceBody(let body):
            guard let e = s.editor, e.doc.id == o.snippetId, e.text == o.subject.body else {
                s.overlay = nil
                return flash(&s, "The snippet changed since the assistant started — nothing was written; run the action again", error: true)
            }
            s.overlay = nil
            s.editor?.replaceAll(with: body, now: s.now)
            s.editor?.saveOrigin = .assistant
            clampScrolls(&s)
            return saveIfDirty(&s) + flash(&s, "Accepted — saved as an assistant revision (Ctrl-Z undoes it)")
        case .newSnippet(let title, let kind, let language, let body):
            s.overlay = nil
            return [.assist(.create(AssistNewSnippet(sourceSnippetId: o.snippetId, title: title, kind: kind, language: language, body: body)))]
                + flash(&s, "Creating “\(title)” next to “\(o.subject.title)”")
        }
    }

    /// Where the summary goes was chosen: the proposal is placed there and accepted.
    static func assistPlaced(_ s: inout AppState, _ o: AssistOverlay, _ value: String) -> [AppEffect] {
        guard let place = SummaryPlacement(rawValue: value), case .finished(let p, let model) = o.phase else { return [] }
        var o = o
        o.phase = .finished(p.placingSummary(place, subject: o.subject), model: model)
        o.placementChosen = true
        s.overlay = .assist(o)
        return assistAccept(&s)
    }

    /// Reject (or stop while it writes): nothing is written.
    static func assistReject(_ s: inout AppState) -> [AppEffect] {
        guard case .assist(let o)? = s.overlay else { return [] }
        s.overlay = nil
        if case .running = o.phase {
            return [.assist(.cancel(requestId: o.requestId))] + flash(&s, "Stopped the assistant — nothing was written")
        }
        return flash(&s, o.proposal?.change == AssistChange.none || o.proposal == nil ? "Closed" : "Proposal dropped — nothing was written")
    }

    /// Tab in the side view: the diff, the reply, and the tests' output once they ran.
    static func assistToggle(_ s: inout AppState) -> [AppEffect] {
        guard case .assist(var o)? = s.overlay else { return [] }
        switch o.pane {
        case .diff: o.pane = .reply
        case .reply: o.pane = o.tests == nil ? .diff : .tests
        case .tests: o.pane = .diff
        }
        o.scroll = 0
        s.overlay = .assist(o)
        return []
    }

    /// In the side view of generated tests for code: runs the snippet followed by the tests with the snippet runner,
    /// before you accept them.
    static func assistRunTests(_ s: inout AppState) -> [AppEffect] {
        guard case .assist(var o)? = s.overlay else { return [] }
        guard o.action == .tests, o.subject.kind == .code, let p = o.proposal else {
            return flash(&s, "Running applies to generated tests of a code snippet, once they are written")
        }
        if case .running? = o.tests { return flash(&s, "The tests are already running") }
        o.tests = .running
        o.pane = .tests
        s.overlay = .assist(o)
        return [.assist(.runTests(requestId: o.requestId, snippetId: o.snippetId, code: o.subject.body + "\n\n" + p.text))]
    }

    /// The diff rows of a finished, changing proposal (empty otherwise).
    public static func assistDiffRows(_ o: AssistOverlay) -> [DiffRow] {
        guard let p = o.proposal, p.change != .none else { return [] }
        return DiffRow.rows(LineDiff(old: p.baseText(for: o.subject), new: p.text))
    }
}
