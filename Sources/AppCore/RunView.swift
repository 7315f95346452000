import Execution
import Foundation
import Notebook
import TUI

/// One piece of a line in the output view: text already made safe to draw, its stream and its program colour.
public struct RunSegment: Equatable, Sendable {
    /// The text (control characters shown, never obeyed).
    public var text: String
    /// stdout or stderr.
    public var stream: RunStream
    /// The program's colour (SGR) for it; `.plain` when it set none.
    public var style: Style
}

/// A snippet's last run as saved, to show when the snippet is opened again.
public struct LastRun: Equatable, Sendable {
    /// How it ended.
    public var outcome: RunOutcome
    /// When it started.
    public var startedAt: Date
    /// True when the snippet's text changed since that run.
    public var stale: Bool

    /// Creates a value.
    public init(outcome: RunOutcome, startedAt: Date, stale: Bool) {
        self.outcome = outcome; self.startedAt = startedAt; self.stale = stale
    }
}

/// What a running snippet reports back to the app.
public enum RunUpdate: Equatable, Sendable {
    /// A preparation step ("creating the notebook's Python environment…").
    case step(String)
    /// Output pieces in arrival order.
    case output([OutputChunk])
    /// The program ended (or a limit or the user stopped it); the run is saved.
    case finished(RunOutcome)
    /// It could not run (one line: what happened, what to do).
    case failed(String)
}

/// The output view under a code snippet: the live run (or the last saved one), line by line.
public struct RunView: Equatable, Sendable {
    /// The snippet it belongs to.
    public var snippetId: String
    /// The snippet's title (for messages and the job).
    public var title: String
    /// The request id of the live run (0 for a saved run shown again).
    public var requestId: Int
    /// Lines of output; the last one may still be growing.
    public private(set) var lines: [[RunSegment]] = [[]]
    /// Preparation steps said so far (shown dim above the output).
    public var steps: [String] = []
    /// True while the program runs.
    public var running: Bool
    /// True once cancel was asked for (until it has stopped).
    public var cancelling = false
    /// How it ended (nil while running, or when it could not run).
    public var outcome: RunOutcome?
    /// Why it could not run.
    public var failure: String?
    /// When a saved run shown again started, and whether the text changed since.
    public var saved: (startedAt: Date, stale: Bool)?
    /// When the live run started (for the elapsed time).
    public var startedAt: Date?
    /// True while the view has the keys (cancel, scroll, close).
    public var focused: Bool
    /// Lines scrolled up from the end (0 follows the output).
    public var scrollBack = 0
    /// The program colour in effect at the end of each stream.
    private var sgr: [RunStream: Style] = [:]

    /// A view for a run that starts now.
    public init(snippetId: String, title: String, requestId: Int, startedAt: Date) {
        self.snippetId = snippetId; self.title = title; self.requestId = requestId
        running = true; focused = true; self.startedAt = startedAt
    }

    /// A view of a saved run (not focused).
    public init(snippetId: String, title: String, last: LastRun) {
        self.snippetId = snippetId; self.title = title; requestId = 0
        running = false; focused = false
        outcome = last.outcome
        saved = (last.startedAt, last.stale)
        append(last.outcome.transcript)
    }

    /// Compares views (tuples are not Equatable).
    public static func == (a: RunView, b: RunView) -> Bool {
        a.snippetId == b.snippetId && a.requestId == b.requestId && a.lines == b.lines && a.steps == b.steps
            && a.running == b.running && a.cancelling == b.cancelling && a.outcome == b.outcome && a.failure == b.failure
            && a.saved?.startedAt == b.saved?.startedAt && a.saved?.stale == b.saved?.stale && a.focused == b.focused
            && a.scrollBack == b.scrollBack && a.startedAt == b.startedAt
    }

    /// Most lines kept in the view (the saved run keeps all output up to the runner's cap).
    public static let maxLines = 5000

    /// Adds output: program colours become styles, tabs spaces, other control characters visible text.
    public mutating func append(_ chunks: [OutputChunk]) {
        for chunk in chunks {
            let text = chunk.text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\t", with: "    ")
            let (runs, end) = SGRText.runs(text, from: sgr[chunk.stream] ?? .plain)
            sgr[chunk.stream] = end
            for run in runs {
                let parts = run.text.split(separator: "\n", omittingEmptySubsequences: false)
                for (i, part) in parts.enumerated() {
                    if i > 0 { lines.append([]) }
                    if !part.isEmpty {
                        lines[lines.count - 1].append(RunSegment(text: TerminalText.sanitize(String(part), .line),
                                                                 stream: chunk.stream, style: run.style))
                    }
                }
            }
        }
        if lines.count > Self.maxLines { lines.removeFirst(lines.count - Self.maxLines) }
    }

    /// The lines worth showing (without the empty line after a final newline).
    public var shownLines: [[RunSegment]] {
        if let last = lines.last, last.isEmpty { return Array(lines.dropLast()) }
        return lines
    }

    /// The one-line state for the view's title.
    public func header(now: Date) -> String {
        if let failure { return "could not run: \(failure)" }
        if running {
            let elapsed = startedAt.map { Int(now.timeIntervalSince($0)) } ?? 0
            return cancelling ? "cancelling…" : "running \(elapsed / 60):\(elapsed % 60 < 10 ? "0" : "")\(elapsed % 60)"
        }
        guard let outcome else { return "" }
        if let saved {
            let f = DateFormatter()
            f.dateFormat = "yyyy-MM-dd HH:mm"
            f.timeZone = TimeZone(secondsFromGMT: 0)
            return "last run \(f.string(from: saved.startedAt)) UTC · \(outcome.summary)" + (saved.stale ? " · the snippet changed since" : "")
        }
        return outcome.summary
    }
}
