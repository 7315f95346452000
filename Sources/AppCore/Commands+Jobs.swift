import TUI

extension Commands {
    /// The jobs view: open it anywhere, cancel the selected job inside it.
    static let jobs: [Command] = [
        Command("jobs.open", "Background jobs (progress, cancel)", .global) { s in App.openJobs(&s) },
        Command("jobs.cancel", "Cancel the selected job", .jobs, palette: false) { s in App.cancelSelectedJob(&s) },
    ]
}
