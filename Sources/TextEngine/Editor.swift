/// The editor facade the app drives: one document, its cursor and selection, undo tree, register,
/// search, soft-wrapped viewport and syntax colours. Everything is a value; the caller injects the time of
/// each command (for undo grouping), so the core is deterministic and testable.
///
/// Overview of the API:
/// ```swift
/// var editor = Editor(text: body, kind: .markdown)                 // or kind: .code, language: "python"
/// editor.softWrap = true                                           // false: long lines scroll sideways
/// editor.setViewport(width: 80, height: 24)                        // soft wrap follows the width
/// let result = editor.apply(.insert("é 日本 → 👩‍💻"), now: Date())    // every key maps to an EditorCommand
/// if let copied = result.copied { /* write to the system clipboard (OSC 52) */ }
/// if let note = result.message { /* show in the status line */ }
/// for row in editor.visibleRows() { /* draw row.cells: safe text, width, column, token, selection, match */ }
/// if let (row, column) = editor.cursorOnScreen { /* put the terminal cursor there */ }
/// let (line, column) = editor.cursorLineColumn                    // 1-based, for the status line
/// if editor.isDirty { save(editor.text); editor.markSaved() }
/// editor.select(Selection(caret: editor.document.position(forTextOffset: chunkStart)))  // jump to a hit
/// ```
/// Commands (`EditorCommand`):
/// - typing: `insert`, `paste` (bracketed paste or the register; one undo step), `newline` (auto-indent,
///   list continuation), `indent`, `outdent`, `deleteBackward`, `deleteForward`, `deleteWordBackward`,
///   `deleteWordForward`, `toggleTask`, `moveLinesUp`, `moveLinesDown`, `duplicateLines`, `toggleComment`;
/// - motion and selection: `move(_:extend:)` with `Motion`, `selectAll`, `selectWord`, `selectLine`,
///   `goToLine`, `click(row:column:extend:)`, `scroll`;
/// - registers: `cut`, `copy` (the result carries the text);
/// - history: `undo`, `redo`, `earlier`, `later` (across undo branches), `breakUndoGroup`;
/// - search: `find(SearchQuery)`, `findNext`, `findPrevious`, `replace(with:)`, `replaceAll(with:)`.
///
/// Read-only helpers: `text`, `isDirty`, `cursor`, `selection`, `selectedText`, `document`, `lineCount`,
/// `visibleRows()`, `cursorOnScreen`, `cursorLineColumn`, `highlight(line:)`, `rows(ofLine:)`, `history`.
/// Free functions for the rest of the app: `DisplayWidth` (cluster widths, safe visible forms), `SoftWrap`,
/// `SyntaxHighlighter`, `Language(name:)`.
///
/// Costs: a keystroke is O(length of the edited line) plus O(visible rows); wrapping and colouring run only
/// for the lines on screen (colour states are cached per line and recomputed from the edited line down to
/// the view). Keep one `Editor` value and mutate it in place: its lines are copy-on-write, so holding an old
/// copy alive makes the next edit copy the line array (O(lines)) instead of O(line).
public struct Editor: Equatable, Sendable {
    /// The document being edited.
    public internal(set) var document: TextDocument
    /// Markdown or code; decides auto-indent and list continuation.
    public let kind: DocumentKind
    /// The language used for colouring.
    public let language: Language
    /// The selection; its head is the cursor. Always on grapheme boundaries.
    public internal(set) var selection: Selection
    /// Display column kept across vertical moves (nil: take the cursor's column).
    public internal(set) var preferredColumn: Int?
    /// The undo tree.
    public internal(set) var history: UndoHistory
    /// The internal register filled by cut and copy.
    public internal(set) var register: Register?
    /// The last search, reused by find next/previous and replace.
    public internal(set) var search: SearchQuery?
    /// Columns between tab stops.
    public var tabWidth: Int
    /// The text inserted by one indent step (spaces, or a tab when the document indents with tabs).
    public var indentUnit: String
    /// Whether long lines wrap (true) or scroll horizontally (false).
    public var softWrap: Bool = true {
        didSet { if softWrap != oldValue { top.row = 0; leftColumn = 0 } }
    }
    /// Lines kept visible above and below the cursor when scrolling.
    public var scrollOff: Int = 2
    /// The viewport size in cells.
    public internal(set) var viewport = Viewport(width: 80, height: 24)
    /// The first visible row: a line and a wrapped row within it.
    public internal(set) var top = ViewTop(line: 0, row: 0)
    /// The first visible display column when not wrapping.
    public internal(set) var leftColumn = 0
    /// Syntax state at the start of each line; entries past `syntaxValid` are stale and get overwritten.
    var syntaxStates: [LineState] = [LineState()]
    /// How many entries of `syntaxStates` are valid (at least 1: the first line starts in the default state).
    var syntaxValid = 1
    /// Wrapped rows of the cursor's line when it is long (see `cacheRows(forLine:)`).
    var rowsCache: RowsCache?
    /// The history state that was last saved.
    var savedStateID = 0

