import Foundation
import TUI

/// Which notes a question is asked of.
public enum AskScope: Hashable, Sendable {
    /// Every note.
    case all
    /// One project.
    case project(id: String, title: String)
    /// One notebook.
    case notebook(id: String, title: String)

    /// Short label for the pane ("all notes", "project Rust").
    public var label: String {
        switch self {
        case .all: return "all notes"
        case .project(_, let t): return "project “\(t)”"
        case .notebook(_, let t): return "notebook “\(t)”"
        }
    }
}

/// One source given to the model: its number in the prompt and where it came from.
public struct AskSource: Hashable, Sendable {
    /// The number the answer cites (`[n]`).
    public var n: Int
    /// The snippet it came from.
    public var snippetId: String
    /// The chunk it came from.
    public var chunkId: Int64
    /// Snippet title.
    public var title: String
    /// Notebook title.
    public var notebook: String
    /// The excerpt sent to the model.
    public var excerpt: String
    /// The passage's first words in the snippet, for placing the cursor when the source is opened.
    public var anchor: String

    /// Creates a source.
    public init(n: Int, snippetId: String, chunkId: Int64, title: String, notebook: String, excerpt: String, anchor: String) {
        self.n = n; self.snippetId = snippetId; self.chunkId = chunkId
        self.title = title; self.notebook = notebook; self.excerpt = excerpt; self.anchor = anchor
    }
}

/// A checked citation: a `[n]` in the answer and whether it names a source that was really sent.
public struct AskCitation: Hashable, Sendable {
    /// The number cited.
    public var n: Int
    /// The source was among those sent.
    public var verified: Bool
    /// The citing sentence shares no content word with the source.
    public var weak: Bool

    /// Creates a citation.
    public init(n: Int, verified: Bool, weak: Bool) { self.n = n; self.verified = verified; self.weak = weak }
}

/// How an answer was made.
public enum AskAnswerMode: String, Hashable, Sendable {
    /// Written by the model from the sources.
    case generated
    /// The best-matching sentences of the sources (no model).
    case extractive
    /// Retrieval found nothing relevant; no model was asked.
    case nothingFound = "nothing-found"
}

/// Where one answer is.
public enum AskPhase: Hashable, Sendable {
    /// Finding sources.
    case retrieving
    /// The model is writing.
    case streaming
    /// Complete.
    case done
    /// Stopped by the user; the partial answer stays.
    case stopped
    /// Failed (the message says why and what to do).
    case failed(String)
}

/// The footer line: how the answer was made.
public struct AskFooter: Hashable, Sendable {
    /// Retrieval mode used (hybrid, bm25, vector) and why it fell back, if it did.
    public var retrieval: String
    /// The model that answered (nil for extractive answers).
    public var model: String?
    /// Time to the first token, in milliseconds.
    public var firstTokenMs: Int?
    /// Generation speed.
    public var tokensPerSecond: Double?
    /// Sources were trimmed to fit the model's context.
    public var trimmed: Bool

    /// Creates a footer.
    public init(retrieval: String, model: String?, firstTokenMs: Int?, tokensPerSecond: Double?, trimmed: Bool) {
        self.retrieval = retrieval; self.model = model; self.firstTokenMs = firstTokenMs
        self.tokensPerSecond = tokensPerSecond; self.trimmed = trimmed
    }

    /// The line shown under the answer.
    public var text: String {
        var parts = [retrieval]
        parts.append(model ?? "no model (extractive)")
        if let f = firstTokenMs { parts.append("first token \(f) ms") }
        if let t = tokensPerSecond { parts.append(String(format: "%.1f tok/s", t)) }
        if trimmed { parts.append("sources trimmed to fit") }
        return parts.joined(separator: " · ")
    }
}

/// One question and its answer in the thread.
public struct AskTurn: Hashable, Sendable {
    /// The question as typed.
    public var question: String
    /// The answer so far.
    public var answer = ""
    /// How it was made (known once retrieval is done).
    public var mode: AskAnswerMode?
    /// The sources sent (or, for extractive answers, used).
    public var sources: [AskSource] = []
    /// Closest titles when nothing relevant was found.
    public var closest: [String] = []
    /// Where it is.
    public var phase: AskPhase = .retrieving
    /// Checked citations, in order of appearance (filled when the answer is complete).
    public var citations: [AskCitation] = []
    /// At least one citation is verified.
    public var grounded = false
    /// How it was made.
    public var footer: AskFooter?
    /// Its row in the saved history.
    public var historyId: Int64?
    /// The request that is making it (nil for a turn reopened from the history).
    public var requestId: Int?
    /// When it was asked (nil for a turn reopened from the history): the pane shows how long the first token takes.
    public var askedAt: Date?

    /// Starts a turn for a question.
    public init(question: String) { self.question = question }
}

