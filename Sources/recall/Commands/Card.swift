import ArgumentParser

/// `recall card`: Add and manage flashcards. (not built yet).
struct CardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "card", abstract: "Add and manage flashcards.")
    @OptionGroup var global: GlobalOptions
    func run() throws { throw ValidationError("`recall card` is not built yet.") }
}
