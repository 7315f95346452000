import RecallBench
import ArgumentParser
import Foundation
import TextEngine

/// `recall bench editor`: editor-core costs (keystroke + redraw, load/save, big paste and undo) and their ratios
/// against a small document measured in the same run.
struct BenchEditorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "editor", abstract: "Editor core: keystroke, load/save, paste and undo costs on small and 5 MB documents.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Keystrokes per round.") var keystrokes = 200
    @Option(help: "Rounds (the median is reported).") var rounds = 5

    func run() throws {
        let figures = EditorBenchmark.run(clock: ContinuousClock(), keystrokes: keystrokes, rounds: rounds)
        if global.json { try Output.json(figures); return }
        for f in figures {
            let ratio = f.ratio.map { String(format: "  (×%.2f)", $0) } ?? ""
            print(f.name.padding(toLength: 48, withPad: " ", startingAt: 0) + String(format: "%12.1f µs", f.microseconds) + ratio)
        }
    }
}
