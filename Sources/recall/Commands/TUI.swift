import ArgumentParser

/// `recall tui`: Open the full-screen app (the default when no command is given). (not built yet).
struct TUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tui", abstract: "Open the full-screen app (the default when no command is given).")
    @OptionGroup var global: GlobalOptions
    func run() throws { throw ValidationError("`recall tui` is not built yet.") }
}
