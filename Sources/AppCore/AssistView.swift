import Foundation
import Grounding
import Notebook

/// Where an assistant action is: writing, done with a proposal, failed, or stopped.
public enum AssistPhase: Hashable, Sendable {
    /// The model is writing.
    case running
    /// Done: the proposal and the model that made it.
    case finished(AssistProposal, model: String)
    /// It failed, and why.
    case failed(String)
    /// It was stopped (cancelled from the jobs view).
    case cancelled
}

/// An assistant action to run: the request id (answers carry it), the action, the snippet and what it works on.
public struct AssistRunRequest: Hashable, Sendable {
    /// Request id.
    public var requestId: Int
    /// Summarize, explain, refactor or tests.
    public var action: AssistAction
    /// The snippet.
    public var snippetId: String
    /// The text worked on (the snippet, or the selection with the text around it).
    public var subject: AssistSubject
}

/// A new snippet an accepted proposal creates next to the one it was made from.
public struct AssistNewSnippet: Hashable, Sendable {
    /// The snippet the proposal was made from (the new one goes into its notebook).
    public var sourceSnippetId: String
    /// Title.
    public var title: String
    /// Markdown or code.
    public var kind: SnippetKind
    /// Language.
    public var language: String?
    /// Text.
    public var body: String
}

/// Effects of the assistant actions.
public enum AssistEffect: Hashable, Sendable {
    /// Run an action with the chat model; updates come back as `AppMessage.assist`; it is a job in the jobs view.
    case run(AssistRunRequest)
    /// Stop a running action (nothing is written).
    case cancel(requestId: Int)
    /// Create the new snippet of an accepted proposal (first revision origin `assistant`; posts `created`).
    case create(AssistNewSnippet)
    /// Run generated tests with the snippet runner before accepting: `code` is the snippet followed by the tests,
    /// run as the source snippet's language in its notebook (a job; answered by `AssistUpdate.testsRan`).
    case runTests(requestId: Int, snippetId: String, code: String)
}

/// How running the generated tests went.
public struct AssistTestsRun: Hashable, Sendable {
    /// The program's exit status.
    public var exitCode: Int32
    /// One line: exit code, time, the limit that stopped it.
    public var summary: String
    /// Everything it printed (stdout and stderr in order).
    public var output: String

    /// A result.
    public init(exitCode: Int32, summary: String, output: String) {
        self.exitCode = exitCode
        self.summary = summary
        self.output = output
    }

    /// True when the tests exited 0.
    public var passed: Bool { exitCode == 0 }
}

/// The generated tests' run in the side view.
public enum AssistTestsState: Hashable, Sendable {
    /// Running.
    case running
    /// Done.
    case ran(AssistTestsRun)
    /// It could not run (no interpreter, …): why.
    case failed(String)
}

/// What the side view's body shows.
public enum AssistPane: Hashable, Sendable {
    /// The proposal as a diff against the current text.
    case diff
    /// The model's reply.
    case reply
    /// The generated tests' output.
    case tests
}

/// An update of a running assistant action.
public enum AssistUpdate: Hashable, Sendable {
    /// More of the reply.
    case delta(String)
    /// The reply is complete: the proposal made from it, and the model.
    case finished(AssistProposal, model: String)
    /// It failed (one line: what happened, what to do).
    case failed(String)
    /// It was cancelled before it finished.
    case cancelled
    /// The generated tests ran (or could not run).
    case testsRan(AssistTestsState)
}

/// The assistant's side view: the reply as it streams, then the proposal as a diff against the current text,
/// to accept (a revision with origin `assistant`, undoable) or reject.
public struct AssistOverlay: Hashable, Sendable {
    /// The request id of the running or finished action.
    public var requestId: Int
    /// The action.
    public var action: AssistAction
    /// The snippet it works on.
    public var snippetId: String
    /// The text it works on.
    public var subject: AssistSubject
    /// The reply so far.
    public var reply = ""
    /// Writing, finished, failed or cancelled.
    public var phase: AssistPhase = .running
    /// What the body shows (a changing proposal starts on its diff).
    public var pane: AssistPane = .diff
    /// The generated tests' run, once started.
    public var tests: AssistTestsState?
    /// First visible row.
    public var scroll = 0
    /// Where the summary goes was chosen (a Summarize proposal on markdown asks on accept, once).
    public var placementChosen = false

    /// A view for a request that just started.
    public init(requestId: Int, action: AssistAction, snippetId: String, subject: AssistSubject) {
        self.requestId = requestId
        self.action = action
        self.snippetId = snippetId
        self.subject = subject
    }

    /// The finished proposal, if any.
    public var proposal: AssistProposal? {
        if case .finished(let p, _) = phase { return p }
        return nil
    }
}
