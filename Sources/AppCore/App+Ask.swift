import Foundation
import Grounding
import TUI

/// The Ask pane's handlers: the question box, the streamed answer, citations, scope, history.
extension App {
    /// How many earlier exchanges a follow-up carries.
    static let askThreadContext = 3

    /// A printable key or a paste: it types into the question box (taking the keyboard back from the answer).
    static func askTyped(_ s: inout AppState, _ text: String) -> [AppEffect] {
        s.ask.inputFocused = true
        s.ask.selectedCitation = nil
        s.ask.input.insert(text)
        s.ask.pastIndex = nil
        return []
    }

    /// Editing keys the box understands (backspace, arrows within the line, ctrl-u, …).
    static func askEditKey(_ s: inout AppState, _ k: KeyEvent) -> [AppEffect] {
        guard s.ask.inputFocused else { return [] }
        if s.ask.input.handle(k) { s.ask.pastIndex = nil }
        return []
    }

    /// Enter: asks the question in the box, or opens the selected citation when the answer has the keyboard.
    static func askSubmit(_ s: inout AppState) -> [AppEffect] {
        if !s.ask.inputFocused, s.ask.selectedCitation != nil { return askOpenCitation(&s) }
        let question = s.ask.input.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !question.isEmpty else { return flash(&s, "Type a question, then Enter") }
        s.ask.input = LineInput()
        s.ask.pastIndex = nil
        if s.ask.pastQuestions.last != question { s.ask.pastQuestions.append(question) }
        if s.ask.pastQuestions.count > 200 { s.ask.pastQuestions.removeFirst() }
        return askStart(&s, question: question, anyway: false)
    }

    /// Starts a request (a newer one stops the older).
    static func askStart(_ s: inout AppState, question: String, anyway: Bool) -> [AppEffect] {
        var fx = askStopIfRunning(&s) + arenaStopIfRunning(&s)
        s.ask.arena = nil
        let thread = s.ask.thread.suffix(askThreadContext).filter { $0.mode == .generated || $0.mode == .extractive }
            .map { AskExchange(question: $0.question, answer: $0.answer) }
        s.ask.lastRequest += 1
        let id = s.ask.lastRequest
        var turn = AskTurn(question: question)
        turn.requestId = id
        turn.askedAt = s.now
        s.ask.thread.append(turn)
        if s.ask.thread.count > 50 { s.ask.thread.removeFirst() }
        s.ask.activeRequest = id
        s.ask.selectedCitation = nil
        s.ask.inputFocused = true
        s.ask.scroll = 0
        s.ask.followTail = true
        fx.append(.ask(.ask(AskQuery(requestId: id, question: question, thread: Array(thread), scope: s.ask.scope, anyway: anyway))))
        fx.append(.ui(.startTimer(.askTick, milliseconds: 1000)))
        return fx
    }

    /// Stops the running request, if any; its partial answer stays, marked as stopped.
    static func askStopIfRunning(_ s: inout AppState) -> [AppEffect] {
        guard let id = s.ask.activeRequest else { return [] }
        s.ask.activeRequest = nil
        if let i = s.ask.thread.lastIndex(where: { $0.requestId == id }) { s.ask.thread[i].phase = .stopped }
        return [.ask(.cancel(requestId: id))]
    }

    /// Esc / Ctrl-C: stops the answer at once; with nothing running, gives the keyboard back to the question box.
    static func askStop(_ s: inout AppState) -> [AppEffect] {
        if s.ask.isBusy { return askStopIfRunning(&s) + arenaStopIfRunning(&s) + flash(&s, "Stopped — the partial answer stays") }
        if s.ask.arena != nil {
            s.ask.arena = nil  // back to the thread
            s.ask.inputFocused = true
            return []
        }
        s.ask.inputFocused = true
        s.ask.selectedCitation = nil
        return []
    }

    /// Up/Down: walk earlier questions while the box is empty (or shows one of them); in the answer, scroll.
    static func askWalkPast(_ s: inout AppState, _ step: Int) -> [AppEffect] {
        let walking = s.ask.input.text.isEmpty || s.ask.pastIndex != nil
        guard s.ask.inputFocused, walking, !s.ask.pastQuestions.isEmpty else { return askScroll(&s, by: step) }
        let count = s.ask.pastQuestions.count
        let next = (s.ask.pastIndex ?? count) + step
        if next >= count {
            s.ask.pastIndex = nil
            s.ask.input = LineInput()
        } else {
            let i = max(0, next)
            s.ask.pastIndex = i
            s.ask.input.set(s.ask.pastQuestions[i])
        }
        return []
    }

