import ArgumentParser

/// `recall due`: List the cards due for review. (not built yet).
struct DueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "due", abstract: "List the cards due for review.")
    @OptionGroup var global: GlobalOptions
    func run() throws { throw ValidationError("`recall due` is not built yet.") }
}
