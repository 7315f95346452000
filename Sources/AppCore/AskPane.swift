import TUI

/// The Ask pane's state: questions answered from your notes (filled in by the Ask work).
public struct AskPaneState: Equatable, Sendable {
    /// The model status, as set by a `.modelStatus` message.
    public var modelStatus: String = "offline"

    /// Creates the empty Ask pane.
    public init() {}

    /// True when no model is configured or reachable.
    public var hasModel: Bool { modelStatus != "offline" && !modelStatus.isEmpty }
}

/// Drawing the Ask pane.
public enum AskPane {
    /// Draws the pane's content into `rect` (its text area).
    public static func render(_ state: AskPaneState, keymap: Keymap, into frame: inout Frame, rect: Rect, theme: Theme) {
        let base = theme.style("ui.background")
        let empty = theme.style("ui.empty", over: "ui.background")
        if !state.hasModel {
            let key = keymap.keys(for: "ask.configure-model", in: ["ask"]).first?.description ?? "m"
            let lines = ["No model configured — press \(key)", "", "Ask answers questions from your notes,", "citing the snippets it used."]
            drawCentered(lines, into: &frame, rect: rect, style: empty, first: base.patched(with: theme.style("ui.text.focus")))
        } else {
            drawCentered(["Model: \(state.modelStatus)", "", "Type a question to ask your notes."], into: &frame, rect: rect, style: empty, first: empty)
        }
    }

    /// Draws lines centred in a rectangle (the first line in `first` style).
    static func drawCentered(_ lines: [String], into frame: inout Frame, rect: Rect, style: Style, first: Style) {
        let top = rect.y + max(0, (rect.height - lines.count) / 2)
        for (i, line) in lines.enumerated() where top + i < rect.maxY {
            let w = TextWidth.of(line)
            frame.put(line, x: rect.x + max(0, (rect.width - w) / 2), y: top + i, style: i == 0 ? first : style, maxX: rect.maxX)
        }
    }
}
