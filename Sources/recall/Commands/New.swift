import ArgumentParser

/// `recall new`: Create a project, notebook or snippet. (not built yet).
struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "new", abstract: "Create a project, notebook or snippet.")
    @OptionGroup var global: GlobalOptions
    func run() throws { throw ValidationError("`recall new` is not built yet.") }
}
