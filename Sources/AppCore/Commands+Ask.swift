import TUI

extension Commands {
    /// The Ask pane's commands. The question box has the keyboard when the pane is shown, so printable keys type:
    /// commands here use Enter, arrows, Tab, Esc and modifiers (`]`/`[` walk citations only while the answer has
    /// the keyboard).
    static let ask: [Command] = [
        Command("ask.submit", "Ask: ask the question (or open the selected citation)", .ask) { s in App.askSubmit(&s) },
        Command("ask.newline", "Ask: new line in the question", .ask) { s in
            s.ask.input.insertLineBreak()
            return []
        },
        Command("ask.previous-question", "Ask: earlier question (in an empty box); scroll up in the answer", .ask) { s in App.askWalkPast(&s, -1) },
        Command("ask.next-question", "Ask: later question; scroll down in the answer", .ask) { s in App.askWalkPast(&s, 1) },
        Command("ask.stop", "Ask: stop the answer (the partial answer stays); back to the question box", .ask) { s in App.askStop(&s) },
        Command("ask.next-citation", "Ask: next citation", .ask) { s in App.askCitation(&s, step: 1) },
        Command("ask.previous-citation", "Ask: previous citation", .ask) { s in App.askCitation(&s, step: -1) },
        Command("ask.open-citation", "Ask: open the selected citation's snippet", .ask) { s in App.askOpenCitation(&s) },
        Command("ask.scope", "Ask: cycle scope (all notes, this project, this notebook)", .ask) { s in App.askCycleScope(&s) },
        Command("ask.anyway", "Ask: answer anyway (when nothing relevant was found)", .ask) { s in App.askAnyway(&s) },
        Command("ask.clear", "Ask: clear the thread (start a new conversation)", .ask) { s in App.askClear(&s) },
        Command("ask.history", "Ask: browse saved answers", .ask) { s in App.askOpenHistory(&s) },
        Command("ask.rerun", "Ask: ask the shown question again (e.g. after picking another model)", .ask) { s in App.askRerun(&s) },
        Command("ask.save", "Ask: save the answer as a new snippet", .ask) { s in App.askSave(&s) },
        Command("ask.copy", "Ask: copy the answer with its sources (clipboard and the editor's paste register)", .ask) { s in
            App.askCopy(&s)
        },
        Command("ask.page-up", "Ask: scroll the answer up", .ask) { s in App.askScroll(&s, by: -10) },
        Command("ask.page-down", "Ask: scroll the answer down", .ask) { s in App.askScroll(&s, by: 10) },
        Command("ask.arena", "Ask: A/B arena — choose two model profiles, both answer the question side by side", .ask) { s in
            App.askArena(&s, blind: false)
        },
        Command("ask.arena-blind", "Ask: A/B arena, blind (which model is which is shown after the vote)", .ask) { s in
            App.askArena(&s, blind: true)
        },
        Command("ask.vote-a", "Ask: arena vote — A is better", .ask) { s in App.askArenaVote(&s, .a, key: "a") },
        Command("ask.vote-b", "Ask: arena vote — B is better", .ask) { s in App.askArenaVote(&s, .b, key: "b") },
        Command("ask.vote-tie", "Ask: arena vote — a tie", .ask) { s in App.askArenaVote(&s, .tie, key: "t") },
        Command("ask.configure-model", "Pick the chat model", .ask) { s in
            var fx = App.flash(&s, "Asking the model server for its models…")
            fx.append(.model(.listModels))
            return fx
        },
    ]
}
