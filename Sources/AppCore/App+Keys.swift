import TUI

extension App {
    /// Finds the command for a key in the current contexts. While text is being typed, global
    /// bindings on plain printable keys (`q`, `/`, `?`) are skipped so they type instead.
    public static func command(for k: KeyEvent, in s: AppState) -> String? {
        for ctx in s.keyContexts {
            guard let cmd = s.keymap.contexts[ctx]?[k] else { continue }
            if ctx == "global" && s.typesText && k.typedCharacter != nil { continue }
            return cmd == Keymap.unbound ? nil : cmd
        }
        return nil
    }

    static func handleKey(_ s: inout AppState, _ k: KeyEvent) -> [AppEffect] {
        if s.isTooSmall {
            // Only quitting makes sense on a screen too small to show anything.
            if k == .ctrl("q") || k == .char("q") || k == .ctrl("c") { return quit(&s) }
            return []
        }
        if let overlay = s.overlay { return handleOverlayKey(&s, overlay, k) }
        if let cmd = command(for: k, in: s) { return run(&s, cmd) }
        if s.focus == .editor, s.editor?.normalMode == false, let c = k.typedCharacter {
            s.editor!.insert(String(c), now: s.now)
            clampScrolls(&s)
            return edited(&s)
        }
        return []
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
            default: break
            }
            return []
        }
        guard s.focus == .editor, s.editor != nil else { return flash(&s, "Open a snippet to paste into it") }
        s.editor!.insert(text, now: s.now, paste: true)  // one undoable edit, however large
        clampScrolls(&s)
        return edited(&s)
    }

    static func quit(_ s: inout AppState) -> [AppEffect] {
        s.quitting = true
        return saveIfDirty(&s) + [.quit]
    }

    /// Runs a named command (from a key or the palette).
    public static func run(_ s: inout AppState, _ name: String) -> [AppEffect] {
        switch name {
        case "app.quit": return quit(&s)
        case "app.help":
            s.overlay = .help(HelpOverlay(scroll: 0))
            return []
        case "app.palette":
            s.overlay = .palette(PaletteOverlay(input: LineInput(), selected: 0))
            return []
        case "app.redraw": return [.redraw]
        case "app.suspend": return saveIfDirty(&s) + [.suspend]
        case "theme.next": return [.nextTheme]
        case "search.open":
            s.overlay = .search(SearchOverlay(input: LineInput(), requestId: s.lastRequestId, hits: [], selected: 0, pending: false, error: nil))
            return []
        case "pane.navigator": return focus(&s, .navigator)
        case "pane.editor": return focus(&s, .editor)
        case "pane.ask": return focus(&s, .ask)
        case "pane.review": return focus(&s, .review)
        case "pane.main": return focus(&s, s.mainPane)
        case "pane.toggle-split":
            s.splitEnabled.toggle()
            clampScrolls(&s)
            return []
        case "ask.configure-model":
            var fx = flash(&s, "Asking the model server for its models…")
            fx.append(.listModels)
            return fx
        default:
            if name.hasPrefix("nav.") { return runNavigator(&s, name) }
            if name.hasPrefix("edit.") || name.hasPrefix("mode.") { return runEditor(&s, name) }
            if name.hasPrefix("review.") { return runReview(&s, name) }
            return flash(&s, "Unknown command “\(name)” — check your keymap file", error: true)
        }
    }
}
