/// The editor facade the app drives: one document, its cursor and selection, history, register,
/// search and viewport. Everything is a value; the caller injects the time of each command.
///
/// Overview of the API:
/// ```swift
/// var editor = Editor(text: body, kind: .markdown)                 // or kind: .code, language: "python"
/// editor.setViewport(width: 80, height: 24)                        // soft wrap follows the width
/// let result = editor.apply(.insert("é 日本 → 👩‍💻"), now: Date())    // every key maps to an EditorCommand
/// if let copied = result.copied { /* write to the system clipboard (OSC 52) */ }
/// if let note = result.message { /* show in the status line */ }
/// for row in editor.visibleRows() { /* draw row.cells: safe text, width, token kind, selection */ }
/// let (row, column) = editor.cursorOnScreen                        // where to put the terminal cursor
/// if editor.isDirty { save(editor.text); editor.markSaved() }
/// ```
/// Commands: `insert`, `paste`, `newline`, `indent`, `outdent`, `deleteBackward`/`Forward`, `deleteWord…`,
/// `move(_, extend:)`, `selectAll`, `selectWord`, `selectLine`, `cut`, `copy`, `undo`, `redo`,
/// `breakUndoGroup`, `find`, `findNext`, `findPrevious`, `replace`, `replaceAll`, `goToLine`, `toggleTask`,
/// `click`, `scroll`. Read-only helpers: `text`, `isDirty`, `cursor`, `selection`, `selectedText`,
/// `document`, `lineCount`, `visibleRows()`, `cursorOnScreen`, `cursorLineColumn`, `highlight(line:)`.
///
/// Keep one `Editor` value and mutate it in place: its lines are copy-on-write, so holding an old copy
/// alive makes the next edit copy the line array (O(lines)) instead of O(line).
public struct Editor: Sendable {
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
    /// The undo/redo history.
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
    public var softWrap: Bool = true
    /// Lines kept visible above and below the cursor when scrolling.
    public var scrollOff: Int = 2
    /// The viewport size in cells.
    public internal(set) var viewport: (width: Int, height: Int) = (80, 24)
    /// The first visible row: a line and a wrapped row within it.
    public internal(set) var top = ViewTop(line: 0, row: 0)
    /// The first visible display column when not wrapping.
    public internal(set) var leftColumn = 0
    /// Syntax state at the start of each line; entries past `syntaxValid` are stale and get overwritten.
    var syntaxStates: [LineState] = [LineState()]
    /// How many entries of `syntaxStates` are valid (at least 1: the first line starts in the default state).
    var syntaxValid = 1
    /// The history state that was last saved.
    var savedStateID = 0

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

    /// Creates a result.
    public init(textChanged: Bool = false, copied: String? = nil, message: String? = nil) {
        self.textChanged = textChanged
        self.copied = copied
        self.message = message
    }
}
