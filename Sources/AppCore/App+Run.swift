import Execution
import Foundation
import Notebook
import TUI

extension App {
    /// F5: runs the open code snippet (its text as it is in the editor) and shows its output under it.
    static func runSnippet(_ s: inout AppState) -> [AppEffect] {
        guard let e = s.editor else { return flash(&s, "Open a code snippet first (Enter in the navigator), then press F5 to run it") }
        guard e.doc.kind == .code else {
            return flash(&s, "“\(e.doc.title)” is markdown — only code snippets run (a section that is one fenced code block)", error: true)
        }
        if let r = s.run, r.running {
            if r.snippetId == e.doc.id { s.run?.focused = true; s.focus = .editor }
            return flash(&s, "“\(r.title)” is still running — Ctrl-C in its output view (or the jobs view, F7) stops it", error: true)
        }
        s.lastRequestId += 1
        let id = s.lastRequestId
        s.run = RunView(snippetId: e.doc.id, title: e.doc.title, requestId: id, startedAt: s.now)
        s.focus = .editor
        s.mainPane = .editor
        clampScrolls(&s)
        return saveIfDirty(&s) + [.run(.start(requestId: id, snippetId: e.doc.id, body: e.text)),
                                  .ui(.startTimer(.runTick, milliseconds: 1000))]
    }

    /// F5 in the navigator: opens the selected snippet and runs it once it is loaded.
    static func navigatorRun(_ s: inout AppState) -> [AppEffect] {
        guard let row = s.navigator.selectedRow, case .snippet(let id) = row.ref else {
            return flash(&s, "Select a code snippet to run")
        }
        if s.editor?.doc.id == id { return runSnippet(&s) }
        s.pendingRun = id
        return openSnippet(&s, id: id, focusTerms: [])
    }

    /// A snippet was opened: run it if F5 asked for that, else show its last run when there is no live one.
    static func runViewForOpened(_ s: inout AppState, _ doc: SnippetDoc) -> [AppEffect] {
        if s.pendingRun == doc.id {
            s.pendingRun = nil
            return runSnippet(&s)
        }
        if let r = s.run, r.snippetId == doc.id { return [] }
        if let r = s.run, !r.running { s.run = nil }
        guard doc.kind == .code else { return [] }
        return [.run(.loadLast(snippetId: doc.id))]
    }

    /// The last saved run arrived: shown under the snippet if it is still open and nothing newer is shown.
    static func lastRunLoaded(_ s: inout AppState, snippetId: String, _ last: LastRun?) -> [AppEffect] {
        guard let last, let e = s.editor, e.doc.id == snippetId else { return [] }
        if let r = s.run, r.running || r.snippetId == snippetId { return [] }
        s.run = RunView(snippetId: snippetId, title: e.doc.title, last: last)
        clampScrolls(&s)
        return []
    }

    /// Output, the end, or a failure of the live run.
    static func runUpdate(_ s: inout AppState, requestId: Int, _ update: RunUpdate) -> [AppEffect] {
        guard var r = s.run, r.requestId == requestId else { return [] }  // a view closed or replaced since
        var fx: [AppEffect] = []
        switch update {
        case .step(let text): r.steps.append(text)
        case .output(let chunks): r.append(chunks)
        case .finished(let outcome):
            r.running = false
            r.cancelling = false
            r.outcome = outcome
            fx = flash(&s, "“\(r.title)”: \(outcome.summary)", error: outcome.killed != nil && outcome.killed != .cancelled)
        case .failed(let message):
            r.running = false
            r.cancelling = false
            r.failure = message
            fx = flash(&s, message, error: true)
        }
        s.run = r
        return fx
    }

    /// Ctrl-C in the output view: stops the run (the whole process group).
    static func runCancel(_ s: inout AppState) -> [AppEffect] {
        guard let r = s.run, r.running else { return flash(&s, "Nothing is running — F5 runs the snippet again, Esc closes the output") }
        guard !r.cancelling else { return [] }
        s.run?.cancelling = true
        return [.run(.cancel(requestId: r.requestId))] + flash(&s, "Stopping “\(r.title)”…")
    }

    /// Esc in the output view: gives the keys back to the editor; a finished run's view closes.
    static func runClose(_ s: inout AppState) -> [AppEffect] {
        guard let r = s.run else { return [] }
        if r.running { s.run?.focused = false } else { s.run = nil }
        clampScrolls(&s)
        return []
    }

    /// Tab in the output view: back to the editor, the view stays.
    static func runLeave(_ s: inout AppState) -> [AppEffect] {
        s.run?.focused = false
        return []
    }

    /// Gives the keys to the output view of the open snippet.
    static func runFocus(_ s: inout AppState) -> [AppEffect] {
        guard let r = s.run, s.editor?.doc.id == r.snippetId else { return flash(&s, "No output to show — F5 runs the snippet") }
        s.run?.focused = true
        s.focus = .editor
        return []
    }

    /// Scrolls the output view by `delta` lines (negative: back in time).
    static func runScroll(_ s: inout AppState, by delta: Int) -> [AppEffect] {
        guard let r = s.run else { return [] }
        let total = r.shownLines.count + r.steps.count
        s.run?.scrollBack = min(max(0, r.scrollBack - delta), max(0, total - 1))
        return []
    }

    /// Rows the output view shows at once (for page keys).
    static func runPage(_ s: AppState) -> Int {
        let layout = Layout.of(s)
        guard let r = layout.rect(of: .editor), let out = Layout.runSplit(s, content: Layout.contentRect(of: r, leftBorder: true)).output else { return 5 }
        return max(1, out.height - 2)
    }
}
