import ArgumentParser

/// `recall cards`: Generate flashcards from notes with the model. (not built yet).
struct CardsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cards", abstract: "Generate flashcards from notes with the model.")
    @OptionGroup var global: GlobalOptions
    func run() throws { throw ValidationError("`recall cards` is not built yet.") }
}
