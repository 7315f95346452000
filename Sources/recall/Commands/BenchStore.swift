import ArgumentParser

/// `recall bench store`: Import a generated corpus; report import throughput and BM25 latency. (not built yet).
struct BenchStoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "store", abstract: "Import a generated corpus; report import throughput and BM25 latency.")
    @OptionGroup var global: GlobalOptions
    func run() throws { throw ValidationError("`recall bench store` is not built yet.") }
}