/// What the ask interpreter reports about a request.
public enum AskUpdate: Hashable, Sendable {
    /// Retrieval finished: the sources and how the answer will be made.
    case sources([AskSource], mode: AskAnswerMode, closest: [String])
    /// Text of the answer (streamed, or the whole extractive answer).
    case text(String)
    /// The answer is complete and checked.
    case finished(citations: [AskCitation], grounded: Bool, footer: AskFooter, historyId: Int64?)
    /// Stopped on request (the partial answer was kept).
    case stopped(historyId: Int64?)
    /// It failed.
    case failed(String)
}

/// A saved answer, for browsing the history.
public struct AskHistoryEntry: Hashable, Sendable {
    /// Row id.
    public var id: Int64
    /// When it was asked ("2026-12-05 21:40").
    public var when: String
    /// The saved turn.
    public var turn: AskTurn

    /// Creates an entry.
    public init(id: Int64, when: String, turn: AskTurn) { self.id = id; self.when = when; self.turn = turn }
}

/// A question for the ask interpreter.
public struct AskQuery: Hashable, Sendable {
    /// Request id (answers to older ids are dropped).
    public var requestId: Int
    /// The question.
    public var question: String
    /// Earlier turns of the thread (question, answer), for reading a follow-up in context.
    public var thread: [AskExchange]
    /// Which notes.
    public var scope: AskScope
    /// Ask the model even when nothing relevant was found.
    public var anyway: Bool

    /// Creates a query.
    public init(requestId: Int, question: String, thread: [AskExchange], scope: AskScope, anyway: Bool) {
        self.requestId = requestId; self.question = question; self.thread = thread; self.scope = scope; self.anyway = anyway
    }
}

/// An earlier question and its answer.
public struct AskExchange: Hashable, Sendable {
    /// The question.
    public var question: String
    /// The answer.
    public var answer: String

    /// Creates an exchange.
    public init(question: String, answer: String) { self.question = question; self.answer = answer }
}

/// An answer to keep as a new snippet (its citations become references to their sources).
public struct AnswerToSave: Hashable, Sendable {
    /// Where to put it.
    public var notebookId: String
    /// The turn.
    public var turn: AskTurn

    /// Creates one.
    public init(notebookId: String, turn: AskTurn) { self.notebookId = notebookId; self.turn = turn }
}

/// Effects of the Ask pane.
public enum AskEffect: Hashable, Sendable {
    /// Answer a question (updates arrive tagged with the request id).
    case ask(AskQuery)
    /// Stop the request (the partial answer is kept).
    case cancel(requestId: Int)
    /// Load the saved answers (posts `askHistory`).
    case loadHistory
    /// Save an answer as a new snippet.
    case saveAnswer(AnswerToSave)
    /// Ask the question of two profiles side by side (updates arrive as `AppMessage.arena`).
    case arena(ArenaQuery)
    /// Read the configured profiles for an arena round (posts `AppMessage.arenaProfiles`).
    case listArenaProfiles(ArenaSetup)
    /// Record the vote of a saved arena round.
    case arenaVote(roundId: Int64, ArenaChoice)
}

/// The Ask pane's state.
public struct AskPaneState: Equatable, Sendable {
    /// The question being typed (may hold newlines).
    public var input = LineInput()
    /// True when the question box has the keyboard (else the answer: citations are walked with Tab).
    public var inputFocused = true
    /// The thread, oldest first; the last turn is the one shown.
    public var thread: [AskTurn] = []
    /// The request being answered (nil when idle).
    public var activeRequest: Int?
    /// The last request id handed out.
    public var lastRequest = 0
    /// Which notes questions go to.
    public var scope: AskScope = .all
    /// Earlier questions (newest last) for Up/Down in the box.
    public var pastQuestions: [String] = []
    /// Where Up/Down is in `pastQuestions` (nil: the box holds new text).
    public var pastIndex: Int?
    /// The selected citation of the shown answer (index into its citation marks).
    public var selectedCitation: Int?
    /// First answer row shown.
    public var scroll = 0
    /// Keep the newest text in view while it streams.
    public var followTail = true
    /// Saved answers last loaded (for reopening one from the picker).
    public var history: [AskHistoryEntry] = []
    /// The A/B arena round shown instead of the thread (nil: none).
    public var arena: ArenaView?

    /// Creates the empty pane.
    public init() {}

    /// The turn shown.
    public var current: AskTurn? { thread.last }

    /// True while an answer (or an arena round) is being made.
    public var isBusy: Bool { activeRequest != nil || arena?.isRunning == true }
    /// The running request has not produced a word yet (finding sources, or the model reading the prompt).
    public var awaitsFirstToken: Bool {
        guard let id = activeRequest, let turn = thread.last(where: { $0.requestId == id }) else { return false }
        return turn.answer.isEmpty && (turn.phase == .retrieving || turn.phase == .streaming)
    }
}
