import ArgumentParser

/// `recall models`: List the models the configured server offers. (not built yet).
struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "models", abstract: "List the models the configured server offers.")
    @OptionGroup var global: GlobalOptions
    func run() throws { throw ValidationError("`recall models` is not built yet.") }
}
