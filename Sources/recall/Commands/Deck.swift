import ArgumentParser

/// `recall deck`: Configure a deck's scheduler. (not built yet).
struct DeckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "deck", abstract: "Configure a deck's scheduler.")
    @OptionGroup var global: GlobalOptions
    func run() throws { throw ValidationError("`recall deck` is not built yet.") }
}
