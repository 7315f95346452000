import ArgumentParser

/// `recall restore`: Restore from the trash, or a snippet to an earlier revision. (not built yet).
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "restore", abstract: "Restore from the trash, or a snippet to an earlier revision.")
    @OptionGroup var global: GlobalOptions
    func run() throws { throw ValidationError("`recall restore` is not built yet.") }
}
