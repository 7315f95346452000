import ArgumentParser

/// `recall export`: Export notebooks back to markdown. (not built yet).
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Export notebooks back to markdown.")
    @OptionGroup var global: GlobalOptions
    func run() throws { throw ValidationError("`recall export` is not built yet.") }
}