    /// Scrolls the answer; scrolling up stops following the stream.
    static func askScroll(_ s: inout AppState, by delta: Int) -> [AppEffect] {
        // Scroll from the line shown now (while following the stream that is not `scroll`).
        var shownTop = s.ask.scroll
        if !s.isTooSmall, let pane = Layout.of(s).rect(of: .ask),
           let (_, _, top) = Render.askAnswerView(s, content: Layout.contentRect(of: pane, leftBorder: true)) { shownTop = top }
        s.ask.scroll = max(0, shownTop + delta)
        s.ask.followTail = false
        return []
    }

    /// The citation marks of the shown answer, one stop per number (`[1, 2]` is two stops).
    static func askCitationStops(_ turn: AskTurn) -> [(n: Int, range: Range<Int>)] {
        CitationParser.marks(in: turn.answer).flatMap { m in m.numbers.map { (n: $0, range: m.range) } }
    }

    /// Tab / Shift-Tab (or `]` / `[` in the answer): moves between citations; the answer takes the keyboard.
    static func askCitation(_ s: inout AppState, step: Int) -> [AppEffect] {
        guard let turn = s.ask.current else { return flash(&s, "Ask a question first") }
        let stops = askCitationStops(turn)
        guard !stops.isEmpty else { return flash(&s, turn.answer.isEmpty ? "No answer yet" : "This answer cites no source") }
        s.ask.inputFocused = false
        let current = s.ask.selectedCitation ?? (step > 0 ? -1 : stops.count)
        s.ask.selectedCitation = ((current + step) % stops.count + stops.count) % stops.count
        s.ask.followTail = false
        return []
    }

    /// Opens the selected citation's snippet in the editor with the cited passage selected.
    static func askOpenCitation(_ s: inout AppState) -> [AppEffect] {
        guard let turn = s.ask.current, let sel = s.ask.selectedCitation else { return flash(&s, "Select a citation with Tab first") }
        let stops = askCitationStops(turn)
        guard stops.indices.contains(sel) else { return [] }
        let n = stops[sel].n
        guard let source = turn.sources.first(where: { $0.n == n }) else {
            return flash(&s, "[\(n)] is not one of the sources sent to the model — unverified", error: true)
        }
        s.navigator.select(.snippet(source.snippetId))
        return openSnippet(&s, id: source.snippetId, focusTerms: source.anchor.isEmpty ? [] : [source.anchor])
    }

    /// Cycles the scope: all notes → the project → the notebook of the snippet last open (or selected).
    static func askCycleScope(_ s: inout AppState) -> [AppEffect] {
        let snippetId: String? = s.editor?.doc.id ?? {
            if case .snippet(let id)? = s.navigator.selectedRow?.ref { return id }
            return nil
        }()
        var project: OutlineProject?
        var notebook: OutlineNotebook?
        for p in s.navigator.outline.projects {
            for n in p.notebooks where n.snippets.contains(where: { $0.id == snippetId }) { project = p; notebook = n }
        }
        if snippetId == nil { project = s.navigator.targetProject; notebook = s.navigator.targetNotebook }
        switch s.ask.scope {
        case .all:
            if let p = project { s.ask.scope = .project(id: p.id, title: p.title) } else { return flash(&s, "Open or select a snippet to narrow the scope to its project or notebook") }
        case .project:
            if let n = notebook { s.ask.scope = .notebook(id: n.id, title: n.title) } else { s.ask.scope = .all }
        case .notebook: s.ask.scope = .all
        }
        return flash(&s, "Asking \(s.ask.scope.label)")
    }

    /// Answers the shown question with the model although nothing relevant was found.
    static func askAnyway(_ s: inout AppState) -> [AppEffect] {
        guard let turn = s.ask.current, turn.mode == .nothingFound else { return flash(&s, "Nothing to answer anyway — this key is for answers that found nothing relevant") }
        s.ask.thread.removeLast()
        return askStart(&s, question: turn.question, anyway: true)
    }

    /// Asks the shown question again (after picking another model, say).
    static func askRerun(_ s: inout AppState) -> [AppEffect] {
        guard let turn = s.ask.current else { return flash(&s, "Ask a question first") }
        return askStart(&s, question: turn.question, anyway: false)
    }

    /// Clears the thread: the next question starts a new conversation.
    static func askClear(_ s: inout AppState) -> [AppEffect] {
        let fx = askStopIfRunning(&s) + arenaStopIfRunning(&s)
        s.ask.arena = nil
        s.ask.thread = []
        s.ask.selectedCitation = nil
        s.ask.inputFocused = true
        s.ask.scroll = 0
        return fx + flash(&s, "New conversation")
    }

