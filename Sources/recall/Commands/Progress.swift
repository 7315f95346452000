import ArgumentParser

/// `recall progress`: Study progress from todo/partial/done items. (not built yet).
struct ProgressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "progress", abstract: "Study progress from todo/partial/done items.")
    @OptionGroup var global: GlobalOptions
    func run() throws { throw ValidationError("`recall progress` is not built yet.") }
}
