import Foundation
import Notebook
import TUI

/// The progress view's handlers: open (loads the figures), keys, status changes while it is open.
extension App {
    /// Opens the progress view and asks the store for the items, steps and cards.
    static func openProgress(_ s: inout AppState) -> [AppEffect] {
        var fold = false
        if case .progress(let o)? = s.overlay { fold = o.foldDone }
        s.overlay = .progress(ProgressOverlay(foldDone: fold))
        return [.store(.loadProgress)]
    }

    /// The store's answer: fills the view if it is still open.
    static func progressLoaded(_ s: inout AppState, _ projects: [ProgressProject]) -> [AppEffect] {
        guard case .progress(var o)? = s.overlay else { return [] }
        o.projects = projects
        o.selected = o.rows.firstIndex { if case .item = $0 { return true } else { return false } } ?? 0
        s.overlay = .progress(o)
        return []
    }

    /// Keeps an open progress view in step with a status change made anywhere.
    static func progressViewSetStatus(_ s: inout AppState, snippet id: String, _ status: StudyStatus?) {
        guard case .progress(var o)? = s.overlay else { return }
        o.setStatus(snippet: id, status)
        s.overlay = .progress(o)
    }

    /// Folds or unfolds the done items.
    static func progressToggleFold(_ s: inout AppState) -> [AppEffect] {
        guard case .progress(var o)? = s.overlay else { return [] }
        o.toggleFold()
        s.overlay = .progress(o)
        return flash(&s, o.foldDone ? "Done items folded" : "Done items shown")
    }

    /// Cycles the status of the selected item (todo → partial → done; done goes back to todo here, so the item stays).
    static func progressCycleStatus(_ s: inout AppState) -> [AppEffect] {
        guard case .progress(let o)? = s.overlay, let item = o.selectedItem else { return flash(&s, "Select an item to change its status") }
        let next: StudyStatus = StudyStatus.cycled(item.status) ?? .todo
        return setStatus(&s, snippet: item.id, next)
    }

    /// Keys in the progress view: move, open the selected item, fold, status, close.
    static func progressOverlayKey(_ s: inout AppState, _ o: ProgressOverlay, _ k: KeyEvent) -> [AppEffect] {
        var o = o
        switch overlayAction(s, .progress(o), k) {
        case .list(.up)?: o.move(by: -1)
        case .list(.down)?: o.move(by: 1)
        case .list(.pageUp)?: o.move(by: -10)
        case .list(.pageDown)?: o.move(by: 10)
        case .list(.close)?:
            s.overlay = nil
            return []
        case .list(.accept)?:
            guard let item = o.selectedItem else { break }
            s.overlay = nil
            s.navigator.select(.snippet(item.id))
            return openSnippet(&s, id: item.id, focusTerms: [])
        case .run(let handler)?:
            s.overlay = .progress(o)
            return handler(&s)
        case .list(.cycleRanking)?, .confirm?, nil:
            if k == .ctrl("q") { return quit(&s) }
        }
        s.overlay = .progress(o)
        return []
    }
}
