import Foundation
import TestSupport
import XCTest

/// `recall bench`: every benchmark runs on a tiny size and reports its figures (as JSON and as text), so the
/// benchmarks cannot rot unnoticed. Figures are checked for presence and sanity, never for speed.
final class BenchSmokeCLITests: XCTestCase {
    var cli: RecallCLI!

    override func setUpWithError() throws { cli = try RecallCLI() }
    override func tearDown() { cli?.cleanUp() }

    /// The tiny run of each benchmark, by subcommand name.
    static let tinyRuns: [String: [String]] = [
        "store": ["bench", "store", "--chunks", "200", "--queries", "5"],
        "search": ["bench", "search", "--n", "400", "--dim", "16", "--queries", "3", "--baseline-queries", "1",
                   "--hybrid-n", "300", "--hybrid-dim", "16"],
        "tui": ["bench", "tui", "--keys", "20", "--snippets", "50", "--lines", "50"],
        "editor": ["bench", "editor", "--keystrokes", "5", "--rounds", "1"],
        "import": ["bench", "import", "--files", "40"],
        "revisions": ["bench", "revisions", "--mb", "1", "--saves", "2"],
        "crash": ["bench", "crash", "--rounds", "2", "--seed", "7"],
        "http": ["bench", "http", "--rounds", "3", "--idle-rounds", "1"],
        "ask": ["bench", "ask", "--chunks", "300", "--queries", "5"],
        "run": ["bench", "run", "--rounds", "2"],
        "startup": ["bench", "startup", "--snippets", "300", "--runs", "1"],
    ]

    /// Benches that write files take `--dir` (this test's folder).
    static let takesDir: Set<String> = ["store", "search", "import", "revisions", "crash", "ask", "run", "startup"]

    /// Runs a bench with `--json` and returns its one JSON document.
    func json(_ name: String, env: [String: String] = [:], file: StaticString = #filePath, line: UInt = #line) throws -> Any {
        let args = try arguments(name) + ["--json"]
        let r = try cli.run(args, env: env, deadline: 300)
        XCTAssertEqual(r.status, 0, "\(args): \(r)", file: file, line: line)
        return try r.json(file: file, line: line)
    }

    /// The tiny run's arguments; benches that make a database put it in this test's folder.
    func arguments(_ name: String) throws -> [String] {
        let args = try XCTUnwrap(Self.tinyRuns[name], "no tiny run for bench \(name)")
        return Self.takesDir.contains(name) ? args + ["--dir", cli.root.path] : args
    }

    /// A positive, finite number.
    func assertPositive(_ value: Any?, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        guard let v = value as? Double, v.isFinite, v > 0 else { return XCTFail("\(what) is not a positive number: \(String(describing: value))", file: file, line: line) }
    }

