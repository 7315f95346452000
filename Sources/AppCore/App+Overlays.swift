import Notebook
import TUI

extension App {
    /// The palette's entries for a filter, best match first: (command, keys shown).
    public static func paletteEntries(_ s: AppState, filter: String) -> [(command: AppCommand, keys: [KeyEvent])] {
        var scored: [(AppCommand, Int, Int)] = []
        for (i, c) in AppCommands.paletteCommands.enumerated() {
            let a = Fuzzy.score(filter, c.title), b = Fuzzy.score(filter, c.name)
            guard let best = [a, b].compactMap({ $0 }).max() else { continue }
            scored.append((c, best, i))
        }
        if !filter.isEmpty { scored.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.2 < $1.2 } }
        return scored.map { c in
            let chain = c.0.context == "global" ? ["global"] : [c.0.context, "global"]
            return (c.0, s.keymap.keys(for: c.0.name, in: chain))
        }
    }

    static func handleOverlayKey(_ s: inout AppState, _ overlay: Overlay, _ k: KeyEvent) -> [AppEffect] {
        let cmd = s.keymap.command(for: k, in: [overlay.keyContext])
        switch overlay {
        case .help(var o):
            switch cmd {
            case "list.up": o.scroll = max(0, o.scroll - 1)
            case "list.down": o.scroll += 1
            case "list.page-up": o.scroll = max(0, o.scroll - 10)
            case "list.page-down": o.scroll += 10
            case "list.close", "list.accept": s.overlay = nil; return []
            default:
                if k == .ctrl("q") { return quit(&s) }
            }
            s.overlay = .help(o)
            return []

        case .confirm(let o):
            switch cmd {
            case "confirm.yes":
                s.overlay = nil
                switch o.action {
                case .trash(let ref):
                    var fx: [AppEffect] = []
                    if case .snippet(let id) = ref, s.editor?.doc.id == id { fx += saveIfDirty(&s) }
                    return fx + [.trash(ref)]
                }
            case "confirm.no":
                s.overlay = nil
                return flash(&s, "Kept")
            default: return []
            }

        case .search(var o):
            switch cmd {
            case "list.up": o.selected = max(0, o.selected - 1)
            case "list.down": o.selected = min(max(0, o.hits.count - 1), o.selected + 1)
            case "list.page-up": o.selected = max(0, o.selected - 10)
            case "list.page-down": o.selected = min(max(0, o.hits.count - 1), o.selected + 10)
            case "list.close": s.overlay = nil; return []
            case "list.accept":
                guard o.hits.indices.contains(o.selected) else { return [] }
                let hit = o.hits[o.selected]
                s.overlay = nil
                s.navigator.select(.snippet(hit.snippetId))
                var terms = hit.highlightedTerms
                if terms.isEmpty { terms = o.input.text.lowercased().split(separator: " ").map(String.init) }
                return openSnippet(&s, id: hit.snippetId, focusTerms: terms)
            case "search.mode":
                o.ranking = o.ranking.next
                o.used = nil
                s.overlay = .search(o)
                return startSearch(&s)
            default:
                if o.input.handle(k) {
                    s.overlay = .search(o)
                    return startSearch(&s)
                }
            }
            s.overlay = .search(o)
            return []

        case .palette(var o):
            let entries = paletteEntries(s, filter: o.input.text)
            switch cmd {
            case "list.up": o.selected = max(0, o.selected - 1)
            case "list.down": o.selected = min(max(0, entries.count - 1), o.selected + 1)
            case "list.page-up": o.selected = max(0, o.selected - 10)
            case "list.page-down": o.selected = min(max(0, entries.count - 1), o.selected + 10)
            case "list.close": s.overlay = nil; return []
            case "list.accept":
                s.overlay = nil
                guard entries.indices.contains(o.selected) else { return [] }
                return run(&s, entries[o.selected].command.name)
            default:
                if o.input.handle(k) { o.selected = 0 }
            }
            s.overlay = .palette(o)
            return []

        case .picker(var o):
            let items = o.filtered
            switch cmd {
            case "list.up": o.selected = max(0, o.selected - 1)
            case "list.down": o.selected = min(max(0, items.count - 1), o.selected + 1)
            case "list.close": s.overlay = nil; return []
            case "list.accept":
                s.overlay = nil
                guard items.indices.contains(o.selected) else { return [] }
                switch o.purpose {
                case .moveSnippet(let id): return [.moveSnippet(id: id, toNotebook: items[o.selected].value)]
                case .chatModel:
                    s.ask.modelStatus = "\(items[o.selected].value) …"
                    return [.chooseChatModel(items[o.selected].value)]
                }
            default:
                if o.input.handle(k) { o.selected = 0 }
            }
            s.overlay = .picker(o)
            return []

        case .prompt(var o):
            switch cmd {
            case "list.close": s.overlay = nil; return []
            case "list.accept":
                s.overlay = nil
                return acceptPrompt(&s, o)
            default:
                o.input.handle(k)
            }
            s.overlay = .prompt(o)
            return []
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
            return []
        }
        o.pending = true
        s.overlay = .search(o)
        return [.search(query: q, requestId: o.requestId, ranking: o.ranking)]
    }

    static func acceptPrompt(_ s: inout AppState, _ o: PromptOverlay) -> [AppEffect] {
        let text = o.input.text.trimmingCharacters(in: .whitespaces)
        switch o.purpose {
        case .newProject:
            guard !text.isEmpty else { return flash(&s, "A project needs a title", error: true) }
            return [.createProject(title: text)]
        case .newNotebook(let pid):
            guard !text.isEmpty else { return flash(&s, "A notebook needs a title", error: true) }
            return [.createNotebook(projectId: pid, title: text)]
        case .newSnippet(let nid):
            guard !text.isEmpty else { return flash(&s, "A snippet needs a title", error: true) }
            return [.createSnippet(notebookId: nid, title: text, kind: SnippetKind.guess(fromTitle: text))]
        case .rename(let ref):
            guard !text.isEmpty else { return flash(&s, "A title cannot be empty", error: true) }
            return [.rename(ref, title: text)]
        case .gotoLine, .find, .replaceFind, .replaceWith:
            return acceptEditorPrompt(&s, o.purpose, text: o.input.text)
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