    /// Loads the saved answers to browse.
    static func askOpenHistory(_ s: inout AppState) -> [AppEffect] {
        [.ask(.loadHistory)] + flash(&s, "Loading saved answers…")
    }

    /// The saved answers arrived: offer them in a picker.
    static func askHistoryLoaded(_ s: inout AppState, _ entries: [AskHistoryEntry]) -> [AppEffect] {
        guard !entries.isEmpty else { return flash(&s, "No saved answers yet — ask a question first") }
        s.ask.history = entries
        let items = entries.map { PickerItem(label: "\($0.when)  \($0.turn.question.replacingOccurrences(of: "\n", with: " "))", value: String($0.id)) }
        s.overlay = .picker(PickerOverlay(title: "Saved answers", items: items, input: LineInput(), selected: 0, purpose: .askHistory))
        return []
    }

    /// Shows a saved answer (it becomes the shown turn; Alt-R asks it again).
    static func askReopen(_ s: inout AppState, historyId: String) -> [AppEffect] {
        guard let id = Int64(historyId), let entry = s.ask.history.first(where: { $0.id == id }) else { return [] }
        let fx = askStopIfRunning(&s)
        s.ask.thread.append(entry.turn)
        s.ask.selectedCitation = nil
        s.ask.scroll = 0
        s.ask.followTail = false
        return fx + focus(&s, .ask)
    }

    /// Saves the shown answer as a new snippet: pick the notebook.
    static func askSave(_ s: inout AppState) -> [AppEffect] {
        guard let turn = s.ask.current, !turn.answer.isEmpty, turn.phase == .done || turn.phase == .stopped else {
            return flash(&s, "No finished answer to save")
        }
        var items: [PickerItem] = []
        for p in s.navigator.outline.projects {
            for n in p.notebooks { items.append(PickerItem(label: "\(p.title) ▸ \(n.title)", value: n.id)) }
        }
        guard !items.isEmpty else { return flash(&s, "Create a notebook first (N in the navigator)", error: true) }
        s.overlay = .picker(PickerOverlay(title: "Save the answer as a snippet in", items: items, input: LineInput(), selected: 0, purpose: .saveAnswer))
        return []
    }

    /// Copies the shown answer as markdown — the question, the answer, its numbered sources — to the terminal's
    /// clipboard (OSC 52) and the editor's paste register, the same text "save" would write.
    static func askCopy(_ s: inout AppState) -> [AppEffect] {
        guard let turn = s.ask.current, !turn.answer.isEmpty, turn.phase == .done || turn.phase == .stopped else {
            return flash(&s, "No finished answer to copy")
        }
        let text = AnswerSnippet.markdown(of: turn)
        s.register = text
        let sources = turn.sources.count == 1 ? "1 source" : "\(turn.sources.count) sources"
        let paste = s.keymap.keys(for: "edit.paste", in: ["editor"]).first.map { " — \($0.description) pastes it in the editor" } ?? ""
        return [.ui(.copyToClipboard(text))] + flash(&s, "Copied the answer and its \(sources)\(paste)")
    }

    /// The notebook for a saved answer was chosen.
    static func askSaveChosen(_ s: inout AppState, notebookId: String) -> [AppEffect] {
        guard let turn = s.ask.current else { return [] }
        return [.ask(.saveAnswer(AnswerToSave(notebookId: notebookId, turn: turn)))]
    }

    /// An update for a request: applied to its turn; updates of requests no turn knows are dropped.
    static func askUpdate(_ s: inout AppState, requestId: Int, _ update: AskUpdate) -> [AppEffect] {
        guard let i = s.ask.thread.lastIndex(where: { $0.requestId == requestId }) else { return [] }
        let live = s.ask.activeRequest == requestId
        switch update {
        case .sources(let sources, let mode, let closest):
            guard live else { return [] }
            s.ask.thread[i].sources = sources
            s.ask.thread[i].mode = mode
            s.ask.thread[i].closest = closest
            s.ask.thread[i].phase = .streaming
        case .text(let t):
            guard live else { return [] }
            s.ask.thread[i].answer += t
        case .finished(let citations, let grounded, let footer, let historyId):
            s.ask.thread[i].citations = citations
            s.ask.thread[i].grounded = grounded
            s.ask.thread[i].footer = footer
            s.ask.thread[i].historyId = historyId
            if live { s.ask.thread[i].phase = .done; s.ask.activeRequest = nil }
        case .stopped(let historyId):
            s.ask.thread[i].historyId = historyId
            s.ask.thread[i].phase = .stopped
            if live { s.ask.activeRequest = nil }
        case .failed(let message):
            s.ask.thread[i].phase = .failed(message)
            if live { s.ask.activeRequest = nil }
        }
        return []
    }
}
