import TUI

extension Commands {
    /// Global commands: panes, overlays, theme, quit.
    static let app: [Command] = [
        Command("search.open", "Search all snippets", .global) { s in App.openSearch(&s) },
        Command("app.palette", "Command palette", .global, palette: false) { s in
            s.overlay = .palette(PaletteOverlay(input: LineInput(), selected: 0))
            return []
        },
        Command("app.help", "Show keys (help)", .global) { s in
            s.overlay = .help(HelpOverlay(scroll: 0))
            return []
        },
        Command("pane.navigator", "Focus the navigator", .global) { s in App.focus(&s, .navigator) },
        Command("pane.editor", "Focus the editor", .global) { s in App.focus(&s, .editor) },
        Command("pane.ask", "Focus Ask", .global) { s in App.focus(&s, .ask) },
        Command("pane.review", "Focus Review", .global) { s in App.focus(&s, .review) },
        Command("pane.next", "Next pane (navigator, editor, Ask, Review)", .global) { s in App.focus(&s, s.focus.next) },
        Command("pane.back", "Back to the previous pane (e.g. from a cited snippet to the answer)", .global) { s in
            App.focus(&s, s.previousFocus ?? .navigator)
        },
        Command("pane.main", "Focus the main pane", .navigator) { s in App.focus(&s, s.mainPane) },
        Command("pane.toggle-split", "Toggle side-by-side panes", .global) { s in
            s.splitEnabled.toggle()
            App.clampScrolls(&s)
            return []
        },
        Command("theme.next", "Next theme", .global) { _ in [.ui(.nextTheme)] },
        Command("app.redraw", "Redraw the screen", .global) { _ in [.ui(.redraw)] },
        Command("app.suspend", "Suspend to the shell", .navigator) { s in App.saveIfDirty(&s) + [.ui(.suspend)] },
        Command("app.quit", "Quit", .global) { s in App.quit(&s) },
    ]
}

extension Focus {
    /// The pane after this one in the cycle.
    var next: Focus {
        switch self {
        case .navigator: return .editor
        case .editor: return .ask
        case .ask: return .review
        case .review: return .navigator
        }
    }
}
