import CNcursesw
import Foundation
import TUI

/// The ncurses screen: starts and ends curses mode, draws frames by writing only the cells that
/// changed, and reports the colour depth. Main thread only.
public final class TerminalScreen {
    /// Colours the terminal shows (after `NO_COLOR` is applied).
    public private(set) var depth: ColorDepth = .none
    /// Current size.
    public private(set) var size: (width: Int, height: Int) = (0, 0)
    private var screen: OpaquePointer?
    private var previous: Frame?
    private var pairs: [Int64: Int32] = [:]
    private var nextPair: Int32 = 1
    private var active = false
    private var cursorVisible: Int32 = -1
    /// Cells written by the last `draw` (for tests and the benchmark).
    public private(set) var lastWrittenCells = 0

    /// Checks the environment: stdin and stdout must be TTYs and TERM must name a capable terminal.
    public static func checkEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw TerminalError.notATTY }
        let term = env["TERM"] ?? ""
        if term.isEmpty || term == "dumb" || term == "unknown" { throw TerminalError.unsupportedTerminal(term) }
    }

    /// Enters curses mode. `noColor` draws with attributes only (`NO_COLOR`).
    public init(noColor: Bool) throws {
        // Non-ASCII is silently not drawn unless the locale's codeset is UTF-8.
        setlocale(LC_ALL, "")
        if let cs = recall_codeset(), String(cString: cs).uppercased().replacingOccurrences(of: "-", with: "") != "UTF8" {
            setlocale(LC_CTYPE, "C.UTF-8")
        }
        let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
        screen = term.withCString { newterm($0, recall_stdout(), recall_stdin()) }
        guard screen != nil else { throw TerminalError.unsupportedTerminal(term) }
        active = true
        raw()
        noecho()
        nonl()
        keypad(recall_stdscr(), false)  // keys are decoded from raw bytes (bracketed paste, Alt)
        leaveok(recall_stdscr(), false)
        if !noColor && has_colors() {
            start_color()
            use_default_colors()
            depth = ColorDepth.forColorCount(Int(recall_colors()))
        }
        updateSize()
        writeRaw("\u{1B}[?2004h")  // bracketed paste on
    }

    deinit { end() }

    /// Leaves curses mode and puts the terminal back (idempotent).
    public func end() {
        guard active else { return }
        active = false
        writeRaw("\u{1B}[?2004l")
        curs_set(1)
        endwin()
        if let s = screen { delscreen(s) }
        screen = nil
    }

    /// Leaves curses mode temporarily (suspend, `$EDITOR`).
    public func pause() {
        writeRaw("\u{1B}[?2004l")
        endwin()
        fflush(recall_stdout())
        // Leave the alternate screen and show the cursor explicitly: endwin's own output is buffered by
        // ncurses and may not reach the terminal before the process stops.
        writeRaw("\u{1B}[?1049l\u{1B}[?25h")
    }

    /// Returns to curses mode after `pause` and forces a full redraw.
    public func resume() {
        writeRaw("\u{1B}[?1049h")
        reset_prog_mode()
        refresh()
        writeRaw("\u{1B}[?2004h")
        updateSize()
        invalidate()
    }

    /// Forgets what is on screen so the next draw writes every cell.
    public func invalidate() {
        previous = nil
        clearok(recall_stdscr(), true)
    }

    /// Re-reads the tty size after SIGWINCH and resizes curses' screens.
    @discardableResult
    public func updateSize() -> (width: Int, height: Int) {
        var rows: Int32 = 0, cols: Int32 = 0
        if recall_tty_size(STDOUT_FILENO, &rows, &cols) == 0, rows > 0, cols > 0 {
            if Int(rows) != Int(recall_lines()) || Int(cols) != Int(recall_cols()) { resizeterm(rows, cols) }
        }
        size = (Int(recall_cols()), Int(recall_lines()))
        return size
    }

    /// Draws a frame, writing only cells that differ from the last frame drawn.
    public func draw(_ frame: Frame) {
        if frame.width != size.width || frame.height != size.height { previous = nil }
        let runs = FrameDiff.runs(from: previous, to: frame)
        var written = 0
        var wbuf = [wchar_t](repeating: 0, count: 6)
        for run in runs {
            var x = run.x
            for cell in run.cells {
                defer { x += 1 }
                if cell.isContinuation { continue }
                if x >= size.width || run.y >= size.height { continue }
                var n = 0
                for scalar in cell.char.unicodeScalars where n < 5 {
                    wbuf[n] = wchar_t(bitPattern: scalar.value)
                    n += 1
                }
                wbuf[n] = 0
                // A wide character in the last column cannot be drawn: write a blank instead.
                if cell.width == 2 && x + 1 >= size.width { wbuf[0] = 32; wbuf[1] = 0 }
                _ = recall_put_cell(Int32(run.y), Int32(x), wbuf, attributes(cell.style), pair(for: cell.style))
                written += 1
            }
        }
        lastWrittenCells = written
        if let c = frame.cursor, c.x >= 0, c.y >= 0, c.x < size.width, c.y < size.height {
            setCursor(visible: 1)
            wmove(recall_stdscr(), Int32(c.y), Int32(c.x))
        } else {
            setCursor(visible: 0)
        }
        refresh()
        previous = frame
    }

    private func setCursor(visible: Int32) {
        if cursorVisible != visible {
            curs_set(visible)
            cursorVisible = visible
        }
    }

    /// Writes bytes straight to the terminal (OSC 52 clipboard, mode switches), after curses' own output.
    public func writeRaw(_ s: String) {
        fflush(recall_stdout())
        let bytes = Array(s.utf8)
        var off = 0
        while off < bytes.count {
            let n = bytes[off...].withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            off += n
        }
    }

    /// Puts text on the system clipboard with OSC 52 (terminals and tmux with set-clipboard on).
    public func copyToClipboard(_ text: String) {
        let b64 = Data(text.utf8).base64EncodedString()
        writeRaw("\u{1B}]52;c;\(b64)\u{07}")
    }

    private func attributes(_ s: Style) -> attr_t {
        var a = recall_a_normal()
        if s.attrs.contains(.bold) { a |= recall_a_bold() }
        if s.attrs.contains(.dim) { a |= recall_a_dim() }
        if s.attrs.contains(.underline) { a |= recall_a_underline() }
        if s.attrs.contains(.reverse) { a |= recall_a_reverse() }
        if s.attrs.contains(.italic) { a |= recall_a_italic() }
        return a
    }

    private func colorNumber(_ c: Color) -> Int32 {
        switch c.reduced(to: depth) {
        case .default: return -1
        case .ansi(let n): return depth == .ansi16 && recall_colors() < 16 ? Int32(n % 8) : Int32(n)
        case .indexed(let n): return Int32(n)
        case .rgb: return -1
        }
    }

    private func pair(for s: Style) -> Int32 {
        guard depth != .none else { return 0 }
        let fg = colorNumber(s.fg), bg = colorNumber(s.bg)
        if fg == -1 && bg == -1 { return 0 }
        let key = Int64(fg) << 32 | Int64(UInt32(bitPattern: bg))
        if let p = pairs[key] { return p }
        guard nextPair < min(recall_color_pairs(), 32767) else { return 0 }
        let p = nextPair
        nextPair += 1
        init_pair(Int16(p), Int16(fg), Int16(bg))
        pairs[key] = p
        return p
    }
}
