import TextEngine

extension Commands {
    /// A cursor motion that extends the selection in Normal mode after `v`.
    private static func motion(_ name: String, _ title: String, _ m: @escaping @Sendable (Int) -> Motion) -> Command {
        Command(name, title, .editor) { s in App.editorApply(&s) { selecting, page in .move(m(page), extend: selecting) } }
    }

    /// A motion that always extends the selection.
    private static func select(_ name: String, _ title: String, _ m: Motion) -> Command {
        Command(name, title, .editor) { s in App.editorApply(&s) { _, _ in .move(m, extend: true) } }
    }

    /// A plain editor command.
    private static func plain(_ name: String, _ title: String, _ c: EditorCommand) -> Command {
        Command(name, title, .editor) { s in App.editorApply(&s) { _, _ in c } }
    }

    /// The editor's commands.
    static let editor: [Command] = [
        Command("edit.save", "Save snippet", .editor) { s in App.editorSave(&s) },
        plain("edit.undo", "Undo", .undo),
        plain("edit.redo", "Redo", .redo),
        plain("edit.copy", "Copy", .copy),
        plain("edit.cut", "Cut", .cut),
        Command("edit.paste", "Paste", .editor) { s in
            let register = s.register
            return App.editorApply(&s) { _, _ in .paste(register.isEmpty ? nil : register) }
        },
        plain("edit.select-all", "Select all", .selectAll),
        Command("edit.find", "Find in snippet", .editor) { s in App.editorPrompt(&s, .find) },
        plain("edit.find-next", "Find next", .findNext),
        plain("edit.find-prev", "Find previous", .findPrevious),
        Command("edit.replace", "Replace in snippet", .editor) { s in App.editorPrompt(&s, .replaceFind) },
        Command("edit.goto-line", "Go to line", .editor) { s in App.editorPrompt(&s, .gotoLine) },
        Command("edit.external", "Edit in $EDITOR", .editor) { s in App.editorExternal(&s) },
        Command("edit.reload", "Reload snippet (take the stored text)", .editor) { s in App.editorReload(&s) },
        motion("edit.up", "Cursor up") { _ in .up },
        motion("edit.down", "Cursor down") { _ in .down },
        motion("edit.left", "Cursor left") { _ in .left },
        motion("edit.right", "Cursor right") { _ in .right },
        motion("edit.word-left", "Word left") { _ in .wordLeft },
        motion("edit.word-right", "Word right") { _ in .wordRight },
        motion("edit.line-start", "Line start") { _ in .lineStart },
        motion("edit.line-end", "Line end") { _ in .lineEnd },
        motion("edit.doc-start", "Start of snippet") { _ in .documentStart },
        motion("edit.doc-end", "End of snippet") { _ in .documentEnd },
        motion("edit.page-up", "Page up") { .pageUp($0) },
        motion("edit.page-down", "Page down") { .pageDown($0) },
        select("edit.select-up", "Select up", .up),
        select("edit.select-down", "Select down", .down),
        select("edit.select-left", "Select left", .left),
        select("edit.select-right", "Select right", .right),
        select("edit.select-line-start", "Select to line start", .lineStart),
        select("edit.select-line-end", "Select to line end", .lineEnd),
        Command("edit.select-toggle", "Start/stop selecting", .editorNormal) { s in App.editorToggleSelecting(&s) },
        plain("edit.newline", "New line (auto-indent)", .newline),
        plain("edit.backspace", "Delete backward", .deleteBackward),
        plain("edit.delete", "Delete forward", .deleteForward),
        Command("edit.delete-to-line-end", "Delete to line end", .editorNormal) { s in
            App.editorApply(&s, first: .move(.lineEnd, extend: true)) { _, _ in .deleteForward }
        },
        plain("edit.indent", "Indent", .indent),
        plain("edit.dedent", "Dedent", .outdent),
        Command("edit.open-below", "Open line below", .editorNormal) { s in
            App.editorInsertMode(&s, [.move(.lineEnd, extend: false), .newline], edits: true)
        },
        Command("edit.open-above", "Open line above", .editorNormal) { s in
            App.editorInsertMode(&s, [.move(.lineStart, extend: false), .move(.lineStart, extend: false), .insert("\n"), .move(.up, extend: false)], edits: true)
        },
        Command("mode.insert", "Insert mode", .editorNormal) { s in App.editorInsertMode(&s, [], edits: false) },
        Command("mode.append", "Append after cursor", .editorNormal) { s in
            App.editorInsertMode(&s, [.move(.right, extend: false)], edits: false)
        },
        Command("mode.append-line-end", "Append at line end", .editorNormal) { s in
            App.editorInsertMode(&s, [.move(.lineEnd, extend: false)], edits: false)
        },
        Command("mode.insert-line-start", "Insert at line start", .editorNormal) { s in
            App.editorInsertMode(&s, [.move(.lineStart, extend: false)], edits: false)
        },
        Command("mode.normal", "Normal mode", .editor) { s in App.editorNormalMode(&s) },
    ]
}
