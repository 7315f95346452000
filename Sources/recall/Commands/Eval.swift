import ArgumentParser

/// `recall eval`: Evaluate retrieval quality on a BEIR-layout dataset. (not built yet).
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "eval", abstract: "Evaluate retrieval quality on a BEIR-layout dataset.")
    @OptionGroup var global: GlobalOptions
    func run() throws { throw ValidationError("`recall eval` is not built yet.") }
}