    /// Editors are equal when their text, selection, history and settings are; caches are ignored.
    public static func == (lhs: Editor, rhs: Editor) -> Bool {
        lhs.document == rhs.document && lhs.selection == rhs.selection && lhs.history == rhs.history
            && lhs.kind == rhs.kind && lhs.language == rhs.language && lhs.preferredColumn == rhs.preferredColumn
            && lhs.register == rhs.register && lhs.search == rhs.search && lhs.tabWidth == rhs.tabWidth
            && lhs.indentUnit == rhs.indentUnit && lhs.softWrap == rhs.softWrap && lhs.scrollOff == rhs.scrollOff
            && lhs.viewport == rhs.viewport && lhs.top == rhs.top && lhs.leftColumn == rhs.leftColumn
            && lhs.savedStateID == rhs.savedStateID
    }

    /// Opens text for editing; `language` is a name such as "python", "sh", "ts", "json", "sql".
    public init(text: String, kind: DocumentKind = .markdown, language: String? = nil, tabWidth: Int = 4) {
        document = TextDocument(text)
        self.kind = kind
        self.language = kind == .markdown ? .markdown : Language(name: language ?? "") ?? .plain
        selection = Selection(caret: .zero)
        history = UndoHistory()
        self.tabWidth = tabWidth
        indentUnit = Editor.detectIndentUnit(document, default: kind == .markdown ? "  " : "    ")
    }

    /// The whole text to save (lines joined with the document's line ending).
    public var text: String { document.text }

    /// Whether the text differs from the last save (undoing back to the saved state makes it clean).
    public var isDirty: Bool { history.stateID != savedStateID }

    /// Marks the current text as saved (call after a successful save); also ends the undo group.
    public mutating func markSaved() {
        history.seal()
        savedStateID = history.stateID
    }

    /// Sets the selection (clamped to the document and rounded down to grapheme boundaries), e.g. to
    /// restore a saved cursor or to show a search hit; ends the undo group and scrolls it into view.
    public mutating func select(_ newSelection: Selection) {
        history.seal()
        selection = Selection(anchor: document.snap(newSelection.anchor), head: document.snap(newSelection.head))
        preferredColumn = nil
        scrollToCursor()
    }

    /// The cursor (the selection's head).
    public var cursor: TextPosition { selection.head }

    /// The selected text ("" when the selection is empty).
    public var selectedText: String { document.text(in: selection.range) }

    /// Number of lines.
    public var lineCount: Int { document.lineCount }

    /// The cursor as 1-based line and display column, for a status line.
    public var cursorLineColumn: (line: Int, column: Int) {
        let line = document.lines[cursor.line]
        let prefix = line.utf8.prefix(cursor.offset)
        return (cursor.line + 1, DisplayWidth.width(of: Substring(prefix), tabWidth: tabWidth) + 1)
    }

    /// Uses tabs when the first indented line starts with a tab, else the given default.
    static func detectIndentUnit(_ document: TextDocument, default fallback: String) -> String {
        for line in document.lines.prefix(2000) {
            if line.hasPrefix("\t") { return "\t" }
            if line.hasPrefix(" ") { return fallback }
        }
        return fallback
    }
}

/// What a snippet is: prose or source code.
public enum DocumentKind: String, Hashable, Sendable {
    /// Markdown prose: list continuation, task items.
    case markdown
    /// Source code in some language.
    case code
}

/// Cached wrapped rows of one line, valid for one text state, wrap width and tab width.
struct RowsCache: Equatable, Sendable {
    /// The line index.
    var line: Int
    /// The history state the rows were computed in.
    var stateID: Int
    /// The wrap width they were computed for.
    var width: Int?
    /// The tab width they were computed for.
    var tabWidth: Int
    /// The rows.
    var rows: [VisualRow]
}

/// The size of the editor's area on screen, in cells.
public struct Viewport: Hashable, Sendable {
    /// Columns.
    public var width: Int
    /// Rows.
    public var height: Int

    /// Creates a viewport size.
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
}

/// The top of the viewport: a logical line and a wrapped row within it.
public struct ViewTop: Hashable, Comparable, Sendable {
    /// Logical line index.
    public var line: Int
    /// Wrapped row index within the line.
    public var row: Int

    /// Creates a view top.
    public init(line: Int, row: Int) {
        self.line = line
        self.row = row
    }

    /// Orders by line, then row.
    public static func < (lhs: ViewTop, rhs: ViewTop) -> Bool {
        lhs.line != rhs.line ? lhs.line < rhs.line : lhs.row < rhs.row
    }
}

/// The contents of the internal register.
public struct Register: Hashable, Sendable {
    /// The text cut or copied.
    public var text: String
    /// Whether it is whole lines (copied with no selection): pasted above the current line.
    public var linewise: Bool
}

