import ArgumentParser
import Execution
import Foundation
import Notebook
import RecallKit

/// `recall bench run`: time from the run request to the first output line of a Python snippet with a warm venv,
/// against the interpreter's own start (the venv's python started directly on the same file) measured in the
/// same run; and the `prlimit` wrapper alternative to the C spawn shim.
struct BenchRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Snippet runner: time to first output vs the interpreter's own start.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Rounds per figure (the median is reported).") var rounds = 20
    @Option(help: "Folder for the scratch workspace and venv (default: a temporary folder, removed after).") var dir: String?

    /// One figure.
    struct Figure: Encodable {
        var name: String
        var medianMs: Double
        var p90Ms: Double
        var overBaselineMs: Double?
    }

    /// The report.
    struct Report: Encodable {
        var rounds: Int
        var python: String
        var figures: [Figure]
        var overheadMs: Double
        var targetMs: Double
        var meetsTarget: Bool
    }

    func validate() throws {
        if rounds < 1 { throw ValidationError("--rounds must be at least 1") }
    }

    func run() throws {
        let temporary = dir == nil
        let root = dir ?? NSTemporaryDirectory() + "recall-bench-run-\(UUID().uuidString.prefix(8))"
        defer { if temporary { try? FileManager.default.removeItem(atPath: root) } }
        let runner = SnippetRunner(dataDirectory: root)
        let now = Date()
        let snippet = Snippet(notebookID: "bench", title: "first line", kind: .code, language: "python",
                              body: "print('ready', flush=True)\n", createdAt: now, updatedAt: now)
        let request = RunRequest(snippet: snippet, notebookSnippets: [snippet])
        // Warm up: creates the venv (not timed) and fills the page cache.
        do { _ = try runner.run(request) } catch let e as RunError { throw CLIError(e.description) }
        let ws = runner.workspace("bench")
        let file = ws.src + "/snippet-" + String(snippet.id.prefix(8)) + ".py"
        let env = RunEnvironment.build(parent: ProcessInfo.processInfo.environment, home: ws.home, tmp: ws.tmp)

        func firstOutput(_ body: (@escaping () -> Void) throws -> Void) rethrows -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            var first: UInt64 = 0
            try body { if first == 0 { first = DispatchTime.now().uptimeNanoseconds } }
            return Double((first == 0 ? DispatchTime.now().uptimeNanoseconds : first) - start) / 1e6
        }
        func direct(_ argv: [String]) throws -> Double {
            try firstOutput { mark in
                _ = try ChildProcess(executable: argv[0], argv: argv, environment: env, directory: ws.work, addressSpace: 0,
                                     cpuSeconds: 0, timeout: 30, outputCap: 1 << 20).run(handle: RunHandle()) { _ in mark() }
            }
        }
        var interpreter: [Double] = [], viaRunner: [Double] = [], viaPrlimit: [Double] = []
        let prlimit = SnippetRunner.which("prlimit", path: env["PATH"] ?? "")
        let limits = RunLimits.defaults
        for _ in 0..<rounds {
            interpreter.append(try direct([ws.python, "-u", file]))
            viaRunner.append(try firstOutput { mark in
                _ = try runner.run(request) { if case .output = $0 { mark() } }
            })
            if let prlimit {
                viaPrlimit.append(try direct([prlimit, "--as=\(limits.memoryBytes)", "--cpu=\(limits.cpuSeconds)", "--core=0",
                                              ws.python, "-u", file]))
            }
        }
        func stats(_ name: String, _ xs: [Double], base: Double?) -> Figure {
            let s = xs.sorted()
            let median = s[s.count / 2]
            return Figure(name: name, medianMs: median, p90Ms: s[min(s.count - 1, Int(Double(s.count) * 0.9))],
                          overBaselineMs: base.map { median - $0 })
        }
        let base = stats("interpreter start (venv python, same file)", interpreter, base: nil)
        var figures = [base, stats("run request → first output (SnippetRunner)", viaRunner, base: base.medianMs)]
        if !viaPrlimit.isEmpty { figures.append(stats("prlimit wrapper → first output", viaPrlimit, base: base.medianMs)) }
        let overhead = figures[1].medianMs - base.medianMs
        let report = Report(rounds: rounds, python: ws.python, figures: figures, overheadMs: overhead, targetMs: 100,
                            meetsTarget: overhead <= 100)
        if global.json { return try Output.json(report) }
        for f in figures {
            let over = f.overBaselineMs.map { String(format: "  (+%.1f ms)", $0) } ?? ""
            print(f.name.padding(toLength: 46, withPad: " ", startingAt: 0) + String(format: "median %7.1f ms  p90 %7.1f ms", f.medianMs, f.p90Ms) + over)
        }
        print(String(format: "runner overhead %.1f ms (target ≤ 100 ms): ", overhead) + (overhead <= 100 ? "met" : "NOT met"))
    }
}
