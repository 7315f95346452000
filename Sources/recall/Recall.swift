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
            ModelsCommand.self, ChatCommand.self, AskCommand.self, LogCommand.self, ArenaCommand.self,
            IndexCommand.self, EvalCommand.self,
            CardCommand.self, CardsCommand.self, DeckCommand.self, GradeCommand.self, DueCommand.self,
            StatsCommand.self, ProgressCommand.self,
            BenchCommand.self,
        ],
        defaultSubcommand: TUICommand.self
    )
}

/// The version printed by `recall --version`.
enum RecallVersion {
    static let string = "0.1.0"
}
