import ArgumentParser

/// `recall search`: Search your notes. (not built yet).
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "search", abstract: "Search your notes.")
    @OptionGroup var global: GlobalOptions
    func run() throws { throw ValidationError("`recall search` is not built yet.") }
}
