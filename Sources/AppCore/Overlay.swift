import TUI

/// What a one-line prompt is asking for.
public enum PromptPurpose: Hashable, Sendable {
    case newSnippet(notebookId: String)
    case newNotebook(projectId: String)
    case newProject
    case rename(NodeRef)
    case gotoLine
    case find
    case replaceFind
    case replaceWith(find: String)
    /// A snippet's tags, comma-separated.
    case editTags(snippetId: String)
    /// The question of a card made from the editor's selection.
    case cardQuestion(SelectionCardRequest, reversed: Bool)
    /// The file to export a project's pack to.
    case packExport(projectId: String)
    /// The pack file to import.
    case packImport
}

/// A one-line prompt ("Snippet title:").
public struct PromptOverlay: Equatable, Sendable {
    /// The question.
    public var title: String
    /// The answer being typed.
    public var input: LineInput
    /// What the answer is for.
    public var purpose: PromptPurpose
}

/// What a yes/no confirmation does on yes.
public enum ConfirmAction: Hashable, Sendable {
    /// Move a node to the trash.
    case trash(NodeRef)
    /// Quit, cancelling the jobs that still run.
    case quitCancellingJobs
}

/// A yes/no question.
public struct ConfirmOverlay: Equatable, Sendable {
    /// The question.
    public var question: String
    /// What yes does.
    public var action: ConfirmAction
}

/// One choice in a picker.
public struct PickerItem: Hashable, Sendable {
    /// What is shown.
    public var label: String
    /// What is returned.
    public var value: String
}

/// What a picker's choice is for.
public enum PickerPurpose: Hashable, Sendable {
    /// Move a snippet to the chosen notebook.
    case moveSnippet(id: String)
    /// Use the chosen model for chat.
    case chatModel
    /// Show a saved answer.
    case askHistory
    /// Save the shown answer as a snippet in the chosen notebook.
    case saveAnswer
    /// Run the chosen assistant action (or make flashcards).
    case assistAction
    /// The arena's side A (then side B) profile.
    case arenaProfile(ArenaSetup)
    /// Where an accepted summary goes (Esc returns to the side view).
    case summaryPlacement(AssistOverlay)
}

/// A filterable list to choose one item from.
public struct PickerOverlay: Equatable, Sendable {
    /// Title.
    public var title: String
    /// All items.
    public var items: [PickerItem]
    /// Filter text.
    public var input: LineInput
    /// Selected index into the filtered items.
    public var selected: Int
    /// What the choice is for.
    public var purpose: PickerPurpose

    /// Items matching the filter.
    public var filtered: [PickerItem] {
        input.text.isEmpty ? items : items.filter { Fuzzy.score(input.text, $0.label) != nil }
    }
}

/// The global search overlay: the query, the newest request id, and its results.
public struct SearchOverlay: Equatable, Sendable {
    /// The query being typed.
    public var input: LineInput
    /// The id of the newest search request; results with another id are stale and dropped.
    public var requestId: Int
    /// Results of the newest finished request.
    public var hits: [SearchResult]
    /// Selected hit.
    public var selected: Int
    /// True while the newest request has not answered.
    public var pending: Bool
    /// The last failure, if any.
    public var error: String?
    /// The ranking asked for (cycled with `search.mode`).
    public var ranking: SearchRanking = .hybrid
    /// The ranking the newest results really used, with the reason when it fell back (e.g. "bm25 — no embeddings").
    public var used: String?
    /// The newest request already recorded in the query log (a search is logged once, not per keystroke).
    public var loggedRequestId: Int?
}

/// How the search overlay ranks: words (BM25), meaning (vectors), or both fused (hybrid).
public enum SearchRanking: String, CaseIterable, Equatable, Sendable {
    case hybrid, bm25, vector

    /// The next ranking in the cycle.
    public var next: SearchRanking {
        let all = SearchRanking.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}

/// The command palette: a filter over every command, with its key.
public struct PaletteOverlay: Equatable, Sendable {
    /// Filter text.
    public var input: LineInput
    /// Selected index into the filtered commands.
    public var selected: Int
}

/// The help overlay: generated from the keymap, scrollable.
public struct HelpOverlay: Equatable, Sendable {
    /// First visible line.
    public var scroll: Int
}

/// The modal layer drawn over the panes, at most one at a time.
public enum Overlay: Equatable, Sendable {
    case search(SearchOverlay)
    case palette(PaletteOverlay)
    case help(HelpOverlay)
    case prompt(PromptOverlay)
    case confirm(ConfirmOverlay)
    case picker(PickerOverlay)
    case proposals(ProposalsOverlay)
    case history(HistoryOverlay)
    case jobs(JobsOverlay)
    case progress(ProgressOverlay)
    case report(ReportOverlay)
    case assist(AssistOverlay)

    /// True for a question the user answers first (y/n), e.g. "cancel and quit?" or a pack import's preview.
    var isConfirmation: Bool { keyContext == .confirm }

    /// The keymap context for keys while this overlay is open.
    var keyContext: CommandContext {
        switch self {
        case .help: return .help
        case .report(let o): return o.confirmImport == nil ? .help : .confirm
        case .confirm: return .confirm
        case .history: return .history
        case .jobs: return .jobs
        case .proposals(let o): return o.editing == nil ? .proposals : .overlay
        case .progress: return .progress
        case .assist: return .assist
        case .search, .palette, .prompt, .picker: return .overlay
        }
    }
}
