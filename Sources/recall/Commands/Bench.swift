import ArgumentParser

/// `recall bench`: Benchmarks: store, search, tui. (not built yet).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", abstract: "Benchmarks: store, search, tui.")
    @OptionGroup var global: GlobalOptions
    func run() throws { throw ValidationError("`recall bench` is not built yet.") }
}
