import ArgumentParser
import Foundation
import Notebook
import Store

/// `recall bench startup`: time from starting `recall` to the app's first full frame (navigator filled) and from
/// starting `recall list` / `recall search` to their first output, on a database of generated snippets, against the
/// bare process start (`recall --version`) measured in the same run. Each run is a new process of this binary.
struct BenchStartupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "startup",
        abstract: "Start-up: recall to the app's first full frame, list/search to first output.",
        discussion: """
        The app runs on a pseudo-terminal (160×48) and reports its phases through RECALL_STARTUP_TRACE; the CLI runs \
        are timed from spawn to the first byte on stdout. Targets: full frame ≤ 150 ms at 100k snippets, first output \
        ≤ 30 ms (search in bm25 mode: the vector index load is measured by `recall bench search`).
        """
    )
    @OptionGroup var global: GlobalOptions
    @Option(help: "Snippets in the generated database.") var snippets = 100_000
    @Option(help: "Runs of each command (the median is reported).") var runs = 7
    @Option(help: "Folder for the temporary database (default: the system temp dir).") var dir: String?

    /// Medians in milliseconds. `…CPUMs` is the process's own CPU time: on a loaded machine wall time also holds
    /// the time other processes had the CPU, so both are reported.
    struct Report: Codable {
        var snippets: Int
        var runs: Int
        var buildSeconds: Double
        /// Load average (1 minute) when the runs started.
        var loadAverage: Double
        /// `recall --version`: process start to first output (the floor: loading, linking, runtime start).
        var versionFirstOutputMs: Double
        var versionCPUMs: Double
        /// `main` entered, in the `--version` runs.
        var mainMs: Double
        var listFirstOutputMs: Double
        var listTotalMs: Double
        var listCPUMs: Double
        var searchFirstOutputMs: Double
        var searchTotalMs: Double
        var searchCPUMs: Double
        /// The app's phases, ms from spawn (wall) and the app's CPU time at each.
        var appPhasesMs: [String: Double]
        var appPhasesCPUMs: [String: Double]
        var appFullFrameMs: Double
        var appFullFrameCPUMs: Double
        var fullFrameTargetMs: Double
        var firstOutputTargetMs: Double
        var fullFrameMeetsTarget: Bool
        var firstOutputMeetsTarget: Bool
    }

    func run() throws {
        let base = dir ?? NSTemporaryDirectory()
        let work = (base as NSString).appendingPathComponent("recall-bench-startup-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(atPath: work + "/config", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let path = work + "/startup.db"
        let t0 = Date()
        let word = try Self.buildDatabase(path: path, snippets: snippets)
        let buildSeconds = Date().timeIntervalSince(t0)
        let exe = TUICommand.executablePath(CommandLine.arguments.first ?? "recall")

        var env = ProcessInfo.processInfo.environment
        env["XDG_CONFIG_HOME"] = work + "/config"
        env["OLLAMA_HOST"] = "http://127.0.0.1:9"  // the model probe fails at once; it never delays a frame
        env["RECALL_NO_SAMPLES"] = "1"
        env["NO_COLOR"] = nil
        for k in ["RECALL_DB", "RECALL_HOME", "RECALL_THEME", "RECALL_KEYMAP"] { env[k] = nil }

        var load = [Double](repeating: 0, count: 3)
        _ = getloadavg(&load, 3)
        var version: [StartupProbe.CLIRun] = [], list: [StartupProbe.CLIRun] = [], search: [StartupProbe.CLIRun] = []
        var phases: [StartupPhase: [StartupTrace.Mark]] = [:]
        let trace = work + "/trace"
        for _ in 0..<max(1, runs) {
            version.append(try StartupProbe.firstOutput([exe, "--version"], env: env, trace: trace))
            list.append(try StartupProbe.firstOutput([exe, "list", "--db", path], env: env, trace: trace))
            search.append(try StartupProbe.firstOutput([exe, "search", word, "--mode", "bm25", "--db", path], env: env, trace: trace))
            let marks = try StartupProbe.app([exe, "--db", path], env: env, trace: trace, width: 160, height: 48)
            for (k, v) in marks { phases[k, default: []].append(v) }
        }
        let med = { (xs: [Double]) in BenchTUICommand.percentile(xs, 0.5) }
        let full = med((phases[.fullFrame] ?? []).map(\.wall))
        let firstOut = max(med(list.map(\.first)), med(search.map(\.first)))
        let report = Report(
            snippets: snippets, runs: max(1, runs), buildSeconds: buildSeconds, loadAverage: load[0],
            versionFirstOutputMs: med(version.map(\.first)), versionCPUMs: med(version.map(\.cpu)),
            mainMs: med(version.compactMap { $0.marks[.main]?.wall }),
            listFirstOutputMs: med(list.map(\.first)), listTotalMs: med(list.map(\.total)), listCPUMs: med(list.map(\.cpu)),
            searchFirstOutputMs: med(search.map(\.first)), searchTotalMs: med(search.map(\.total)), searchCPUMs: med(search.map(\.cpu)),
            appPhasesMs: Dictionary(uniqueKeysWithValues: phases.map { ($0.key.rawValue, med($0.value.map(\.wall))) }),
            appPhasesCPUMs: Dictionary(uniqueKeysWithValues: phases.map { ($0.key.rawValue, med($0.value.map(\.cpu))) }),
            appFullFrameMs: full, appFullFrameCPUMs: med((phases[.fullFrame] ?? []).map(\.cpu)),
            fullFrameTargetMs: 150, firstOutputTargetMs: 30,
            fullFrameMeetsTarget: full > 0 && full <= 150, firstOutputMeetsTarget: firstOut <= 30)
        if global.json { try Output.json(report); return }
        let floor = report.versionFirstOutputMs
        print("recall bench startup — \(snippets) snippets, \(report.runs) runs of each (medians; a new process each run; wall ms, then the process's CPU ms); database built in \(String(format: "%.1f", buildSeconds)) s; load average \(String(format: "%.1f", load[0]))")
        print(String(format: "  baseline: recall --version, start to first output %.1f ms, CPU %.1f ms (main entered at %.1f ms: loading, linking, runtime start)", floor, report.versionCPUMs, report.mainMs))
        print(String(format: "  recall list:   first output %.1f ms (%.1f× the baseline), all %.1f ms, CPU %.1f ms", report.listFirstOutputMs, report.listFirstOutputMs / max(floor, 1e-9), report.listTotalMs, report.listCPUMs))
        print(String(format: "  recall search --mode bm25: first output %.1f ms (%.1f× the baseline), all %.1f ms, CPU %.1f ms", report.searchFirstOutputMs, report.searchFirstOutputMs / max(floor, 1e-9), report.searchTotalMs, report.searchCPUMs))
        print(String(format: "  (target: first output ≤ 30 ms: %@)", report.firstOutputMeetsTarget ? "met" : "MISSED"))
        let order = StartupPhase.allCases.compactMap { p in
            report.appPhasesMs[p.rawValue].map { String(format: "%@ %.1f (CPU %.1f)", p.rawValue, $0, report.appPhasesCPUMs[p.rawValue] ?? 0) }
        }
        print("  app (160×48 pseudo-terminal), ms from start: " + order.joined(separator: " · "))
        print(String(format: "  app: first full frame %.1f ms, CPU %.1f ms (%.1f× the baseline; target ≤ 150 ms: %@)", full, report.appFullFrameCPUMs, full / max(floor, 1e-9), report.fullFrameMeetsTarget ? "met" : "MISSED"))
    }

    /// A database of `snippets` short snippets (100 per notebook, 10 notebooks per project); returns the query to
    /// search: a word in one snippet of every thousand (as a user's query names something specific).
    static func buildDatabase(path: String, snippets: Int) throws -> String {
        let db = try AppDatabase(path: path)
        let words = ["retrieval", "ownership", "borrowing", "tokeniser", "gradient", "attention", "cache", "index"]
        var notebooks: [ImportedNotebook] = []
        var batch: [ParsedSnippet] = []
        for i in 0..<snippets {
            let w = words[i % words.count], w2 = words[(i / 7) % words.count]
            batch.append(ParsedSnippet(title: "Snippet \(i) on \(w)", body: "Notes on \(w) and \(w2) (topic\(i % 1000)): item \(i).\n\nA second paragraph about \(w2)."))
            if batch.count == 100 || i == snippets - 1 {
                let n = notebooks.count
                notebooks.append(ImportedNotebook(projectTitle: "Project \(n / 10)", sourceName: "nb-\(n).md",
                                                  notebook: ParsedNotebook(title: "Notebook \(n)", snippets: batch)))
                batch = []
            }
            if notebooks.count == 100 { _ = try db.importNotebooks(notebooks); notebooks = [] }
        }
        if !notebooks.isEmpty { _ = try db.importNotebooks(notebooks) }
        return "topic\(min(421, max(0, snippets - 1)) % 1000)"
    }
}
