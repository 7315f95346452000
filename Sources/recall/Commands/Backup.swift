import ArgumentParser

/// `recall backup`: Write a consistent snapshot of the database, with rotation. (not built yet).
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "backup", abstract: "Write a consistent snapshot of the database, with rotation.")
    @OptionGroup var global: GlobalOptions
    func run() throws { throw ValidationError("`recall backup` is not built yet.") }
}
