import TUI

/// Where each part of the screen goes for a terminal size; shared by update (scrolling) and render.
public struct Layout: Equatable, Sendable {
    /// The navigator column (including its right border).
    public var navigator: Rect
    /// The tab bar above the main panes.
    public var tabs: Rect
    /// The main panes shown, left to right, with their rectangles.
    public var panes: [(Focus, Rect)]
    /// The status line.
    public var status: Rect

    /// Compares layouts (tuples are not Equatable).
    public static func == (a: Layout, b: Layout) -> Bool {
        a.navigator == b.navigator && a.tabs == b.tabs && a.status == b.status
            && a.panes.map(\.0) == b.panes.map(\.0) && a.panes.map(\.1) == b.panes.map(\.1)
    }

    /// Main-area width from which two panes show side by side.
    public static let splitWidth = 100

    /// The layout for a state.
    public static func of(_ s: AppState) -> Layout {
        let full = Rect(x: 0, y: 0, width: s.width, height: s.height)
        let (body, status) = full.splitBottom(1)
        let navWidth = min(36, max(22, s.width / 4))
        let (nav, main) = body.splitLeft(navWidth)
        let (tabs, paneArea) = main.splitTop(1)
        let first = s.focus == .navigator ? s.mainPane : s.focus
        var shown: [Focus] = [first]
        if s.splitEnabled && paneArea.width >= splitWidth {
            shown = first == .editor ? [.editor, .ask] : [.editor, first]
        }
        let rects = paneArea.columns(shown.count)
        return Layout(navigator: nav, tabs: tabs, panes: Array(zip(shown, rects)), status: status)
    }

    /// The rectangle of a pane if it is shown.
    public func rect(of pane: Focus) -> Rect? { panes.first { $0.0 == pane }?.1 }

    /// The text area of a pane: inside its left border and below its title row.
    public static func contentRect(of paneRect: Rect, leftBorder: Bool) -> Rect {
        let x = paneRect.x + (leftBorder ? 1 : 0)
        return Rect(x: x, y: paneRect.y + 1, width: paneRect.maxX - x, height: paneRect.height - 1)
    }
}

extension Layout {
    /// The editor's text area split for the output view: the view takes the lower part (two fifths, at least
    /// 5 rows) when the open snippet has a run to show, else the editor keeps it all.
    public static func runSplit(_ s: AppState, content: Rect) -> (editor: Rect, output: Rect?) {
        guard let r = s.run, let e = s.editor, e.doc.id == r.snippetId, content.height >= 10 else { return (content, nil) }
        let h = max(5, content.height * 2 / 5)
        let (top, bottom) = content.splitBottom(h)
        return (top, bottom)
    }
}
