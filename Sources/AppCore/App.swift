import Foundation
import TUI

/// The app's pure core: `update` applies a message to the state and returns effects to perform.
public enum App {
    /// Milliseconds of quiet after an edit before the snippet is saved.
    public static let autosaveDelayMs = 800
    /// How long a transient status message stays.
    public static let messageMs = 4000

    /// The effects to run at start: load the tree and the due-card summary.
    public static func start(_ state: inout AppState) -> [AppEffect] {
        [.store(.loadOutline), .review(.loadDueSummary)]
    }

    /// Applies one message; returns the effects to perform, in order.
    public static func update(_ s: inout AppState, _ msg: AppMessage, now: Date) -> [AppEffect] {
        s.now = now
        switch msg {
        case .key(let k): return handleKey(&s, k)
        case .paste(let text): return handlePaste(&s, text)
        case .resize(let w, let h):
            s.width = max(0, w)
            s.height = max(0, h)
            clampScrolls(&s)
            return []
        case .timer(.autosave): return saveIfDirty(&s)
        case .timer(.dueRefresh):
            // A card fell due (or a new day began): the count again, which also sets the next wake-up.
            var fx: [AppEffect] = [.review(.loadDueSummary)]
            if s.focus == .review, ReviewPane.showsStats(s.review) { fx.append(.review(.loadStats)) }
            return fx
        case .dueTimer(let ms):
            // No timer when nothing will fall due: the idle app keeps sleeping in poll() without a timeout.
            guard let ms else { return [.ui(.cancelTimer(.dueRefresh))] }
            return [.ui(.startTimer(.dueRefresh, milliseconds: ms))]
        case .timer(.clearMessage):
            s.status.message = nil
            return []
        case .timer(.jobsTick): return jobsTick(&s)
        case .timer(.searchIdle): return searchIdle(&s)
        case .progressLoaded(let projects): return progressLoaded(&s, projects)
        case .timer(.runTick): return s.run?.running == true ? [.ui(.startTimer(.runTick, milliseconds: 1000))] : []
        case .timer(.askTick): return s.ask.awaitsFirstToken ? [.ui(.startTimer(.askTick, milliseconds: 1000))] : []
        case .outlineLoaded(let outline):
            s.navigator.replace(outline: outline)
            var fx: [AppEffect] = []
            if let id = s.pendingOpen {
                s.pendingOpen = nil
                s.navigator.select(.snippet(id))
                fx += openSnippet(&s, id: id, focusTerms: [])
            }
            if let e = s.editor, let t = outline.title(of: .snippet(e.doc.id)) { s.editor?.doc.title = t }
            clampScrolls(&s)
            return fx
        case .snippetLoaded(let doc, let terms):
            var e = EditorPane(doc: doc, modal: s.keymap.modal)
            if !terms.isEmpty { e.placeCursor(atFirstOf: terms) }
            s.editor = e
            let runFx = runViewForOpened(&s, doc)
            if s.focus != .editor { s.previousFocus = s.focus }
            s.focus = .editor
            s.mainPane = .editor
            clampScrolls(&s)
            if s.pendingHistory == doc.id {
                s.pendingHistory = nil
                return runFx + openHistory(&s)
            }
            return runFx
        case .saved(let id, let gen, let hash):
            s.failedSaves[id] = nil
            if s.editor?.doc.id == id { s.editor?.markSaved(generation: gen, hash: hash) }
            return []
        case .saveFailed(let id, let message):
            s.failedSaves[id] = message
            return flash(&s, "Not saved: \(message) — your text is still here; press Ctrl-S to retry", error: true)
        case .saveConflict(let id, let gen, let current): return saveConflict(&s, id: id, generation: gen, current: current)
        case .snippetChangedElsewhere(let doc): return changedElsewhere(&s, doc)
        case .created(let ref):
            if case .snippet(let id) = ref { s.pendingOpen = id }
            s.navigator.reveal(ref)
            return [.store(.loadOutline)]
        case .trashed(let ref, let title):
            s.trashed.append((ref, title))
            if s.trashed.count > 20 { s.trashed.removeFirst() }
            if case .snippet(let id) = ref, s.editor?.doc.id == id { s.editor = nil }
            return [.store(.loadOutline)] + flash(&s, "Moved “\(title)” to the trash — press u to undo")
        case .restored(let ref):
            s.navigator.reveal(ref)
            return [.store(.loadOutline)] + flash(&s, "Restored from the trash")
        case .searchResults(let id, let hits):
            guard case .search(var o)? = s.overlay, o.requestId == id else { return [] }  // stale: dropped
            o.hits = hits
            o.pending = false
            o.error = nil
            o.selected = min(o.selected, max(0, hits.count - 1))
            s.overlay = .search(o)
            return []
        case .searchRanking(let id, let used):
            guard case .search(var o)? = s.overlay, o.requestId == id else { return [] }
            o.used = used
            s.overlay = .search(o)
            return []
        case .searchFailed(let id, let message):
            guard case .search(var o)? = s.overlay, o.requestId == id else { return [] }
            o.pending = false
            o.error = message
            s.overlay = .search(o)
            return []
        case .externalEditFinished(let id, let text):
            guard let text, s.editor?.doc.id == id else { return flash(&s, "$EDITOR left the snippet unchanged") }
            s.editor?.replaceAll(with: text, now: s.now)
            return saveIfDirty(&s) + flash(&s, "Took the snippet back from $EDITOR")
        case .modelChoices(let names, let current):
            guard !names.isEmpty else { return flash(&s, "The server lists no chat models — pull one, e.g. `ollama pull llama3.2`", error: true) }
            let items = names.map { PickerItem(label: $0 == current ? "\($0)  (in use)" : $0, value: $0) }
            s.overlay = .picker(PickerOverlay(title: "Chat model", items: items, input: LineInput(),
                                              selected: names.firstIndex(of: current) ?? 0, purpose: .chatModel))
            return []
        case .indexStatus(let status):
            s.status.index = status
            return []
        case .modelStatus(let m):
            s.model = m
            return []
        case .dueSummary(let count, let next):
            s.status.dueCount = count
            s.status.nextDue = next
            s.review.dueCount = count
            s.review.nextDue = next
            return []
        case .reviewLoaded(let session, let sources, let at): return reviewLoaded(&s, session, sources: sources, at: at)
        case .reviewStats(let stats):
            s.review.stats = stats
            return []
        case .reviewLoadFailed(let m):
            s.review.loading = false
            return flash(&s, m, error: true)
        case .databaseChanged:
            var fx: [AppEffect] = [.store(.loadOutline), .review(.loadDueSummary)]
            if let e = s.editor { fx.append(.store(.checkSnippet(id: e.doc.id, hash: e.doc.contentHash))) }
            return fx
        case .ask(let id, let update): return askUpdate(&s, requestId: id, update)
        case .arena(let id, let update): return arenaUpdate(&s, requestId: id, update)
        case .arenaProfiles(let setup, let listed): return arenaProfilesListed(&s, setup, listed)
        case .askHistory(let entries): return askHistoryLoaded(&s, entries)
        case .revisionsLoaded(let id, let entries): return historyLoaded(&s, snippetId: id, entries)
        case .job(let event): return jobEvent(&s, event)
        case .run(let id, let update): return runUpdate(&s, requestId: id, update)
        case .lastRun(let id, let last): return lastRunLoaded(&s, snippetId: id, last)
        case .assist(let id, let update): return assistUpdate(&s, requestId: id, update)
        case .failure(let m): return flash(&s, m, error: true)
        case .info(let m): return flash(&s, m)
        case .cardsAdded(let m): return cardsAdded(&s, m)
        case .cardProposals(let id, let title, let groups, let refused): return proposalsArrived(&s, id, title, groups, refused: refused)
        case .packReport(let title, let lines, let imported): return packReported(&s, title: title, lines: lines, imported: imported)
        case .packPreview(let path, let lines): return packPreviewed(&s, path: path, lines: lines)
        }
    }

