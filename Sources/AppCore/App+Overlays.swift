import Notebook
import TUI

extension App {
    /// The palette's entries for a filter, best match first: (command, keys shown).
    public static func paletteEntries(_ s: AppState, filter: String) -> [(command: Command, keys: [KeyEvent])] {
        var scored: [(Command, Int, Int)] = []
        for (i, c) in Commands.palette.enumerated() {
            let a = Fuzzy.score(filter, c.title), b = Fuzzy.score(filter, c.name)
            guard let best = [a, b].compactMap({ $0 }).max() else { continue }
            scored.append((c, best, i))
        }
        if !filter.isEmpty { scored.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.2 < $1.2 } }
        return scored.map { c in
            let chain = c.0.context == .global ? ["global"] : [c.0.context.rawValue, "global"]
            return (c.0, s.keymap.keys(for: c.0.name, in: chain))
        }
    }

    /// What a key does in the open overlay: a list move, a confirmation, or nothing (then it edits the input).
    static func overlayAction(_ s: AppState, _ overlay: Overlay, _ k: KeyEvent) -> CommandAction? {
        s.keymap.command(for: k, in: [overlay.keyContext.rawValue]).flatMap(Commands.named)?.action
    }

    static func handleOverlayKey(_ s: inout AppState, _ overlay: Overlay, _ k: KeyEvent) -> [AppEffect] {
        var list: ListAction?
        if case .list(let a)? = overlayAction(s, overlay, k) { list = a }
        switch overlay {
        case .help(var o):
            switch list {
            case .up?: o.scroll = max(0, o.scroll - 1)
            case .down?: o.scroll += 1
            case .pageUp?: o.scroll = max(0, o.scroll - 10)
            case .pageDown?: o.scroll += 10
            case .close?, .accept?: s.overlay = nil; return []
            case .cycleRanking?, nil:
                if k == .ctrl("q") { return quit(&s) }
            }
            s.overlay = .help(o)
            return []

        case .confirm(let o):
            guard case .confirm(let yes)? = overlayAction(s, overlay, k) else { return [] }
            s.overlay = nil
            guard yes else { return flash(&s, "Kept") }
            switch o.action {
            case .trash(let ref):
                var fx: [AppEffect] = []
                if case .snippet(let id) = ref, s.editor?.doc.id == id { fx += saveIfDirty(&s) }
                return fx + [.store(.trash(ref))]
            case .quitCancellingJobs:
                return quitNow(&s)
            }

        case .jobs(let o):
            return jobsOverlayKey(&s, o, k)

        case .progress(let o):
            return progressOverlayKey(&s, o, k)

        case .report(let o): return reportKey(&s, o, k)

        case .assist(let o):
            return assistOverlayKey(&s, o, k)

        case .search(var o):
            switch list {
            case .up?: o.selected = max(0, o.selected - 1)
            case .down?: o.selected = min(max(0, o.hits.count - 1), o.selected + 1)
            case .pageUp?: o.selected = max(0, o.selected - 10)
            case .pageDown?: o.selected = min(max(0, o.hits.count - 1), o.selected + 10)
            case .close?:
                s.overlay = nil
                return searchLogged(o)
            case .accept?:
                guard o.hits.indices.contains(o.selected) else { return [] }
                let hit = o.hits[o.selected]
                s.overlay = nil
                s.navigator.select(.snippet(hit.snippetId))
                var terms = hit.highlightedTerms
                if terms.isEmpty { terms = o.input.text.lowercased().split(separator: " ").map(String.init) }
                return searchLogged(o) + openSnippet(&s, id: hit.snippetId, focusTerms: terms)
            case .cycleRanking?:
                o.ranking = o.ranking.next
                o.used = nil
                s.overlay = .search(o)
                return startSearch(&s)
            case nil:
                if o.input.handle(k) {
                    s.overlay = .search(o)
                    return startSearch(&s)
                }
            }
            s.overlay = .search(o)
            return []

        case .palette(var o):
            let entries = paletteEntries(s, filter: o.input.text)
            switch list {
            case .up?: o.selected = max(0, o.selected - 1)
            case .down?: o.selected = min(max(0, entries.count - 1), o.selected + 1)
            case .pageUp?: o.selected = max(0, o.selected - 10)
            case .pageDown?: o.selected = min(max(0, entries.count - 1), o.selected + 10)
            case .close?: s.overlay = nil; return []
            case .accept?:
                s.overlay = nil
                guard entries.indices.contains(o.selected) else { return [] }
                return run(&s, entries[o.selected].command)
            case .cycleRanking?, nil:
                if o.input.handle(k) { o.selected = 0 }
            }
            s.overlay = .palette(o)
            return []

        case .picker(var o):
            let items = o.filtered
            switch list {
            case .up?: o.selected = max(0, o.selected - 1)
            case .down?: o.selected = min(max(0, items.count - 1), o.selected + 1)
            case .pageUp?: o.selected = max(0, o.selected - 10)
            case .pageDown?: o.selected = min(max(0, items.count - 1), o.selected + 10)
            case .close?:
                s.overlay = nil
                if case .summaryPlacement(let back) = o.purpose { s.overlay = .assist(back) }  // back to the proposal
                return []
            case .accept?:
                s.overlay = nil
                guard items.indices.contains(o.selected) else { return [] }
                return pickerChosen(&s, o.purpose, items[o.selected].value)
            case .cycleRanking?, nil:
                if o.input.handle(k) { o.selected = 0 }
            }
            s.overlay = .picker(o)
            return []

        case .history(let o): return historyKey(&s, o, k)

        case .proposals(let o): return proposalsKey(&s, o, k)

        case .prompt(var o):
            switch list {
            case .close?: s.overlay = nil; return []
            case .accept?:
                s.overlay = nil
                return acceptPrompt(&s, o)
            default:
                o.input.handle(k)
            }
            s.overlay = .prompt(o)
            return []
        }
    }

    /// A picker's choice.
    static func pickerChosen(_ s: inout AppState, _ purpose: PickerPurpose, _ value: String) -> [AppEffect] {
        switch purpose {
        case .moveSnippet(let id): return [.store(.moveSnippet(id: id, toNotebook: value))]
        case .chatModel:
            s.model = .loading(value)
            return [.model(.chooseChatModel(value))]
        case .askHistory: return askReopen(&s, historyId: value)
        case .saveAnswer: return askSaveChosen(&s, notebookId: value)
        case .assistAction: return assistChosen(&s, value)
        case .arenaProfile(let setup): return arenaProfileChosen(&s, setup, value)
        case .summaryPlacement(let o): return assistPlaced(&s, o, value)
        }
    }

    /// Starts a search for the overlay's current query with a fresh request id.
    static func startSearch(_ s: inout AppState) -> [AppEffect] {
        guard case .search(var o)? = s.overlay else { return [] }
        s.lastRequestId += 1
        o.requestId = s.lastRequestId
        let q = o.input.text.trimmingCharacters(in: .whitespaces)
        if q.isEmpty {
            o.hits = []
            o.pending = false
            s.overlay = .search(o)
            return [.ui(.cancelTimer(.searchIdle))]
        }
        o.pending = true
        s.overlay = .search(o)
        return [.search(.run(query: q, requestId: o.requestId, ranking: o.ranking)),
                .ui(.startTimer(.searchIdle, milliseconds: searchIdleLogMs))]
    }

    static func acceptPrompt(_ s: inout AppState, _ o: PromptOverlay) -> [AppEffect] {
        let text = o.input.text.trimmingCharacters(in: .whitespaces)
        switch o.purpose {
        case .newProject:
            guard !text.isEmpty else { return flash(&s, "A project needs a title", error: true) }
            return [.store(.createProject(title: text))]
        case .newNotebook(let pid):
            guard !text.isEmpty else { return flash(&s, "A notebook needs a title", error: true) }
            return [.store(.createNotebook(projectId: pid, title: text))]
        case .newSnippet(let nid):
            guard !text.isEmpty else { return flash(&s, "A snippet needs a title", error: true) }
            return [.store(.createSnippet(notebookId: nid, title: text, kind: SnippetKind.guess(fromTitle: text)))]
        case .rename(let ref):
            guard !text.isEmpty else { return flash(&s, "A title cannot be empty", error: true) }
            return [.store(.rename(ref, title: text))]
        case .editTags(let id):
            return acceptTags(&s, snippet: id, text: text)
        case .gotoLine, .find, .replaceFind, .replaceWith:
            return acceptEditorPrompt(&s, o.purpose, text: o.input.text)
        case .cardQuestion(let request, let reversed):
            return acceptCardQuestion(&s, request, reversed: reversed, question: text)
        case .packExport, .packImport:
            return acceptPackPrompt(&s, o.purpose, path: text)
        }
    }
}

extension SnippetKind {
    /// A code snippet when the title ends in a source-file extension (`sort.py`), else markdown.
    public static func guess(fromTitle title: String) -> SnippetKind {
        let codeExt = ["swift", "py", "js", "ts", "c", "h", "cpp", "rs", "go", "java", "rb", "sh", "sql", "kt", "lua", "zig", "hs"]
        guard let dot = title.lastIndex(of: "."), dot != title.startIndex else { return .markdown }
        return codeExt.contains(String(title[title.index(after: dot)...]).lowercased()) ? .code : .markdown
    }
}

import Foundation
