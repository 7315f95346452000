import ArgumentParser

/// `recall import`: Import markdown files and folders. (not built yet).
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "Import markdown files and folders.")
    @OptionGroup var global: GlobalOptions
    func run() throws { throw ValidationError("`recall import` is not built yet.") }
}
