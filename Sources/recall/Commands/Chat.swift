import ArgumentParser

/// `recall chat`: Send one prompt to the chat model and stream the answer. (not built yet).
struct ChatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "chat", abstract: "Send one prompt to the chat model and stream the answer.")
    @OptionGroup var global: GlobalOptions
    func run() throws { throw ValidationError("`recall chat` is not built yet.") }
}
