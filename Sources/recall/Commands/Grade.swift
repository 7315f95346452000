import ArgumentParser

/// `recall grade`: Grade a card. (not built yet).
struct GradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "grade", abstract: "Grade a card.")
    @OptionGroup var global: GlobalOptions
    func run() throws { throw ValidationError("`recall grade` is not built yet.") }
}
