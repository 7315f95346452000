import TUI

/// The Review pane's state: flashcards due (filled in by the Review work).
public struct ReviewPaneState: Equatable, Sendable {
    /// Cards due now (nil until known).
    public var dueCount: Int?
    /// When the next card is due ("in 3 h").
    public var nextDue: String?

    /// Creates the empty Review pane.
    public init() {}
}

/// Drawing the Review pane.
public enum ReviewPane {
    /// Draws the pane's content into `rect` (its text area).
    public static func render(_ state: ReviewPaneState, into frame: inout Frame, rect: Rect, theme: Theme) {
        let empty = theme.style("ui.empty", over: "ui.background")
        let focus = theme.style("ui.background").patched(with: theme.style("ui.text.focus"))
        let lines: [String]
        switch (state.dueCount, state.nextDue) {
        case (nil, _): lines = ["No cards yet", "", "Cards made from your snippets show up here."]
        case (0?, let next?): lines = ["No cards due — next due \(next)", "", "Come back then."]
        case (0?, nil): lines = ["No cards due", "", "Add cards from a snippet to start reviewing."]
        case (let n?, _): lines = ["\(n) card\(n == 1 ? "" : "s") due", "", "Reviewing arrives with the Review work."]
        }
        AskPane.drawCentered(lines, into: &frame, rect: rect, style: empty, first: focus)
    }
}