    func testEveryBenchSubcommandHasASmokeRun() throws {
        let help = try cli.ok(["bench", "--help"]).stdout
        let section = try XCTUnwrap(help.components(separatedBy: "SUBCOMMANDS:").last)
        let names = section.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("  "), !line.hasPrefix("   "), let name = line.split(separator: " ").first,
                  name.allSatisfy({ $0.isLowercase || $0 == "-" }) else { return nil }
            return String(name)
        }
        XCTAssertFalse(names.isEmpty, help)
        XCTAssertEqual(Set(names), Set(Self.tinyRuns.keys), "a bench without a smoke run here (or one that is gone)")
    }

    func testStoreBenchReportsImportAndQueryFigures() throws {
        let o = try XCTUnwrap(try json("store") as? [String: Any])
        XCTAssertEqual(o["chunks"] as? Double, 200)
        for key in ["import_seconds", "bare_fts_seconds", "chunks_per_second", "keyword_median_ms", "keyword_p95_ms",
                    "nl_median_ms", "nl_p95_ms", "baseline_nl_median_ms", "baseline_nl_p95_ms"] {
            assertPositive(o[key], key)
        }
        let overlap = try XCTUnwrap(o["nl_top10_overlap"] as? Double)
        XCTAssertTrue((0...1).contains(overlap), "overlap \(overlap)")
        let proven = try XCTUnwrap(o["nl_pruning_proven_share"] as? Double)
        XCTAssertTrue((0...1).contains(proven), "proven share \(proven)")
    }

    func testStoreBenchKeepsItsDatabaseAndReusesItWithoutReimporting() throws {
        let path = cli.root.appendingPathComponent("kept-bench.db").path
        let first = try cli.ok(["bench", "store", "--chunks", "200", "--queries", "3", "--database", path]).stdout
        XCTAssertTrue(first.contains("import: ") && first.contains("chunks/s"), first)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path), "the database was not kept")
        let second = try cli.ok(["bench", "store", "--chunks", "200", "--queries", "3", "--database", path]).stdout
        XCTAssertTrue(second.contains("import: not measured (reused \(path))"), second)
        XCTAssertTrue(second.contains("corpus: 200 chunks"), second)
    }

    func testSearchBenchReportsEveryStorageAndTheHybridFigures() throws {
        let o = try XCTUnwrap(try json("search") as? [String: Any])
        assertPositive(o["read_bandwidth_g_bps"], "read bandwidth")
        let rows = try XCTUnwrap(o["rows"] as? [[String: Any]])
        let storages = rows.compactMap { $0["storage"] as? String }
        XCTAssertEqual(storages.count, rows.count)
        XCTAssertTrue(storages.contains("float32") && storages.contains("baseline-loop"), "\(storages)")
        XCTAssertTrue(storages.contains { $0.hasPrefix("float16") } && storages.contains { $0.hasPrefix("int8") }, "\(storages)")
        for row in rows {
            XCTAssertEqual(row["n"] as? Int, 400)
            XCTAssertEqual(row["dimension"] as? Int, 16)
            assertPositive(row["median_ms"], "median_ms of \(row["storage"] ?? "?")")
            let overlap = try XCTUnwrap(row["overlap_at10"] as? Double)
            XCTAssertTrue((0...1).contains(overlap))
        }
        // The kernel chosen at start is named, and each int8 row says which kernel ran (the Swift one among them)
        let kernel = try XCTUnwrap(o["scan_kernel"] as? String)
        XCTAssertTrue(["portable", "avx2"].contains(kernel), kernel)
        let kernels = rows.compactMap { $0["kernel"] as? String }
        XCTAssertTrue(kernels.contains(kernel) && kernels.contains("swift"), "\(kernels)")
        let hybrid = try XCTUnwrap(o["hybrid"] as? [String: Any])
        XCTAssertEqual(hybrid["chunks"] as? Int, 300)
        for key in ["hybrid_median_ms", "bm25_median_ms", "vector_median_ms", "load_seconds"] { assertPositive(hybrid[key], key) }
    }

    func testSearchBenchRunsTheForcedPortableKernelAndSaysSo() throws {
        // Given the portable kernel forced, as a CPU without AVX2 would get it
        let o = try XCTUnwrap(try json("search", env: ["RECALL_SCAN_KERNEL": "portable"]) as? [String: Any])
        // Then the bench ran it and reports it, with no warning
        XCTAssertEqual(o["scan_kernel"] as? String, "portable")
        XCTAssertNil(o["scan_kernel_warning"] as? String)
        let rows = try XCTUnwrap(o["rows"] as? [[String: Any]])
        XCTAssertEqual(rows.first { $0["storage"] as? String == "int8+rescore" }?["kernel"] as? String, "portable")
        // And an unknown name falls back to the best kernel with a warning naming the variable
        let bad = try XCTUnwrap(try json("search", env: ["RECALL_SCAN_KERNEL": "sse9"]) as? [String: Any])
        XCTAssertTrue((bad["scan_kernel_warning"] as? String ?? "").contains("RECALL_SCAN_KERNEL=sse9"), "\(bad)")
    }

    func testTUIBenchReportsFrameTimesAndTheBaselineRatio() throws {
        let o = try XCTUnwrap(try json("tui") as? [String: Any])
        XCTAssertEqual(o["keystrokes"] as? Int, 20)
        XCTAssertEqual(o["snippets"] as? Int, 50)
        XCTAssertEqual(o["lines"] as? Int, 50)
        for key in ["median_ms", "p99_ms", "baseline_median_ms", "cpu_median_ms", "speedup", "cells_per_frame"] { assertPositive(o[key], key) }
        let full = try XCTUnwrap(o["cells_per_full_frame"] as? Int)
        XCTAssertEqual(full, 160 * 48)
        XCTAssertLessThanOrEqual(try XCTUnwrap(o["cells_per_frame"] as? Double), Double(full))
    }

    func testEditorBenchReportsEachFigureWithARatioAgainstItsBaseline() throws {
        let figures = try XCTUnwrap(try json("editor") as? [[String: Any]])
        XCTAssertEqual(figures.count, 6)
        for f in figures { assertPositive(f["microseconds"], "\(f["name"] ?? "?")") }
        XCTAssertTrue((figures.first?["name"] as? String ?? "").contains("baseline"))
        XCTAssertGreaterThanOrEqual(figures.filter { $0["ratio"] != nil }.count, 4)
    }

    func testHTTPBenchReportsCancelAndIdleFigures() throws {
        let o = try XCTUnwrap(try json("http") as? [String: Any])
        XCTAssertEqual(o["rounds"] as? Int, 3)
        XCTAssertEqual(o["idle_rounds"] as? Int, 1)
        for key in ["baseline_request_median_ms", "cancel_median_ms", "cancel_p95_ms", "cancel_ratio", "idle_fired_median_ms"] { assertPositive(o[key], key) }
        XCTAssertEqual(o["idle_configured_ms"] as? Double, 500)
        // The idle timeout cannot fire before it is due (a little slack for where the two instants are taken).
        XCTAssertGreaterThan(try XCTUnwrap(o["idle_fired_median_ms"] as? Double), 450)
    }

    func testCrashBenchSummaryAddsUp() throws {
        let o = try XCTUnwrap(try json("crash") as? [String: Any])
        XCTAssertEqual(o["rounds"] as? Int, 2)
        XCTAssertEqual(o["seed"] as? Int, 7)
        let outcomes = ["killed", "completed", "failed_commands"].map { o[$0] as? Int ?? -100 }
        XCTAssertEqual(outcomes.reduce(0, +), 2, "every round is killed, completed or failed: \(o)")
        XCTAssertEqual((o["problems"] as? [Any])?.count, 0, "\(o)")
    }

    func testAskBenchReportsTheTimeToTheModelRequestAndItsBaseline() throws {
        let o = try XCTUnwrap(try json("ask") as? [String: Any])
        let rows = try XCTUnwrap(o["rows"] as? [[String: Any]])
        XCTAssertEqual(rows.count, 1)
        XCTAssertEqual(rows[0]["chunks"] as? Int, 300)
        XCTAssertEqual(rows[0]["queries"] as? Int, 5)
        for key in ["median_ms", "p95_ms", "retrieval_median_ms", "prompt_median_ms", "baseline_bm25_median_ms"] { assertPositive(rows[0][key], key) }
        XCTAssertGreaterThan(rows[0]["sources_median"] as? Int ?? 0, 0, "the generated questions find sources")
        XCTAssertNil(o["citations"] as? [String: Any], "citations are measured only with --citations")
    }

    func testRunBenchReportsTheRunnerOverheadOverTheInterpretersStart() throws {
        let o = try XCTUnwrap(try json("run") as? [String: Any])
        XCTAssertEqual(o["rounds"] as? Int, 2)
        let figures = try XCTUnwrap(o["figures"] as? [[String: Any]])
        XCTAssertGreaterThanOrEqual(figures.count, 2)
        for f in figures { assertPositive(f["median_ms"], "median_ms of \(f["name"] ?? "?")") }
        XCTAssertNotNil(figures[1]["over_baseline_ms"] as? Double, "the runner is measured against the interpreter's start")
        XCTAssertNotNil(o["overhead_ms"] as? Double)
        XCTAssertEqual(o["target_ms"] as? Double, 100)
    }

    func testStartupBenchTimesTheAppsFullFrameAndTheFirstOutputOfListAndSearch() throws {
        let o = try XCTUnwrap(try json("startup") as? [String: Any])
        XCTAssertEqual(o["snippets"] as? Int, 300)
        for key in ["version_first_output_ms", "main_ms", "list_first_output_ms", "list_total_ms", "search_first_output_ms",
                    "search_total_ms", "app_full_frame_ms"] { assertPositive(o[key], key) }
        let phases = try XCTUnwrap(o["app_phases_ms"] as? [String: Double])
        // The app reached every phase, in order: loaded, database open, first frame, outline, full frame.
        let order = ["main", "database-open", "resources", "first-frame", "outline-loaded", "full-frame"]
        let times = try order.map { try XCTUnwrap(phases[$0], "phase \($0) missing: \(phases)") }
        XCTAssertEqual(times, times.sorted(), "phases out of order: \(phases)")
        XCTAssertGreaterThanOrEqual(o["list_total_ms"] as? Double ?? 0, o["list_first_output_ms"] as? Double ?? .infinity)
    }

    func testEachBenchPrintsItsFiguresAsText() throws {
        let expected: [String: [String]] = [
            "store": ["import:", "chunks/s", "keyword query", "median", "ratio baseline/ours"],
            "search": ["GB/s", "float32", "int8", "hybrid"],
            "tui": ["incremental:", "baseline", "ratio:", "cells written per frame"],
            "editor": ["keystroke+render", "µs", "×"],
            "import": ["import 10 files:", "import 40 files:", "µs per file", "ratio per-file time 40 vs 10 files", "unchanged re-import of 40 files"],
            "revisions": ["revisions: 2 saves added", "KB per save", "a full copy per revision alone would add", "newest exact"],
            "crash": ["crash test: 2 rounds", "(seed 7)", "problems: 0"],
            "http": ["baseline: one complete small request", "cancel mid-stream → completion", "idle timeout 500 ms → fired after"],
            "ask": ["300 chunks, 5 questions (best of 3 each): question → request ready median", "retrieval (bm25", "BM25 search alone", "× a search"],
            "startup": ["300 snippets", "baseline: recall --version", "recall list:", "recall search --mode bm25:", "app: first full frame", "× the baseline"],
            "run": ["interpreter start (venv python, same file)", "run request → first output (SnippetRunner)", "runner overhead", "target ≤ 100 ms"],
        ]
        for (name, words) in expected {
            let r = try cli.run(try arguments(name), deadline: 300)
            XCTAssertEqual(r.status, 0, "\(name): \(r)")
            for w in words { XCTAssertTrue(r.stdout.contains(w), "bench \(name) text lacks “\(w)”:\n\(r.stdout)") }
            XCTAssertFalse(r.stdout.hasPrefix("{") || r.stdout.hasPrefix("["), "bench \(name) printed JSON without --json")
        }
    }
}