    /// Shows a transient message and schedules its removal.
    static func flash(_ s: inout AppState, _ text: String, error: Bool = false) -> [AppEffect] {
        s.status.message = StatusMessage(text: text, isError: error)
        return [.ui(.startTimer(.clearMessage, milliseconds: messageMs))]
    }

    /// Saves the open snippet if it has unsaved edits.
    /// After a conflict, only an explicit save (Ctrl-S) writes over the other text; other saves keep trying against
    /// the old base, so the store adds the text as another conflict revision and overwrites nothing.
    static func saveIfDirty(_ s: inout AppState, explicit: Bool = false) -> [AppEffect] {
        guard let e = s.editor, e.isDirty || (explicit && e.conflict != nil) else { return [] }
        var base = e.doc.contentHash
        if let theirs = e.conflict {
            guard explicit || s.quitting || !e.isDirty else { return [.ui(.cancelTimer(.autosave))] }
            if explicit { base = theirs }
        }
        return [.ui(.cancelTimer(.autosave)), .store(.saveSnippet(id: e.doc.id, body: e.text, generation: e.generation, basedOn: base, origin: e.saveOrigin))]
    }

    /// After an edit: restart the autosave timer.
    static func edited(_ s: inout AppState) -> [AppEffect] {
        [.ui(.startTimer(.autosave, milliseconds: autosaveDelayMs))]
    }

    /// Opens a snippet (saving the current one first).
    static func openSnippet(_ s: inout AppState, id: String, focusTerms: [String]) -> [AppEffect] {
        if let e = s.editor, e.doc.id == id, focusTerms.isEmpty {
            s.focus = .editor
            s.mainPane = .editor
            return []
        }
        return saveIfDirty(&s) + [.store(.openSnippet(id: id, focusTerms: focusTerms))]
    }

    /// Switches focus; leaving the editor saves it.
    static func focus(_ s: inout AppState, _ f: Focus) -> [AppEffect] {
        var fx: [AppEffect] = []
        if s.focus == .editor && f != .editor { fx += saveIfDirty(&s) }
        if f != s.focus { s.previousFocus = s.focus }
        s.focus = f
        if f != .navigator { s.mainPane = f }
        if f == .review { fx += reviewShown(&s) }
        clampScrolls(&s)
        return fx
    }

    /// Keeps every scroll position valid for the current layout.
    static func clampScrolls(_ s: inout AppState) {
        guard !s.isTooSmall else { return }
        let layout = Layout.of(s)
        s.navigator.scrollToSelection(height: layout.navigator.height - 1)
        if let r = layout.rect(of: .editor) {
            let content = Layout.runSplit(s, content: Layout.contentRect(of: r, leftBorder: true)).editor
            s.editor?.ensureCursorVisible(width: content.width, height: content.height)
        }
    }
}
