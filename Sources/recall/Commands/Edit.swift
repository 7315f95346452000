import ArgumentParser

/// `recall edit`: Edit a snippet in $EDITOR; the save becomes a revision. (not built yet).
struct EditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "edit", abstract: "Edit a snippet in $EDITOR; the save becomes a revision.")
    @OptionGroup var global: GlobalOptions
    func run() throws { throw ValidationError("`recall edit` is not built yet.") }
}
