import Foundation
import Grounding
import LLM
import Store

/// Which notes a question is asked of.
public enum AskScope: Sendable, Hashable {
    /// All notes.
    case all
    /// One project (by id).
    case project(id: String)
    /// One notebook (by id).
    case notebook(id: String)

    /// The search filter of the scope.
    public var filter: SearchFilter {
        switch self {
        case .all: return SearchFilter()
        case .project(let id): return SearchFilter(projectID: id)
        case .notebook(let id): return SearchFilter(notebookID: id)
        }
    }

    /// The kind, as stored.
    public var kind: AskScopeKind {
        switch self {
        case .all: return .all
        case .project: return .project
        case .notebook: return .notebook
        }
    }

    /// The project or notebook id.
    public var id: String? {
        switch self {
        case .all: return nil
        case .project(let id), .notebook(let id): return id
        }
    }
}

/// One question to answer.
public struct AskRequest: Sendable, Hashable {
    /// The question as typed.
    public var question: String
    /// The earlier turns of the thread, oldest first (empty: a new thread).
    public var thread: [ThreadTurn]
    /// The thread's id (nil: a new thread gets one).
    public var threadID: String?
    /// Which notes to search.
    public var scope: AskScope
    /// The retrieval mode (nil: hybrid when the notes are embedded, else BM25 with a reason). An explicit vector
    /// or hybrid mode that cannot run is an error.
    public var retrieval: SearchMode?
    /// False: answer extractively without calling the model (`--no-generate`).
    public var generate: Bool
    /// Answer even when retrieval found nothing relevant (`--anyway`).
    public var anyway: Bool
    /// How many hits retrieval returns before budgeting.
    public var limit: Int
    /// Save the answer in the history.
    public var save: Bool
    /// The most answer tokens (nil: the room kept for the answer in the context budget).
    public var maxAnswerTokens: Int?
    /// How the query log records this ask (`arena` and `eval` ask through the same service).
    public var logKind: QueryKind = .ask

    /// Creates a request.
    public init(question: String, thread: [ThreadTurn] = [], threadID: String? = nil, scope: AskScope = .all,
                retrieval: SearchMode? = nil, generate: Bool = true, anyway: Bool = false, limit: Int = 8, save: Bool = true,
                maxAnswerTokens: Int? = nil) {
        self.maxAnswerTokens = maxAnswerTokens
        self.question = question
        self.thread = thread
        self.threadID = threadID
        self.scope = scope
        self.retrieval = retrieval
        self.generate = generate
        self.anyway = anyway
        self.limit = limit
        self.save = save
    }
}

/// Why an answer was made without the model.
public enum ExtractiveReason: Sendable, Hashable, CustomStringConvertible {
    /// The request said so (`--no-generate`).
    case requested
    /// The model server could not be used: unreachable, model not pulled, not a chat model, or it refused
    /// before answering (the error says which and what to do).
    case modelUnavailable(String)

    /// One line for a person.
    public var description: String {
        switch self {
        case .requested: return "no model asked (--no-generate)"
        case .modelUnavailable(let message): return message
        }
    }
}

/// What retrieval gave the answer: reported before the model is asked, so the sources can be shown at once.
public struct AskRetrieved: Sendable {
    /// The query searched (the question, or the standalone rewrite of a follow-up).
    public var standaloneQuery: String
    /// The retrieval mode that ran.
    public var retrieval: SearchMode
    /// Why retrieval fell back to BM25, if it did.
    public var fallback: FallbackReason?
    /// The numbered sources that will be sent (empty when nothing relevant was found).
    public var sources: [Passage]
    /// Retrieved chunks left out to fit the context window (reported, never silent).
    public var dropped: Int
    /// A chunk was cut short to fit.
    public var cut: Bool
    /// Whether the hits are about the question (the relevance gate).
    public var relevant: Bool
    /// The closest snippet titles (shown when nothing relevant was found).
    public var closestTitles: [String]
    /// The context window budgeted for.
    public var numCtx: Int

