import ArgumentParser

/// `recall bench`: benchmarks that print figures and ratios against a baseline measured in the same run.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks: store, search, tui, editor, import, revisions, http, ask, run, startup; and the crash test (crash).",
        subcommands: [BenchStoreCommand.self, BenchSearchCommand.self, BenchTUICommand.self, BenchEditorCommand.self,
                      BenchImportCommand.self, BenchRevisionsCommand.self, BenchHTTPCommand.self, BenchCrashCommand.self,
                      BenchAskCommand.self, BenchRunCommand.self, BenchStartupCommand.self]
    )
}
