import ArgumentParser

/// `recall show`: Show one snippet. (not built yet).
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one snippet.")
    @OptionGroup var global: GlobalOptions
    func run() throws { throw ValidationError("`recall show` is not built yet.") }
}