    /// True when sources were left out or cut.
    public var trimmed: Bool { dropped > 0 || cut }
}

/// A finished (or stopped) answer.
public struct AskResult: Sendable {
    /// The question as typed.
    public var question: String
    /// The query retrieval used.
    public var standaloneQuery: String
    /// The answer text (partial when stopped; empty when nothing was found).
    public var answer: String
    /// Generated, extractive or nothing-found.
    public var mode: AskMode
    /// Every citation in the answer, checked against the sources sent.
    public var citations: CitationReport
    /// The sources sent (or used for the extractive answer).
    public var sources: [Passage]
    /// The chat model that answered (nil unless generated).
    public var model: String?
    /// What retrieval did.
    public var retrieved: AskRetrieved
    /// Why the answer is extractive, when it is.
    public var extractiveReason: ExtractiveReason?
    /// The model's warnings (e.g. the server cut the prompt, the answer hit the token limit).
    public var warnings: [LLMWarning]
    /// Stopped by cancellation before the model finished.
    public var stopped: Bool
    /// Step timings.
    public var timings: AskTimings
    /// The scope asked in.
    public var scope: AskScope
    /// The thread this answer belongs to.
    public var threadID: String
    /// The history row id, when saved.
    public var id: Int64?
    /// Prompt tokens the server counted (nil when it did not say).
    public var promptTokens: Int?
    /// Tokens generated (the server's count, else the streamed pieces).
    public var outputTokens: Int?

    /// At least one citation names a source that was sent.
    public var grounded: Bool { citations.grounded }

    /// This answer as a thread turn, for the next follow-up.
    public var turn: ThreadTurn { ThreadTurn(question: question, standaloneQuery: standaloneQuery, answer: answer) }
}

/// Why an ask ended without a result.
public enum AskFailure: Error, Sendable, CustomStringConvertible {
    /// Cancelled before any answer text existed (nothing to keep).
    case cancelled
    /// The explicit retrieval mode cannot run.
    case retrievalUnavailable(RetrievalUnavailable)
    /// The model failed mid-answer; the partial answer is in `partial`.
    case modelFailed(message: String, partial: String)
    /// Anything else (database, configuration), said with what to do.
    case other(String)

    /// One line for a person.
    public var description: String {
        switch self {
        case .cancelled: return "stopped before an answer"
        case .retrievalUnavailable(let e): return e.description
        case .modelFailed(let message, _): return message
        case .other(let message): return message
        }
    }
}

/// Progress of one ask, in order: `rewritten` (follow-ups only), `retrieved`, maybe `loading`, any number of
/// `delta`s, then exactly one of `finished` or `failed`. Delivered on a background task; post them to the UI loop.
public enum AskEvent: Sendable {
    /// A follow-up was rewritten into this standalone query (by the model, or offline when `byModel` is false).
    case rewritten(query: String, byModel: Bool)
    /// Retrieval and budgeting are done: the numbered sources (shown before the answer streams).
    case retrieved(AskRetrieved)
    /// The model server is loading the model (nothing has arrived yet).
    case loading
    /// More answer text (generated text as it streams; an extractive answer in one piece).
    case delta(String)
    /// The answer is complete or was stopped; saved when the request asked for it.
    case finished(AskResult)
    /// The ask failed; nothing was saved.
    case failed(AskFailure)
}

/// Retrieval and the prompt as they would be sent (see `AskService.prepare`).
public struct AskPrepared: Sendable {
    /// What retrieval did.
    public var plan: RetrievalPlan
    /// The sources that fit the context, and what was left out.
    public var sources: SourcePlan
    /// The messages for the model (empty when nothing relevant was found).
    public var messages: [ChatMessage]
    /// Milliseconds spent in retrieval.
    public var retrievalMS: Double
    /// Milliseconds spent reading sources, budgeting and building the prompt.
    public var promptMS: Double
}
