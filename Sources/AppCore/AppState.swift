import Foundation
import TUI

/// Which part of the screen has the keyboard.
public enum Focus: String, Hashable, Sendable {
    case navigator, editor, ask, review
}

/// A message shown briefly in the status line.
public struct StatusMessage: Equatable, Sendable {
    /// Text.
    public var text: String
    /// Shown in the error style.
    public var isError: Bool
}

/// The status line's fields, each set by a message.
public struct StatusState: Equatable, Sendable {
    /// The database shown (file name or path).
    public var database: String
    /// Cards due now (nil until known).
    public var dueCount: Int?
    /// When the next card is due ("in 3 h"), if none is due now.
    public var nextDue: String?
    /// The transient message, if any.
    public var message: StatusMessage?
    /// Background indexing, nil when there is nothing to say.
    public var index: IndexStatus?
}

/// What background indexing is doing, as the status line's `index` field shows it.
public enum IndexStatus: Hashable, Sendable {
    /// Embedding: chunks done of the run's total.
    case indexing(done: Int, total: Int)
    /// Every chunk is embedded: how many this run embedded, and with which model.
    case ready(chunks: Int, model: String)
    /// Embedding stopped, and why.
    case stopped(String)
    /// The stored vectors are another model's: vector search waits for a rebuild.
    case staleModel

    /// The field's text: in full, or short while a message needs the room.
    public func text(short: Bool) -> String {
        switch self {
        case .indexing(let done, let total):
            return short ? "\(done)/\(total)" : "\(done)/\(total) (\(total > 0 ? done * 100 / total : 100)%)"
        case .ready(let chunks, let model):
            return short ? "ready" : "ready: \(chunks) chunk\(chunks == 1 ? "" : "s") embedded with \(model)"
        case .stopped(let why): return short ? "stopped" : "stopped: \(why)"
        case .staleModel: return short ? "stale" : "stale (other model) — run `recall index --rebuild`"
        }
    }
}

/// The whole state of the full-screen app. `update` changes it; `render` draws it.
public struct AppState: Sendable {
    /// Terminal columns.
    public var width: Int
    /// Terminal rows.
    public var height: Int
    /// The key table (dispatch, help and palette).
    public var keymap: Keymap
    /// Who has the keyboard.
    public var focus: Focus = .navigator
    /// The pane that had the keyboard before (`pane.back` returns there, e.g. from a cited snippet to the answer).
    public var previousFocus: Focus?
    /// The model server's status (status line and Ask pane read it).
    public var model: ModelStatus = .loading(nil)
    /// Saves that failed, by snippet id (the message says why); nothing is lost on quit while one is here.
    public var failedSaves: [String: String] = [:]
    /// The main pane shown first (the last one focused).
    public var mainPane: Focus = .editor
    /// Show two panes side by side when the terminal is wide enough.
    public var splitEnabled = true
    /// The navigator tree.
    public var navigator = NavigatorState()
    /// The open snippet, if any.
    public var editor: EditorPane?
    /// The Ask pane.
    public var ask = AskPaneState()
    /// The Review pane.
    public var review = ReviewPaneState()
    /// The modal overlay, if any.
    public var overlay: Overlay?
    /// Status line fields.
    public var status: StatusState
    /// Background jobs (the jobs view, the status line's count).
    public var jobs = JobList()
    /// Card proposals that arrived while another overlay was open ("Show card proposals" opens them).
    public var pendingProposals: ProposalsOverlay?
    /// The arena's last chosen profiles this session (preselected in the next round's choice).
    public var arenaPair: ArenaPair?
    /// The assistant's side view while the jobs view (F7 from the side view) is drawn over it; it keeps receiving the
    /// stream and comes back when the jobs view closes.
    public var assistBehindJobs: AssistOverlay?
    /// The output view under the open code snippet (a live run, or its last saved run).
    public var run: RunView?
    /// The snippet to run once it is loaded (F5 in the navigator).
    public var pendingRun: String?
    /// Recently trashed nodes, newest last (for undo).
    public var trashed: [(ref: NodeRef, title: String)] = []
    /// The last search request id handed out.
    public var lastRequestId = 0
    /// The internal clipboard register (also sent to the system clipboard by OSC 52).
    public var register: String = ""
    /// The snippet to open once the outline reloads (after creating one).
    public var pendingOpen: String?
    /// The snippet whose history view opens once it is loaded into the editor (history asked from the navigator).
    public var pendingHistory: String?
    /// The time of the message being handled (injected by the caller of `update`; used for undo grouping).
    public var now = Date(timeIntervalSince1970: 0)
    /// Set when the app should exit.
    public var quitting = false

    /// Creates the starting state.
    public init(width: Int, height: Int, keymap: Keymap, database: String) {
        self.width = width
        self.height = height
        self.keymap = keymap
        status = StatusState(database: database)
    }

    /// Below this the app shows a "terminal too small" notice instead of the layout.
    public static let minimumWidth = 60
    /// See `minimumWidth`.
    public static let minimumHeight = 16

    /// True when the terminal is too small for the layout.
    public var isTooSmall: Bool { width < AppState.minimumWidth || height < AppState.minimumHeight }

    /// The keymap contexts consulted for a key, most specific first.
    public var keyContexts: [CommandContext] {
        if let o = overlay { return [o.keyContext] }
        switch focus {
        case .navigator: return [.navigator, .global]
        case .editor:
            if runHasKeys { return [.run, .global] }
            if editor?.normalMode == true { return [.editorNormal, .editor, .global] }
            return [.editor, .global]
        case .ask: return [.ask, .global]
        case .review: return [.review, .global]
        }
    }

    /// True while the output view under the open snippet has the keys (cancel, scroll, close).
    public var runHasKeys: Bool {
        guard let r = run, r.focused, let e = editor else { return false }
        return focus == .editor && e.doc.id == r.snippetId
    }

    /// True when plain printable keys type text instead of running one-key commands (a text box has the focus).
    public var typesText: Bool {
        if overlay != nil { return true }
        switch focus {
        case .editor: return !runHasKeys && (editor.map { !$0.normalMode } ?? false)
        case .ask: return true  // the question box is always there: a printable key types into it
        case .navigator, .review: return false
        }
    }

    /// True when a binding on a plain printable key in `context` is skipped (the key types instead). In Ask, the
    /// pane's own `]` `[` `o` work while the answer has the keys (after Tab); global ones never do.
    public func skipsPrintableBindings(of context: CommandContext) -> Bool {
        if context == .ask { return ask.inputFocused }
        return typesText
    }
}
