import Grounding
import TUI

extension Commands {
    /// Assistant actions on the open snippet (or its selection), and the side view's keys.
    static let assist: [Command] = [
        Command("assist.menu", "Assistant actions (summarize, explain, refactor, tests, flashcards)", .editor) { s in App.openAssistMenu(&s) },
        Command("assist.summarize", "Assistant: summarize this snippet (or the selection)", .editor) { s in App.startAssist(&s, .summarize) },
        Command("assist.explain", "Assistant: explain this snippet (or the selection)", .editor) { s in App.startAssist(&s, .explain) },
        Command("assist.refactor", "Assistant: refactor this snippet (or the selection)", .editor) { s in App.startAssist(&s, .refactor) },
        Command("assist.tests", "Assistant: generate tests as a new snippet", .editor) { s in App.startAssist(&s, .tests) },
        Command("assist.flashcards", "Assistant: make flashcards from this snippet", .editor) { s in App.makeFlashcards(&s) },
        Command("assist.accept", "Accept the assistant's proposal", .assist, palette: false) { s in App.assistAccept(&s) },
        Command("assist.reject", "Reject the proposal (or stop the assistant)", .assist, palette: false) { s in App.assistReject(&s) },
        Command("assist.toggle", "Show the diff, the reply or the tests' output", .assist, palette: false) { s in App.assistToggle(&s) },
        Command("assist.run-tests", "Run the generated tests with the snippet before accepting", .assist, palette: false) { s in App.assistRunTests(&s) },
    ]
}
