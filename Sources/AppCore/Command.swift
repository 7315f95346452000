import TUI

/// Where a command's keys apply: one table of the keymap file (`[editor]`, `[ask]`, …).
public enum CommandContext: String, CaseIterable, Sendable {
    /// Everywhere (printable keys here are skipped while text is being typed).
    case global
    /// The notebook tree.
    case navigator
    /// The editor (typing).
    case editor
    /// The editor's Normal mode in a modal keymap.
    case editorNormal = "editor.normal"
    /// The Ask pane.
    case ask
    /// The Review pane.
    case review
    /// Lists and prompts drawn over the panes (search, palette, pickers, prompts).
    case overlay
    /// The help overlay.
    case help
    /// Yes/no confirmations.
    case confirm
    /// A snippet's revisions and their diffs.
    case history
    /// The jobs view.
    case jobs
    /// The card proposals overlay (keep, edit, drop).
    case proposals
    /// The progress view.
    case progress
    /// The output view under a code snippet.
    case run
    /// The assistant's side view.
    case assist

    /// The heading the help screen shows for the context.
    public var heading: String {
        switch self {
        case .global: return "Everywhere"
        case .navigator: return "Navigator"
        case .editor: return "Editor"
        case .editorNormal: return "Editor (Normal mode)"
        case .ask: return "Ask"
        case .review: return "Review"
        case .overlay: return "Lists and prompts"
        case .help: return "This help"
        case .confirm: return "Confirmations"
        case .history: return "History"
        case .jobs: return "Jobs view"
        case .proposals: return "Card proposals"
        case .progress: return "Progress view"
        case .run: return "Output view"
        case .assist: return "Assistant"
        }
    }
}

/// A move in the list or prompt of the open overlay.
public enum ListAction: Sendable, Equatable {
    case up, down, pageUp, pageDown, accept, close
    /// The search overlay's ranking cycle (hybrid, bm25, vector).
    case cycleRanking
}

/// What running a command does.
public enum CommandAction: Sendable {
    /// Changes the state and returns the effects to perform.
    case run(@Sendable (inout AppState) -> [AppEffect])
    /// Acts on the open overlay's list or prompt.
    case list(ListAction)
    /// Answers the open confirmation.
    case confirm(Bool)
}

/// One command: its keymap name, its title for people, where its keys apply, and what it does. The table of
/// these (`Commands.all`) drives key dispatch, the palette, the help screen, the hints and keymap validation.
public struct Command: Sendable {
    /// The name keymap files use (`nav.new-snippet`).
    public let name: String
    /// What it does, for people (palette and help).
    public let title: String
    /// Where its keys apply.
    public let context: CommandContext
    /// Whether the palette lists it (list plumbing and the palette itself are left out).
    public let inPalette: Bool
    /// What it does.
    public let action: CommandAction

    /// Declares a command that changes the state.
    init(_ name: String, _ title: String, _ context: CommandContext, palette: Bool = true,
         _ run: @escaping @Sendable (inout AppState) -> [AppEffect]) {
        self.name = name
        self.title = title
        self.context = context
        inPalette = palette
        action = .run(run)
    }

    /// Declares an overlay or confirmation command.
    init(_ name: String, _ title: String, _ context: CommandContext, action: CommandAction) {
        self.name = name
        self.title = title
        self.context = context
        inPalette = false
        self.action = action
    }
}

/// The one table of every command. Keymap files can name only commands listed here.
public enum Commands {
    /// Every command, in the order the palette and help list them.
    public static let all: [Command] = app + navigator + editor + cards + ask + review + overlays + history + jobs
        + study + packs + run + assist

    /// Commands by name.
    public static let byName: [String: Command] = Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })

    /// The command with this keymap name.
    public static func named(_ name: String) -> Command? { byName[name] }

    /// Commands worth running from the palette.
    public static var palette: [Command] { all.filter(\.inPalette) }

    /// Every keymap name (for validating keymap files).
    public static var names: Set<String> { Set(all.map(\.name)) }

    /// Names a keymap binds that are not commands (a typo in a keymap file).
    public static func unknown(in keymap: Keymap) -> [String] {
        Set(keymap.allBindings.map(\.command)).filter { byName[$0] == nil }.sorted()
    }

    /// Every context name a keymap file may use.
    public static var contextNames: Set<String> { Set(CommandContext.allCases.map(\.rawValue)) }
}
