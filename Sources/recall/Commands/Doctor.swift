import ArgumentParser

/// `recall doctor`: Check the database and the model server. (not built yet).
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "doctor", abstract: "Check the database and the model server.")
    @OptionGroup var global: GlobalOptions
    func run() throws { throw ValidationError("`recall doctor` is not built yet.") }
}