/// A cursor motion.
public enum Motion: Hashable, Sendable {
    /// One grapheme left (collapses a selection to its start when not extending).
    case left
    /// One grapheme right (collapses a selection to its end when not extending).
    case right
    /// One visual row up, keeping the preferred column.
    case up
    /// One visual row down, keeping the preferred column.
    case down
    /// To the start of the previous word.
    case wordLeft
    /// To the end of the next word.
    case wordRight
    /// Smart home: first non-blank, then column 0.
    case lineStart
    /// End of the line.
    case lineEnd
    /// Start of the document.
    case documentStart
    /// End of the document.
    case documentEnd
    /// Up by a number of visual rows.
    case pageUp(Int)
    /// Down by a number of visual rows.
    case pageDown(Int)
}

/// Something the user asks the editor to do.
public enum EditorCommand: Hashable, Sendable {
    /// Types text at the cursor, replacing the selection (groups with neighbouring typing).
    case insert(String)
    /// Pastes text (a bracketed paste) or, with nil, the internal register; one undo step. `\r\n`/`\r` become `\n`.
    case paste(String?)
    /// Splits the line, keeping indentation and continuing markdown list items.
    case newline
    /// Tab: indents selected lines, or inserts spaces (or a tab) to the next indent stop.
    case indent
    /// Shift-Tab: removes one indent step from the current or selected lines.
    case outdent
    /// Backspace: the selection, or one grapheme (or one indent step inside leading spaces).
    case deleteBackward
    /// Delete: the selection, or one grapheme.
    case deleteForward
    /// Deletes back to the start of the previous word.
    case deleteWordBackward
    /// Deletes to the end of the next word.
    case deleteWordForward
    /// Moves the cursor; `extend` keeps the anchor (shift-select).
    case move(Motion, extend: Bool)
    /// Selects the whole document.
    case selectAll
    /// Selects the word at the cursor.
    case selectWord
    /// Selects the current line(s), including the line break; repeated, extends by one line.
    case selectLine
    /// Cuts the selection (or the current line) into the register; the result carries the text.
    case cut
    /// Copies the selection (or the current line) into the register; the result carries the text.
    case copy
    /// Undoes the last step, restoring the selection.
    case undo
    /// Redoes the last undone step.
    case redo
    /// Steps back to the previous state in time, across undo branches (vim `g-`).
    case earlier
    /// Steps forward to the next state in time, across undo branches (vim `g+`).
    case later
    /// Ends the current undo group explicitly.
    case breakUndoGroup
    /// Searches forward from the cursor (sets the current query) and selects the match.
    case find(SearchQuery)
    /// Selects the next match of the current query, wrapping around.
    case findNext
    /// Selects the previous match of the current query, wrapping around.
    case findPrevious
    /// Replaces the selected match with the text, then finds the next match.
    case replace(with: String)
    /// Replaces every match of the current query in one undo step.
    case replaceAll(with: String)
    /// Moves to a 1-based line (clamped).
    case goToLine(Int)
    /// Cycles a markdown task on the cursor line: `- [ ]` → `- [~]` → `- [x]` → `- [ ]`.
    case toggleTask
    /// Moves the current or selected lines up one line (Alt-Up).
    case moveLinesUp
    /// Moves the current or selected lines down one line (Alt-Down).
    case moveLinesDown
    /// Duplicates the current or selected lines below themselves.
    case duplicateLines
    /// Comments or uncomments the current or selected lines with the language's line comment.
    case toggleComment
    /// Places the cursor at a viewport cell (mouse click); `extend` keeps the anchor.
    case click(row: Int, column: Int, extend: Bool)
    /// Scrolls the viewport by visual rows (mouse wheel), moving the cursor only if it would leave the view.
    case scroll(Int)
}

/// What a command did, for the app to act on.
public struct EditorResult: Hashable, Sendable {
    /// Whether the text changed.
    public var textChanged: Bool = false
    /// Text cut or copied, for the app to put on the system clipboard (OSC 52).
    public var copied: String?
    /// A short note for the status line ("Search wrapped", "No match for …", "Replaced 3").
    public var message: String?
    /// What a find or replace found, as a value (nil for commands that do not search).
    public var search: SearchOutcome?

    /// Creates a result.
    public init(textChanged: Bool = false, copied: String? = nil, message: String? = nil, search: SearchOutcome? = nil) {
        self.textChanged = textChanged
        self.copied = copied
        self.message = message
        self.search = search
    }
}

/// The outcome of a find or replace command.
public enum SearchOutcome: Hashable, Sendable {
    /// A match is selected (`wrapped`: the search went past the end and started over).
    case found(wrapped: Bool)
    /// Nothing matches.
    case notFound
    /// There was no search pattern.
    case noQuery
    /// This many matches were replaced.
    case replaced(Int)
}
