import ArgumentParser

/// The `recall` root command: the full-screen app when no subcommand is given, and every scriptable command.
@main
struct Recall: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recall",
        abstract: "A keyboard-driven terminal study notebook: notes, questions answered from them, and spaced-repetition review.",
        version: RecallVersion.string,
        subcommands: [
            TUICommand.self,
            ImportCommand.self, ExportCommand.self, ListCommand.self, ShowCommand.self,
            NewCommand.self, EditCommand.self, RmCommand.self, RestoreCommand.self, HistoryCommand.self,
            SearchCommand.self, BackupCommand.self, PackCommand.self, DoctorCommand.self,
            ModelsCommand.self, ChatCommand.self, AskCommand.self, LogCommand.self, ArenaCommand.self, AssistCommand.self,
            IndexCommand.self, EvalCommand.self,
            CardCommand.self, CardsCommand.self, DeckCommand.self, GradeCommand.self, DueCommand.self,
            StatsCommand.self, ProgressCommand.self,
            RunCommand.self,
            BenchCommand.self,
        ],
        defaultSubcommand: TUICommand.self
    )
}

/// The version printed by `recall --version`: the release number and the git commit of the build.
enum RecallVersion {
    /// The release number.
    static let number = "0.1.0"
    /// `0.1.0 (commit 639d6ee731ff)`; the commit comes from the BuildInfo plugin (scripts/build-info), "unknown"
    /// outside a git checkout and with a `-dirty` suffix when tracked files differed from it.
    static let string = "\(number) (commit \(recallBuildCommit))"
}
