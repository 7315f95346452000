import TUI

/// A named command: what the keymap binds, the palette lists and help explains.
public struct AppCommand: Hashable, Sendable {
    /// Name used in keymap files (`nav.new-snippet`).
    public var name: String
    /// What it does, for people.
    public var title: String
    /// The keymap context whose keys are shown for it in the palette.
    public var context: String
}

/// The table of every command. Keymap files can only name commands listed here.
public enum AppCommands {
    /// Every command, in the order the palette lists them.
    public static let all: [AppCommand] = [
        .init(name: "search.open", title: "Search all snippets", context: "global"),
        .init(name: "app.palette", title: "Command palette", context: "global"),
        .init(name: "app.help", title: "Show keys (help)", context: "global"),
        .init(name: "pane.navigator", title: "Focus the navigator", context: "global"),
        .init(name: "pane.editor", title: "Focus the editor", context: "global"),
        .init(name: "pane.ask", title: "Focus Ask", context: "global"),
        .init(name: "pane.review", title: "Focus Review", context: "global"),
        .init(name: "pane.main", title: "Focus the main pane", context: "navigator"),
        .init(name: "pane.toggle-split", title: "Toggle side-by-side panes", context: "global"),
        .init(name: "theme.next", title: "Next theme", context: "global"),
        .init(name: "app.redraw", title: "Redraw the screen", context: "global"),
        .init(name: "app.suspend", title: "Suspend to the shell", context: "navigator"),
        .init(name: "app.quit", title: "Quit", context: "global"),
        .init(name: "nav.up", title: "Navigator: up", context: "navigator"),
        .init(name: "nav.down", title: "Navigator: down", context: "navigator"),
        .init(name: "nav.page-up", title: "Navigator: page up", context: "navigator"),
        .init(name: "nav.page-down", title: "Navigator: page down", context: "navigator"),
        .init(name: "nav.top", title: "Navigator: first row", context: "navigator"),
        .init(name: "nav.bottom", title: "Navigator: last row", context: "navigator"),
        .init(name: "nav.expand", title: "Expand", context: "navigator"),
        .init(name: "nav.collapse", title: "Collapse", context: "navigator"),
        .init(name: "nav.toggle", title: "Expand/collapse", context: "navigator"),
        .init(name: "nav.open", title: "Open snippet", context: "navigator"),
        .init(name: "nav.new-snippet", title: "New snippet", context: "navigator"),
        .init(name: "nav.new-notebook", title: "New notebook", context: "navigator"),
        .init(name: "nav.new-project", title: "New project", context: "navigator"),
        .init(name: "nav.rename", title: "Rename", context: "navigator"),
        .init(name: "nav.move", title: "Move snippet to notebook", context: "navigator"),
        .init(name: "nav.delete", title: "Delete (to trash)", context: "navigator"),
        .init(name: "nav.undo-delete", title: "Undo delete (restore from trash)", context: "navigator"),
        .init(name: "edit.save", title: "Save snippet", context: "editor"),
        .init(name: "edit.undo", title: "Undo", context: "editor"),
        .init(name: "edit.redo", title: "Redo", context: "editor"),
        .init(name: "edit.copy", title: "Copy", context: "editor"),
        .init(name: "edit.cut", title: "Cut", context: "editor"),
        .init(name: "edit.paste", title: "Paste", context: "editor"),
        .init(name: "edit.select-all", title: "Select all", context: "editor"),
        .init(name: "edit.find", title: "Find in snippet", context: "editor"),
        .init(name: "edit.find-next", title: "Find next", context: "editor"),
        .init(name: "edit.find-prev", title: "Find previous", context: "editor"),
        .init(name: "edit.replace", title: "Replace in snippet", context: "editor"),
        .init(name: "edit.goto-line", title: "Go to line", context: "editor"),
        .init(name: "edit.external", title: "Edit in $EDITOR", context: "editor"),
        .init(name: "edit.up", title: "Cursor up", context: "editor"),
        .init(name: "edit.down", title: "Cursor down", context: "editor"),
        .init(name: "edit.left", title: "Cursor left", context: "editor"),
        .init(name: "edit.right", title: "Cursor right", context: "editor"),
        .init(name: "edit.word-left", title: "Word left", context: "editor"),
        .init(name: "edit.word-right", title: "Word right", context: "editor"),
        .init(name: "edit.line-start", title: "Line start", context: "editor"),
        .init(name: "edit.line-end", title: "Line end", context: "editor"),
        .init(name: "edit.doc-start", title: "Start of snippet", context: "editor"),
        .init(name: "edit.doc-end", title: "End of snippet", context: "editor"),
        .init(name: "edit.page-up", title: "Page up", context: "editor"),
        .init(name: "edit.page-down", title: "Page down", context: "editor"),
        .init(name: "edit.select-up", title: "Select up", context: "editor"),
        .init(name: "edit.select-down", title: "Select down", context: "editor"),
        .init(name: "edit.select-left", title: "Select left", context: "editor"),
        .init(name: "edit.select-right", title: "Select right", context: "editor"),
        .init(name: "edit.select-line-start", title: "Select to line start", context: "editor"),
        .init(name: "edit.select-line-end", title: "Select to line end", context: "editor"),
        .init(name: "edit.select-toggle", title: "Start/stop selecting", context: "editor.normal"),
        .init(name: "edit.newline", title: "New line (auto-indent)", context: "editor"),
        .init(name: "edit.backspace", title: "Delete backward", context: "editor"),
        .init(name: "edit.delete", title: "Delete forward", context: "editor"),
        .init(name: "edit.delete-to-line-end", title: "Delete to line end", context: "editor.normal"),
        .init(name: "edit.indent", title: "Indent", context: "editor"),
        .init(name: "edit.dedent", title: "Dedent", context: "editor"),
        .init(name: "edit.open-below", title: "Open line below", context: "editor.normal"),
        .init(name: "edit.open-above", title: "Open line above", context: "editor.normal"),
        .init(name: "mode.insert", title: "Insert mode", context: "editor.normal"),
        .init(name: "mode.append", title: "Append after cursor", context: "editor.normal"),
        .init(name: "mode.append-line-end", title: "Append at line end", context: "editor.normal"),
        .init(name: "mode.insert-line-start", title: "Insert at line start", context: "editor.normal"),
        .init(name: "mode.normal", title: "Normal mode", context: "editor"),
        .init(name: "ask.configure-model", title: "Pick the chat model", context: "ask"),
        .init(name: "review.reveal", title: "Review: show answer", context: "review"),
        .init(name: "review.again", title: "Review: answer Again", context: "review"),
        .init(name: "review.hard", title: "Review: answer Hard", context: "review"),
        .init(name: "review.good", title: "Review: answer Good", context: "review"),
        .init(name: "review.easy", title: "Review: answer Easy", context: "review"),
        .init(name: "review.undo", title: "Review: undo last answer", context: "review"),
        .init(name: "review.open-source", title: "Review: open the card's source snippet", context: "review"),
        .init(name: "review.restart", title: "Review: start a new session", context: "review"),
        .init(name: "list.up", title: "List: up", context: "overlay"),
        .init(name: "list.down", title: "List: down", context: "overlay"),
        .init(name: "list.page-up", title: "List: page up", context: "overlay"),
        .init(name: "list.page-down", title: "List: page down", context: "overlay"),
        .init(name: "list.accept", title: "List: choose", context: "overlay"),
        .init(name: "list.close", title: "Close", context: "overlay"),
        .init(name: "search.mode", title: "Search: cycle ranking (hybrid, bm25, vector)", context: "overlay"),
        .init(name: "confirm.yes", title: "Confirm: yes", context: "confirm"),
        .init(name: "confirm.no", title: "Confirm: no", context: "confirm"),
    ]

    /// Commands by name.
    public static let byName: [String: AppCommand] = Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })

    /// Commands worth running from the palette (list and confirm plumbing left out).
    public static var paletteCommands: [AppCommand] {
        all.filter { !$0.name.hasPrefix("list.") && !$0.name.hasPrefix("confirm.") && $0.name != "app.palette" }
    }

    /// Names a keymap binds that are not commands (so a typo in a keymap file is reported).
    public static func unknownCommands(in keymap: Keymap) -> [String] {
        Set(keymap.allBindings.map(\.command)).filter { byName[$0] == nil }.sorted()
    }
}
