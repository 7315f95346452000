import ArgumentParser

/// `recall bench tui`: Keystroke-to-frame time in the pure update+render path. (not built yet).
struct BenchTUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tui", abstract: "Keystroke-to-frame time in the pure update+render path.")
    @OptionGroup var global: GlobalOptions
    func run() throws { throw ValidationError("`recall bench tui` is not built yet.") }
}
