import ArgumentParser

/// `recall stats`: Review statistics. (not built yet).
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Review statistics.")
    @OptionGroup var global: GlobalOptions
    func run() throws { throw ValidationError("`recall stats` is not built yet.") }
}
