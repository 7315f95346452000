import Foundation
import Notebook
import SRS
import TUI

/// Timers the app asks for (autosave after a pause, clearing a transient message).
public enum TimerID: Hashable, Sendable {
    /// Save the open snippet if it is still dirty.
    case autosave
    /// Clear the transient status message.
    case clearMessage
    /// Refresh the due count (the status line and Review pane) when the next card falls due or a new day begins.
    case dueRefresh
    /// Redraw the jobs view's elapsed times while it is open and a job runs.
    case jobsTick
    /// Redraw the output view's elapsed time while a snippet runs.
    case runTick
    /// Redraw the Ask pane's waiting time until the answer's first token arrives.
    case askTick
    /// The search query has been idle long enough to count as a search the user made (logged once).
    case searchIdle
}

/// Everything that can happen to the app: input, and results of effects posted back by the interpreter.
public enum AppMessage: Sendable {
    /// A key press.
    case key(KeyEvent)
    /// A bracketed paste (one undoable edit).
    case paste(String)
    /// The terminal changed size.
    case resize(width: Int, height: Int)
    /// A timer fired.
    case timer(TimerID)
    /// The navigator tree was (re)loaded.
    case outlineLoaded(Outline)
    /// A snippet was loaded for editing; `focusTerms` places the cursor at the first match.
    case snippetLoaded(SnippetDoc, focusTerms: [String])
    /// A save finished (`generation` is the edit generation that was saved; `hash` the stored content hash).
    case saved(snippetId: String, generation: Int, hash: String)
    /// A save found the stored text changed elsewhere: nothing was overwritten; the editor's text was kept as a
    /// revision marked as a conflict, and `current` is the stored snippet now.
    case saveConflict(snippetId: String, generation: Int, current: SnippetDoc)
    /// The open snippet changed in another process (it is reloaded when the editor has no unsaved change).
    case snippetChangedElsewhere(SnippetDoc)
    /// A save failed; the text stays in the editor and dirty.
    case saveFailed(snippetId: String, message: String)
    /// A node was created.
    case created(NodeRef)
    /// A node was moved to the trash.
    case trashed(NodeRef, title: String)
    /// A node came back from the trash.
    case restored(NodeRef)
    /// Global search results for a request.
    case searchResults(requestId: Int, hits: [SearchResult])
    /// Which ranking a search request really used (it falls back to BM25 when vectors are unavailable).
    case searchRanking(requestId: Int, used: String)
    /// Global search failed for a request.
    case searchFailed(requestId: Int, message: String)
    /// `$EDITOR` finished: the new text, or nil if unchanged or it failed.
    case externalEditFinished(snippetId: String, text: String?)
    /// The model server's status (status line, Ask pane).
    case modelStatus(ModelStatus)
    /// Background embedding progress for the status line (nil clears it).
    case indexStatus(IndexStatus?)
    /// The chat models the server offers, and the one in use (opens the model picker).
    case modelChoices([String], current: String)
    /// Due-card count and when the next card is due ("in 3 h"), for the status line and Review pane.
    case dueSummary(count: Int, nextDue: String?)
    /// The Review session was loaded (with each card's source snippet id, where it has one).
    case reviewLoaded(ReviewSession, sources: [String: String], at: Date)
    /// When the due count next changes by itself (a card falls due, a new day begins), in milliseconds from now;
    /// nil when nothing will (no timer, so the idle app sleeps).
    case dueTimer(milliseconds: Int?)
    /// The study statistics for the Review pane.
    case reviewStats(StudyStatsSummary)
    /// Loading the Review session failed (one line saying what happened).
    case reviewLoadFailed(String)
    /// The database was changed by another process (re-check the open snippet, reload the tree).
    case databaseChanged
    /// An update of an Ask request.
    case ask(requestId: Int, AskUpdate)
    /// Progress of an A/B arena round.
    case arena(requestId: Int, ArenaUpdate)
    /// The configured profiles for an arena round (or why they could not be read).
    case arenaProfiles(ArenaSetup, Result<ArenaProfileList, ArenaProfilesError>)
    /// The saved answers, newest first (opens the history picker).
    case askHistory([AskHistoryEntry])
    /// A snippet's revisions, newest first (fills the history view).
    case revisionsLoaded(snippetId: String, [RevisionEntry])
    /// An update of a snippet run (output, its end, or why it could not run).
    case run(requestId: Int, RunUpdate)
    /// A snippet's last saved run (nil: it never ran), shown under it when it is opened.
    case lastRun(snippetId: String, LastRun?)
    /// A background job started, progressed or ended (the jobs view and the status line's count).
    case job(JobEvent)
    /// The progress view's figures (items by project and notebook, with steps and cards).
    case progressLoaded([ProgressProject])
    /// An update of a running assistant action.
    case assist(requestId: Int, AssistUpdate)
    /// A failure to show (one line saying what happened and what to do).
    case failure(String)
    /// An information message to show briefly.
    case info(String)
    /// Cards were stored (the message says which); the due count and an idle Review pane refresh.
    case cardsAdded(String)
    /// The model's validated card proposals for a snippet (`refused`: proposals refused or already present).
    case cardProposals(snippetId: String, title: String, groups: [[CardDraft]], refused: Int)
    /// A pack export or import finished: its report lines (`imported`: the tree changed).
    case packReport(title: String, lines: [String], imported: Bool)
    /// What importing a pack file would do (a dry run: nothing written yet); the user confirms or cancels.
    case packPreview(path: String, lines: [String])
}

