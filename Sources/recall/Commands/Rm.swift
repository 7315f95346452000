import ArgumentParser

/// `recall rm`: Move a snippet, notebook or project to the trash. (not built yet).
struct RmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Move a snippet, notebook or project to the trash.")
    @OptionGroup var global: GlobalOptions
    func run() throws { throw ValidationError("`recall rm` is not built yet.") }
}
