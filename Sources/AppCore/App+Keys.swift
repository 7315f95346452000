import TUI

extension App {
    /// The command a key runs where the user is, searching the contexts most specific first. While text is being
    /// typed, bindings on plain printable keys (`q`, `/`, `1`, `]`) are skipped so the key types instead: in a text
    /// box, printable keys type and commands use modifiers.
    public static func command(for k: KeyEvent, in s: AppState) -> Command? {
        for ctx in s.keyContexts {
            guard let name = s.keymap.contexts[ctx.rawValue]?[k] else { continue }
            if k.typedCharacter != nil && s.skipsPrintableBindings(of: ctx) { continue }
            return name == Keymap.unbound ? nil : Commands.named(name)
        }
        return nil
    }

    static func handleKey(_ s: inout AppState, _ k: KeyEvent) -> [AppEffect] {
        if s.isTooSmall {
            // Only quitting makes sense on a screen too small to show anything.
            if k == .ctrl("q") || k == .char("q") || k == .ctrl("c") { return quit(&s) }
            return []
        }
        if let overlay = s.overlay {
            // The quit key (a non-printable global binding, Ctrl-Q by default) quits from every overlay, as from the
            // panes: the search box, the palette, a prompt, the assistant's menu and the history view used to swallow
            // it. A confirmation is answered first (its own keys), and a printable `q` still types into a text box.
            if k.typedCharacter == nil, !overlay.isConfirmation,
               s.keymap.contexts[CommandContext.global.rawValue]?[k] == "app.quit" {
                return quit(&s)
            }
            return handleOverlayKey(&s, overlay, k)
        }
        if let cmd = command(for: k, in: s) { return run(&s, cmd) }
        if let c = k.typedCharacter { return typed(&s, String(c)) }
        if s.focus == .ask { return askEditKey(&s, k) }
        return []
    }

    /// A printable key nobody bound: it types into the text box that has the focus.
    static func typed(_ s: inout AppState, _ text: String) -> [AppEffect] {
        switch s.focus {
        case .editor:
            guard s.editor?.normalMode == false else { return [] }
            s.editor?.insert(text, now: s.now)
            clampScrolls(&s)
            return edited(&s)
        case .ask: return askTyped(&s, text)
        case .navigator, .review: return []
        }
    }

    static func handlePaste(_ s: inout AppState, _ text: String) -> [AppEffect] {
        if let overlay = s.overlay {
            switch overlay {
            case .search(var o):
                o.input.insert(text)
                s.overlay = .search(o)
                return startSearch(&s)
            case .palette(var o):
                o.input.insert(text)
                s.overlay = .palette(o)
            case .prompt(var o):
                o.input.insert(text)
                s.overlay = .prompt(o)
            case .picker(var o):
                o.input.insert(text)
                s.overlay = .picker(o)
            case .proposals(var o):
                guard var edit = o.editing else { break }
                edit.input.insert(text)
                o.editing = edit
                s.overlay = .proposals(o)
            case .help, .confirm, .history, .jobs, .progress, .report, .assist: break
            }
            return []
        }
        if s.focus == .ask { return askTyped(&s, text) }
        guard s.focus == .editor, s.editor != nil else { return flash(&s, "Open a snippet to paste into it") }
        s.editor?.insert(text, now: s.now, paste: true)  // one undoable edit, however large
        clampScrolls(&s)
        return edited(&s)
    }

    /// Saves what is unsaved and asks the loop to stop; while jobs that matter run (not embedding, which resumes),
    /// it asks first.
    static func quit(_ s: inout AppState) -> [AppEffect] {
        let busy = s.jobs.running.filter { $0.kind.asksBeforeQuit }
        if !busy.isEmpty && !s.isTooSmall {
            let what = busy.count == 1 ? "\(busy[0].kind.label) “\(busy[0].title)” is" : "\(busy.count) jobs are"
            s.overlay = .confirm(ConfirmOverlay(question: "\(what) still running — cancel and quit? (y/n)", action: .quitCancellingJobs))
            return []
        }
        return quitNow(&s)
    }

    /// Quits without asking (signals, a lost terminal, or after the user said yes): saves what is unsaved and
    /// cancels running jobs, which stop cleanly (nothing half-written).
    public static func quitNow(_ s: inout AppState) -> [AppEffect] {
        s.quitting = true
        let jobs: [AppEffect] = s.jobs.runningCount > 0 ? [.jobs(.cancelAll)] : []
        return saveIfDirty(&s) + askStopIfRunning(&s) + jobs + [.ui(.quit)]
    }

    /// Runs a command (from a key or the palette).
    public static func run(_ s: inout AppState, _ command: Command) -> [AppEffect] {
        switch command.action {
        case .run(let handler): return handler(&s)
        case .list, .confirm:
            // Only meaningful while their overlay is open (handled there).
            return []
        }
    }

    /// Runs a command by its keymap name (signals and tests).
    public static func run(_ s: inout AppState, named name: String) -> [AppEffect] {
        guard let c = Commands.named(name) else { return flash(&s, "Unknown command “\(name)”", error: true) }
        return run(&s, c)
    }

    /// Opens the search overlay.
    static func openSearch(_ s: inout AppState) -> [AppEffect] {
        s.overlay = .search(SearchOverlay(input: LineInput(), requestId: s.lastRequestId, hits: [], selected: 0, pending: false, error: nil))
        return []
    }
}
