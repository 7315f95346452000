import Foundation

/// When an incremental search counts as a search the user made (D53): the query log gets one entry per
/// search — when a result is opened, when the overlay is left with a query, or when the query stays unchanged for
/// `searchIdleLogMs` — never one per keystroke.
extension App {
    /// Milliseconds a query must stay unchanged before it is logged while the overlay stays open.
    public static let searchIdleLogMs = 2000

    /// The overlay's newest request to log, unless its query is empty or it was logged already.
    static func searchToLog(_ o: SearchOverlay) -> Int? {
        let q = o.input.text.trimmingCharacters(in: .whitespaces)
        return q.isEmpty || o.loggedRequestId == o.requestId ? nil : o.requestId
    }

    /// Leaving the overlay (a result opened, or closed): stop the idle timer and log the search once.
    static func searchLogged(_ o: SearchOverlay) -> [AppEffect] {
        [.ui(.cancelTimer(.searchIdle))] + (searchToLog(o).map { [.search(.log(requestId: $0))] } ?? [])
    }

    /// The query stayed unchanged: log it once, and remember that it was.
    static func searchIdle(_ s: inout AppState) -> [AppEffect] {
        guard case .search(var o)? = s.overlay, let id = searchToLog(o) else { return [] }
        o.loggedRequestId = id
        s.overlay = .search(o)
        return [.search(.log(requestId: id))]
    }
}
