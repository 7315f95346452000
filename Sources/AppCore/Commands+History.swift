extension Commands {
    /// The history view's own commands (its list moves are the shared `list.*` ones).
    static let history: [Command] = [
        Command("history.open", "History of this snippet (revisions, diff, restore)", .editor) { s in App.openHistory(&s) },
        Command("nav.history", "History of the selected snippet", .navigator) { s in App.navigatorHistory(&s) },
        Command("history.mark", "Mark a revision to diff against", .history, palette: false) { s in App.historyMark(&s) },
        Command("history.diff-current", "Diff a revision against the current text", .history, palette: false) { s in App.historyDiffCurrent(&s) },
        Command("history.restore", "Restore the revision (as a new revision)", .history, palette: false) { s in App.historyRestore(&s) },
    ]
}
