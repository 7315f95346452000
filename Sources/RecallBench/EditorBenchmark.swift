import Foundation
import TextEngine

/// Measurements of the editor core for `recall bench editor`: each figure is timed next to a baseline in the
/// same run so the ratio, not the absolute time, says whether a keystroke costs O(line) rather than O(document).
public enum EditorBenchmark {
    /// One measured figure.
    public struct Figure: Hashable, Sendable, Codable {
        /// What was measured.
        public var name: String
        /// Median time of one operation in microseconds.
        public var microseconds: Double
        /// The time divided by its baseline's (nil for a baseline).
        public var ratio: Double?
    }

    /// A synthetic markdown document of about `bytes` bytes with lines of mixed scripts.
    public static func document(bytes: Int) -> String {
        let lines = ["# Heading with 日本語 and **strong** text", "- [ ] a task item with `code` and a [link](http://x.y)",
                     "Plain prose line, café, naïve → résumé, emoji 👩‍💻 and a flag 🇩🇪 for good measure.",
                     "```python", "def f(x):  # comment", "    return \"\"\"triple\"\"\" + str(x)", "```", ""]
        var out = ""
        out.reserveCapacity(bytes + 200)
        var index = 0
        while out.utf8.count < bytes {
            out += lines[index % lines.count]
            out += "\n"
            index += 1
        }
        return out
    }

    /// Runs the benchmark with an injected clock; `keystrokes` per measurement, median of `rounds`.
    public static func run<C: Clock>(clock: C, keystrokes: Int = 200, rounds: Int = 5) -> [Figure] where C.Duration == Duration {
        let small = document(bytes: 10_000)
        let large = document(bytes: 5_000_000)
        var figures: [Figure] = []

        func median(_ body: () -> Void) -> Double {
            var samples: [Double] = []
            for _ in 0..<rounds {
                let elapsed = clock.measure(body)
                let (seconds, attoseconds) = elapsed.components
                samples.append((Double(seconds) * 1e6 + Double(attoseconds) / 1e12))
            }
            return samples.sorted()[samples.count / 2]
        }

        func typing(_ text: String) -> Double {
            var editor = Editor(text: text, kind: .markdown)
            editor.setViewport(width: 100, height: 40)
            editor.apply(.goToLine(editor.lineCount / 2), now: Date(timeIntervalSince1970: 0))
            var time = 1.0
            let perRound = median {
                for index in 0..<keystrokes {
                    time += 0.05
                    let command: EditorCommand = index % 60 == 59 ? .newline : index % 10 == 9 ? .deleteBackward : .insert("x")
                    editor.apply(command, now: Date(timeIntervalSince1970: time))
                    _ = editor.visibleRows()
                }
            }
            return perRound / Double(keystrokes)
        }

        let smallKey = typing(small)
        figures.append(Figure(name: "keystroke+render, 10 KB document (baseline)", microseconds: smallKey))
        let largeKey = typing(large)
        figures.append(Figure(name: "keystroke+render, 5 MB document", microseconds: largeKey, ratio: largeKey / smallKey))

        let load = median { _ = Editor(text: large, kind: .markdown).lineCount }
        figures.append(Figure(name: "load 5 MB", microseconds: load))
        let editor = Editor(text: large, kind: .markdown)
        let save = median { _ = editor.text.utf8.count }
        figures.append(Figure(name: "save (join) 5 MB", microseconds: save, ratio: save / load))

        let paste = document(bytes: 1_000_000)
        var pasted = editor
        let pasteTime = median {
            pasted = editor
            pasted.apply(.paste(paste), now: Date(timeIntervalSince1970: 0))
        }
        figures.append(Figure(name: "paste 1 MB into 5 MB (one undo step)", microseconds: pasteTime, ratio: pasteTime / load))
        let undoTime = median {
            var copy = pasted
            copy.apply(.undo, now: Date(timeIntervalSince1970: 1))
        }
        figures.append(Figure(name: "undo that paste", microseconds: undoTime, ratio: undoTime / load))
        return figures
    }
}
