extension Commands {
    /// The navigator's commands.
    static let navigator: [Command] = [
        Command("nav.up", "Navigator: up", .navigator) { s in App.navigatorMove(&s, by: -1) },
        Command("nav.down", "Navigator: down", .navigator) { s in App.navigatorMove(&s, by: 1) },
        Command("nav.page-up", "Navigator: page up", .navigator) { s in App.navigatorMove(&s, by: -App.navigatorPage(s)) },
        Command("nav.page-down", "Navigator: page down", .navigator) { s in App.navigatorMove(&s, by: App.navigatorPage(s)) },
        Command("nav.top", "Navigator: first row", .navigator) { s in App.navigatorMove(&s, by: -s.navigator.rows.count) },
        Command("nav.bottom", "Navigator: last row", .navigator) { s in App.navigatorMove(&s, by: s.navigator.rows.count) },
        Command("nav.expand", "Expand", .navigator) { s in App.navigatorExpand(&s) },
        Command("nav.collapse", "Collapse", .navigator) { s in App.navigatorCollapse(&s) },
        Command("nav.toggle", "Expand/collapse", .navigator) { s in App.navigatorOpen(&s) },
        Command("nav.open", "Open snippet", .navigator) { s in App.navigatorOpen(&s) },
        Command("nav.new-snippet", "New snippet", .navigator) { s in App.navigatorNewSnippet(&s) },
        Command("nav.new-notebook", "New notebook", .navigator) { s in App.navigatorNewNotebook(&s) },
        Command("nav.new-project", "New project", .navigator) { s in App.navigatorNewProject(&s) },
        Command("nav.rename", "Rename", .navigator) { s in App.navigatorRename(&s) },
        Command("nav.move", "Move snippet to notebook", .navigator) { s in App.navigatorMoveSnippet(&s) },
        Command("nav.delete", "Delete (to trash)", .navigator) { s in App.navigatorDelete(&s) },
        Command("nav.undo-delete", "Undo delete (restore from trash)", .navigator) { s in App.navigatorUndoDelete(&s) },
    ]
}
