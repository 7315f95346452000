import ArgumentParser

/// `recall index`: Embed new and changed chunks for vector search. (not built yet).
struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "index", abstract: "Embed new and changed chunks for vector search.")
    @OptionGroup var global: GlobalOptions
    func run() throws { throw ValidationError("`recall index` is not built yet.") }
}
