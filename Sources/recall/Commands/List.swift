import ArgumentParser

/// `recall list`: List projects, notebooks and snippets as a tree. (not built yet).
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List projects, notebooks and snippets as a tree.")
    @OptionGroup var global: GlobalOptions
    func run() throws { throw ValidationError("`recall list` is not built yet.") }
}
