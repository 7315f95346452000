import TUI

extension Commands {
    /// Study status, tags, links and the progress view.
    static let study: [Command] = [
        Command("nav.status", "Cycle study status (none → todo → partial → done)", .navigator) { s in App.navigatorCycleStatus(&s) },
        Command("nav.tags", "Edit the snippet's tags", .navigator) { s in App.navigatorEditTags(&s) },
        Command("edit.status", "Cycle the snippet's study status", .editor) { s in App.editorCycleStatus(&s) },
        Command("edit.tags", "Edit the snippet's tags", .editor) { s in App.editorEditTags(&s) },
        Command("edit.open-url", "Open the web address under the cursor", .editor) { s in App.editorOpenURL(&s) },
        Command("progress.open", "Study progress (items, steps, cards)", .global) { s in App.openProgress(&s) },
        Command("progress.fold-done", "Fold or show done items", .progress, palette: false) { s in App.progressToggleFold(&s) },
        Command("progress.status", "Cycle the selected item's status", .progress, palette: false) { s in App.progressCycleStatus(&s) },
    ]
}
