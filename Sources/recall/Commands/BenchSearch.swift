import ArgumentParser

/// `recall bench search`: Vector index scan speed against memory bandwidth and a plain-loop baseline. (not built yet).
struct BenchSearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "search", abstract: "Vector index scan speed against memory bandwidth and a plain-loop baseline.")
    @OptionGroup var global: GlobalOptions
    func run() throws { throw ValidationError("`recall bench search` is not built yet.") }
}
