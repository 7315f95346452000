import ArgumentParser

/// `recall history`: List a snippet's revisions. (not built yet).
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "List a snippet's revisions.")
    @OptionGroup var global: GlobalOptions
    func run() throws { throw ValidationError("`recall history` is not built yet.") }
}