/// What the app asks the outside world to do, grouped by the interpreter that performs it. The runner's dispatch
/// is a total `switch` over the groups, and each interpreter's over its own cases, so an effect nobody performs
/// does not compile.
public enum AppEffect: Hashable, Sendable {
    /// Store reads and writes (one serial queue).
    case store(StoreEffect)
    /// Global search.
    case search(SearchEffect)
    /// Review sessions and grades.
    case review(ReviewEffect)
    /// The model server: model list and choice.
    case model(ModelEffect)
    /// Asking questions of the notes.
    case ask(AskEffect)
    /// The terminal and the loop: timers, clipboard, theme, suspend, quit.
    case ui(UIEffect)
    /// Making cards (from a selection, from the model's proposals).
    case cards(CardsEffect)
    /// Background jobs: cancelling them.
    case jobs(JobEffect)
    /// Pack export and import.
    case packs(PackEffect)
    /// Assistant actions: run, stop, create the new snippet of an accepted proposal.
    case assist(AssistEffect)
    /// Running code snippets.
    case run(RunEffect)
}

/// Effects of the snippet runner (performed in the background; results come back as `AppMessage.run`).
public enum RunEffect: Hashable, Sendable {
    /// Run a snippet: `body` is the editor's text (nil: the stored text). Registered as a job.
    case start(requestId: Int, snippetId: String, body: String?)
    /// Stop a run: its whole process group is killed.
    case cancel(requestId: Int)
    /// Load a snippet's last saved run (answered by `AppMessage.lastRun`).
    case loadLast(snippetId: String)
}

/// Effects on background jobs, performed by the job centre that started them.
public enum JobEffect: Hashable, Sendable {
    /// Ask a running job to stop (it ends with `JobEnd.cancelled` once stopped, nothing half-written).
    case cancel(JobID)
    /// Ask every running job to stop (quitting).
    case cancelAll
}

/// Effects on the database, performed in order on the store's queue.
public enum StoreEffect: Hashable, Sendable {
    /// Load the navigator tree.
    case loadOutline
    /// Load a snippet for editing.
    case openSnippet(id: String, focusTerms: [String])
    /// Save a snippet's text (the store keeps a revision); `basedOn` is the content hash the edit started from,
    /// so a change made elsewhere in the meantime is never overwritten silently; `origin` marks the revision (a typed
    /// edit, a restore from history, an assistant proposal accepted).
    case saveSnippet(id: String, body: String, generation: Int, basedOn: String, origin: RevisionOrigin)
    /// Create a project.
    case createProject(title: String)
    /// Create a notebook in a project.
    case createNotebook(projectId: String, title: String)
    /// Create an empty snippet in a notebook.
    case createSnippet(notebookId: String, title: String, kind: SnippetKind)
    /// Rename a node.
    case rename(NodeRef, title: String)
    /// Move a snippet to another notebook.
    case moveSnippet(id: String, toNotebook: String)
    /// Move a node to the trash.
    case trash(NodeRef)
    /// Bring a node back from the trash.
    case restore(NodeRef)
    /// Check whether the open snippet changed in another process (posts `snippetChangedElsewhere`).
    case checkSnippet(id: String, hash: String)
    /// Load the progress view's figures (posts `progressLoaded`).
    case loadProgress
    /// Set a snippet's study status (nil: a plain note); no revision is written.
    case setStatus(snippetId: String, status: StudyStatus?)
    /// Set a snippet's tags (a status word among them sets the status).
    case setTags(snippetId: String, tags: [String])
    /// Load a snippet's revisions for the history view.
    case loadRevisions(snippetId: String)
}

extension StoreEffect {
    /// True for effects that write to the database.
    public var writes: Bool {
        switch self {
        case .loadOutline, .openSnippet, .checkSnippet, .loadRevisions, .loadProgress: return false
        case .saveSnippet, .createProject, .createNotebook, .createSnippet, .rename, .moveSnippet, .trash, .restore,
             .setStatus, .setTags: return true
        }
    }
}

/// Effects of the search overlay.
public enum SearchEffect: Hashable, Sendable {
    /// Run a global search; results come back tagged with the request id.
    case run(query: String, requestId: Int, ranking: SearchRanking)
    /// Record that request in the query log as a search the user made (at most once; when it finishes if still running).
    case log(requestId: Int)
}

/// Effects of the Review pane.
public enum ReviewEffect: Hashable, Sendable {
    /// Load the due-card count and next due time (posts `dueSummary`).
    case loadDueSummary
    /// Load a Review session over the cards due now (posts `reviewLoaded`).
    case loadReview
    /// Store a grade the Review session gave.
    case persistGrade(ReviewGradeRequest)
    /// Take back a card's last stored grade.
    case persistUndo(ReviewUndoRequest)
    /// Load the study statistics (posts `reviewStats`).
    case loadStats
}

/// Effects on the model server's configuration.
public enum ModelEffect: Hashable, Sendable {
    /// Ask the model server which models it has (answered by `.modelChoices`).
    case listModels
    /// Use this chat model from now on (kept in the database's settings).
    case chooseChatModel(String)
}

/// Effects of the terminal and the loop, performed by the runner itself.
public enum UIEffect: Hashable, Sendable {
    /// Start (or restart) a timer.
    case startTimer(TimerID, milliseconds: Int)
    /// Cancel a timer.
    case cancelTimer(TimerID)
    /// Put text on the system clipboard (OSC 52).
    case copyToClipboard(String)
    /// Open a web address: `$BROWSER` or `xdg-open` when there is a display, else copy it (OSC 52) and say so.
    case openURL(String)
    /// Hand the text to `$EDITOR` and take it back.
    case externalEdit(snippetId: String, text: String, fileExtension: String)
    /// Switch to the next theme.
    case nextTheme
    /// Redraw the whole screen.
    case redraw
    /// Suspend to the shell (like Ctrl-Z in a shell).
    case suspend
    /// Quit (after pending saves finish).
    case quit
}
