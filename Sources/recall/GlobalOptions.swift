import ArgumentParser

/// Options every command accepts: where the database lives and whether to print JSON.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Path of the SQLite database (default: $RECALL_DB, else $XDG_DATA_HOME/recall/recall.db).")
    var db: String?

    @Flag(name: .long, help: "Print data as JSON on stdout.")
    var json = false
}
