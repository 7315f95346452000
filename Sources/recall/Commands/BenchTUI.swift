import AppCore
import ArgumentParser
import Foundation
import TUI

/// `recall bench tui`: keystroke-to-frame time in the pure update + render + diff path, with 10k snippets in
/// the navigator and a 5,000-line snippet open, against a from-scratch baseline measured in the same run.
struct BenchTUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tui", abstract: "Keystroke-to-frame time in the pure update+render path.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Keystrokes to time.") var keys = 2000
    @Option(help: "Snippets in the navigator.") var snippets = 10_000
    @Option(help: "Lines in the open snippet.") var lines = 5_000

    /// Figures printed (and emitted with --json).
    struct Report: Codable {
        var keystrokes: Int
        var snippets: Int
        var lines: Int
        var medianMs: Double
        var p99Ms: Double
        var baselineMedianMs: Double
        var baselineP99Ms: Double
        var speedup: Double
        var cpuMedianMs: Double
        var cpuP99Ms: Double
        var baselineCPUMedianMs: Double
        var baselineCPUP99Ms: Double
        var cellsPerFrame: Double
        var cellsPerFullFrame: Int
        var targetP99Ms: Double
        var meetsTarget: Bool
        /// Typing a question while an answer streams into the Ask pane at 50 tokens/s (thread-CPU per keystroke).
        var streamingCPUMedianMs: Double
        var streamingCPUP99Ms: Double
        /// The same keystrokes with no answer streaming (baseline in the same run).
        var idleAskCPUMedianMs: Double
        var streamingTokens: Int
        var streamingMeetsTarget: Bool
    }

    func run() throws {
        let outline = Self.outline(snippets: snippets)
        let body = (1...lines).map { "Line \($0): the quick brown fox — 日本語 and é, with a list item and **bold** text." }.joined(separator: "\n")
        let doc = SnippetDoc(id: "s0", title: "Big snippet", kind: .markdown, body: body)
        let theme = Self.theme()
        let keymap = Self.keymap()
        let script = Self.keystrokes(count: keys)
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)

        // Incremental path: one state mutated in place, one frame diffed against the previous one.
        var state = AppState(width: 160, height: 48, keymap: keymap, database: "bench.db")
        _ = App.update(&state, .outlineLoaded(outline), now: t0)
        _ = App.update(&state, .snippetLoaded(doc, focusTerms: []), now: t0)
        _ = App.update(&state, .key(KeyEvent(.pageDown, [])), now: t0)
        var previous = Render.render(state, theme: theme)
        var times: [Double] = []
        var cpuTimes: [Double] = []
        var cells = 0
        for (i, k) in script.enumerated() {
            let cpuStart = Self.threadCPUNanos()
            let start = DispatchTime.now().uptimeNanoseconds
            _ = App.update(&state, .key(k), now: t0.addingTimeInterval(Double(i) * 0.05))
            let frame = Render.render(state, theme: theme)
            let runs = FrameDiff.runs(from: previous, to: frame)
            let end = DispatchTime.now().uptimeNanoseconds
            cpuTimes.append(Double(Self.threadCPUNanos() - cpuStart) / 1e6)
            cells += FrameDiff.cellCount(runs)
            previous = frame
            times.append(Double(end - start) / 1e6)
        }

        // Baseline: rebuild everything from scratch per key (navigator rows, editor layout, full redraw).
        var baseTimes: [Double] = []
        var baseCPU: [Double] = []
        var text = body
        let baseKeys = min(script.count, 200)
        for (i, k) in script.prefix(baseKeys).enumerated() {
            let cpuStart = Self.threadCPUNanos()
            let start = DispatchTime.now().uptimeNanoseconds
            var s = AppState(width: 160, height: 48, keymap: keymap, database: "bench.db")
            _ = App.update(&s, .outlineLoaded(outline), now: t0)
            _ = App.update(&s, .snippetLoaded(SnippetDoc(id: "s0", title: "Big snippet", kind: .markdown, body: text), focusTerms: []), now: t0)
            _ = App.update(&s, .key(KeyEvent(.pageDown, [])), now: t0)
            _ = App.update(&s, .key(k), now: t0.addingTimeInterval(Double(i) * 0.05))
            text = s.editor?.text ?? text
            let frame = Render.render(s, theme: theme)
            let runs = FrameDiff.runs(from: nil, to: frame)
            let end = DispatchTime.now().uptimeNanoseconds
            _ = runs.count
            baseCPU.append(Double(Self.threadCPUNanos() - cpuStart) / 1e6)
            baseTimes.append(Double(end - start) / 1e6)
        }

        let (streamCPU, idleCPU, tokens) = Self.streaming(keys: min(keys, 1000), theme: theme, keymap: keymap, outline: outline, t0: t0)

        let med = Self.percentile(times, 0.5), p99 = Self.percentile(times, 0.99)
        let bmed = Self.percentile(baseTimes, 0.5), bp99 = Self.percentile(baseTimes, 0.99)
        let report = Report(keystrokes: times.count, snippets: outline.snippetCount, lines: lines, medianMs: med, p99Ms: p99,
                            baselineMedianMs: bmed, baselineP99Ms: bp99, speedup: bmed / max(med, 1e-9),
                            cpuMedianMs: Self.percentile(cpuTimes, 0.5), cpuP99Ms: Self.percentile(cpuTimes, 0.99),
                            baselineCPUMedianMs: Self.percentile(baseCPU, 0.5), baselineCPUP99Ms: Self.percentile(baseCPU, 0.99),
                            cellsPerFrame: Double(cells) / Double(max(1, times.count)), cellsPerFullFrame: 160 * 48,
                            targetP99Ms: 5, meetsTarget: Self.percentile(cpuTimes, 0.99) < 5,
                            streamingCPUMedianMs: Self.percentile(streamCPU, 0.5), streamingCPUP99Ms: Self.percentile(streamCPU, 0.99),
                            idleAskCPUMedianMs: Self.percentile(idleCPU, 0.5), streamingTokens: tokens,
                            streamingMeetsTarget: Self.percentile(streamCPU, 0.99) < 5)
        if global.json { try Output.json(report); return }
        print("recall bench tui — pure update + render + frame diff, 160×48, \(report.snippets) snippets in the navigator, \(lines)-line snippet open")
        print(String(format: "  incremental: %d keys   wall median %.3f ms  p99 %.3f ms   thread-CPU median %.3f ms  p99 %.3f ms   (target p99 < 5 ms: %@)",
                     report.keystrokes, med, p99, report.cpuMedianMs, report.cpuP99Ms, report.meetsTarget ? "met" : "MISSED"))
        print(String(format: "  baseline (rebuild tree, editor and full frame per key): %d keys   wall median %.3f ms  p99 %.3f ms   thread-CPU median %.3f ms  p99 %.3f ms",
                     baseTimes.count, bmed, bp99, report.baselineCPUMedianMs, report.baselineCPUP99Ms))
        print("  (wall time includes preemption by other processes on this machine; thread-CPU time is the app's own work)")
        var byKey: [String: [Double]] = [:]
        for (i, k) in script.enumerated() { byKey[k.description, default: []].append(cpuTimes[i]) }
        let slow = byKey.map { ($0.key, Self.percentile($0.value, 0.5)) }.sorted { $0.1 > $1.1 }.prefix(3)
        print("  slowest keys (thread-CPU median): " + slow.map { String(format: "%@ %.3f ms", $0.0, $0.1) }.joined(separator: ", "))
        print(String(format: "  ratio: incremental is %.1f× faster at the median", report.speedup))
        print(String(format: "  cells written per frame: %.1f of %d (%.2f%%)", report.cellsPerFrame, report.cellsPerFullFrame, 100 * report.cellsPerFrame / Double(report.cellsPerFullFrame)))
        print(String(format: "  Ask: typing while an answer streams at 50 tokens/s (%d tokens, frames for tokens too): thread-CPU per keystroke median %.3f ms  p99 %.3f ms (target p99 < 5 ms: %@); no stream %.3f ms median",
                     report.streamingTokens, report.streamingCPUMedianMs, report.streamingCPUP99Ms, report.streamingMeetsTarget ? "met" : "MISSED", report.idleAskCPUMedianMs))
    }

    /// Keystrokes typed into Ask's question box at 20 keys/s while tokens arrive at 50/s (each token message also
    /// renders a frame, as the app does); returns thread-CPU per keystroke (update + render + diff) with the stream
    /// and, as the baseline, with no answer streaming, plus the tokens streamed.
    static func streaming(keys: Int, theme: Theme, keymap: Keymap, outline: Outline, t0: Date) -> ([Double], [Double], Int) {
        let words = ["Retrieval", " ranks", " **chunks**", " by", " BM25", " [1]", " and", " cosine", " similarity", " [2].", "\n\n- item", " `code`", "\n"]
        func run(stream: Bool) -> ([Double], Int) {
            var s = AppState(width: 160, height: 48, keymap: keymap, database: "bench.db")
            _ = App.update(&s, .outlineLoaded(outline), now: t0)
            _ = App.update(&s, .key(KeyEvent(.function(3))), now: t0)
            for c in "Why does hybrid search beat BM25?" { _ = App.update(&s, .key(.char(c)), now: t0) }
            _ = App.update(&s, .key(KeyEvent(.enter)), now: t0)
            let id = s.ask.activeRequest ?? 1
            let sources = (1...8).map { AskSource(n: $0, snippetId: "s\($0)", chunkId: Int64($0), title: "Source \($0)", notebook: "Notebook",
                                                  excerpt: String(repeating: "excerpt words ", count: 12), anchor: "excerpt") }
            _ = App.update(&s, .ask(requestId: id, .sources(sources, mode: .generated, closest: [])), now: t0)
            var previous = Render.render(s, theme: theme)
            var times: [Double] = []
            var tokens = 0
            for i in 0..<keys {
                if stream {
                    // 50 tokens/s against 20 keys/s: 2–3 token frames between keystrokes.
                    for _ in 0..<(i % 2 == 0 ? 2 : 3) {
                        _ = App.update(&s, .ask(requestId: id, .text(words[tokens % words.count])), now: t0)
                        let f = Render.render(s, theme: theme)
                        _ = FrameDiff.runs(from: previous, to: f)
                        previous = f
                        tokens += 1
                    }
                }
                let cpuStart = threadCPUNanos()
                let key: KeyEvent = i % 12 == 11 ? KeyEvent(.backspace) : .char(Character(UnicodeScalar(97 + i % 26)!))
                _ = App.update(&s, .key(key), now: t0)
                let f = Render.render(s, theme: theme)
                _ = FrameDiff.runs(from: previous, to: f)
                previous = f
                times.append(Double(threadCPUNanos() - cpuStart) / 1e6)
            }
            return (times, tokens)
        }
        let (streamed, tokens) = run(stream: true)
        let (idle, _) = run(stream: false)
        return (streamed, idle, tokens)
    }

    /// Typing, moving and deleting, as a person edits.
    static func keystrokes(count: Int) -> [KeyEvent] {
        let pattern: [KeyEvent] = Array("hello wörld 日本 ").map { KeyEvent(.char($0)) }
            + [KeyEvent(.enter), KeyEvent(.up), KeyEvent(.down), KeyEvent(.left), KeyEvent(.right), KeyEvent(.backspace),
               KeyEvent(.end), KeyEvent(.home), KeyEvent(.right, .shift), KeyEvent(.right, .shift), KeyEvent(.char("x"))]
        return (0..<count).map { pattern[$0 % pattern.count] }
    }

    static func outline(snippets: Int) -> Outline {
        let perNotebook = 100, perProject = 10
        var projects: [OutlineProject] = []
        var n = 0
        var p = 0
        while n < snippets {
            var nbs: [OutlineNotebook] = []
            for b in 0..<perProject where n < snippets {
                let count = min(perNotebook, snippets - n)
                nbs.append(OutlineNotebook(id: "n\(p)-\(b)", title: "Notebook \(p).\(b)",
                                           snippets: (0..<count).map { OutlineSnippet(id: "s\(n + $0 + 1)", title: "Snippet \(n + $0 + 1)") }))
                n += count
            }
            projects.append(OutlineProject(id: "p\(p)", title: "Project \(p)", notebooks: nbs))
            p += 1
        }
        return Outline(projects: projects)
    }

    static func theme() -> Theme {
        var files: [String: Theme.File] = [:]
        for (n, t) in EmbeddedDefaults.themes { files[n] = try? Theme.parse(toml: t, fallbackName: n) }
        return (try? Theme.resolve(name: "dark", files: files)) ?? Theme(name: "plain", styles: [:])
    }

    static func keymap() -> Keymap {
        var files: [String: Keymap.File] = [:]
        for (n, t) in EmbeddedDefaults.keymaps { files[n] = try? Keymap.parse(toml: t, fallbackName: n) }
        return (try? Keymap.resolve(name: "default", files: files)) ?? Keymap(name: "default")
    }

    /// CPU time consumed by the calling thread, in nanoseconds.
    static func threadCPUNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    static func percentile(_ xs: [Double], _ q: Double) -> Double {
        guard !xs.isEmpty else { return 0 }
        let s = xs.sorted()
        return s[min(s.count - 1, Int((Double(s.count - 1) * q).rounded()))]
    }
}
