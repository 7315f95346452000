extension Commands {
    /// Running code snippets: F5 in the editor and the navigator; the output view's own keys.
    static let run: [Command] = [
        Command("run.snippet", "Run this code snippet (output under it)", .editor) { s in App.runSnippet(&s) },
        Command("nav.run", "Run the selected code snippet", .navigator) { s in App.navigatorRun(&s) },
        Command("run.focus", "Show the output view (cancel, scroll)", .editor) { s in App.runFocus(&s) },
        Command("run.cancel", "Stop the run (kills its whole process group)", .run, palette: false) { s in App.runCancel(&s) },
        Command("run.close", "Close the output view (or leave it while it runs)", .run, palette: false) { s in App.runClose(&s) },
        Command("run.leave", "Back to the editor (the output stays)", .run, palette: false) { s in App.runLeave(&s) },
        Command("run.rerun", "Run again", .run, palette: false) { s in App.runSnippet(&s) },
        Command("run.up", "Output: scroll up", .run, palette: false) { s in App.runScroll(&s, by: -1) },
        Command("run.down", "Output: scroll down", .run, palette: false) { s in App.runScroll(&s, by: 1) },
        Command("run.page-up", "Output: page up", .run, palette: false) { s in App.runScroll(&s, by: -App.runPage(s)) },
        Command("run.page-down", "Output: page down", .run, palette: false) { s in App.runScroll(&s, by: App.runPage(s)) },
        Command("run.top", "Output: first line", .run, palette: false) { s in App.runScroll(&s, by: -1_000_000) },
        Command("run.bottom", "Output: follow the end", .run, palette: false) { s in App.runScroll(&s, by: 1_000_000) },
    ]
}
