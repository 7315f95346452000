import ArgumentParser
import Foundation
import LLM
import RecallKit

/// `recall chat`: sends one prompt to the chat model and streams the plain answer to stdout.
struct ChatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Send one prompt to the chat model and stream the answer.",
        discussion: "The answer goes to stdout as it arrives; \"loading model…\", warnings and errors go to stderr. Reads the prompt from stdin when it is `-` or missing.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var llm: LLMOptions

    @Argument(help: "The prompt (`-` or nothing: read stdin).")
    var prompt: String?

    @Option(name: .long, help: "A system message.")
    var system: String?

    @Option(name: .long, help: "Sampling temperature.")
    var temperature: Double?

    @Option(name: .customLong("max-tokens"), help: "Stop after this many tokens.")
    var maxTokens: Int?

    @Flag(name: .long, help: "Let a thinking model think (its reasoning goes to stderr).")
    var think = false

    func run() async throws {
        let profile = try llm.resolveProfile(temperature: temperature)
        let text = try readPrompt()
        let services = LLMServices(profile: profile)
        var messages: [ChatMessage] = []
        if let system { messages.append(.system(system)) }
        messages.append(.user(text))
        var request = services.chatRequest(messages, maxTokens: maxTokens)
        request.think = think

        let start = ContinuousClock.now
        var firstToken: Duration?
        var content = ""
        var warnings: [LLMWarning] = []
        var summary: ChatSummary?
        var loadingShown = false
        let log = try global.queryLog(profile: profile)
        func logged(_ outcome: QueryOutcome, error: String? = nil) {
            let total = (ContinuousClock.now - start).secondsDouble * 1000
            let rate: Double? = {
                guard let firstToken, let n = summary?.outputTokens, n > 1 else { return nil }
                let seconds = total / 1000 - firstToken.secondsDouble
                return seconds > 0 ? Double(n - 1) / seconds : nil
            }()
            log.record(QueryLogEntry(kind: .chat, question: text, latency: QueryLatency(firstTokenMS: firstToken.map { $0.secondsDouble * 1000 }, totalMS: total),
                                     tokensIn: summary?.promptTokens, tokensOut: summary?.outputTokens, tokensPerSecond: rate,
                                     model: summary?.model ?? profile.chatModel, profile: profile.name, outcome: outcome, error: error))
        }
        do {
            for try await event in services.chat.chatStream(request) {
                switch event {
                case .loading:
                    if !loadingShown {
                        // Ollama answers nothing until the model is loaded; other servers are only slow to start.
                        let note = profile.provider == .ollama ? "loading model \(profile.chatModel)…" : "waiting for the server…"
                        Output.err(note + "\n")
                    }
                    loadingShown = true
                case .thinking(let t):
                    if think { Output.err(t) }
                case .token(let t):
                    if firstToken == nil { firstToken = ContinuousClock.now - start }
                    content += t
                    if !global.json { Output.out(t) }
                case .warning(let w):
                    warnings.append(w)
                    Output.err("warning: \(w)\n")
                case .done(let s):
                    summary = s
                }
            }
            try Task.checkCancellation()
        } catch {
            logged(error is CancellationError ? .stopped : .failed, error: "\(error)")
            throw error
        }
        logged(.answered)
        let total = ContinuousClock.now - start
        if global.json {
            let document = ChatDocument(model: summary?.model ?? profile.chatModel, content: content,
                                        doneReason: summary?.doneReason, promptTokens: summary?.promptTokens,
                                        outputTokens: summary?.outputTokens,
                                        firstTokenSeconds: firstToken?.secondsDouble, totalSeconds: total.secondsDouble,
                                        warnings: warnings.map(\.description))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            FileHandle.standardOutput.write(Output.jsonSafe(try encoder.encode(document)) + Data("\n".utf8))
        } else {
            if !content.hasSuffix("\n") { Output.out("\n") }
        }
    }

    private func readPrompt() throws -> String {
        if let prompt, prompt != "-" { return prompt }
        let data = FileHandle.standardInput.readDataToEndOfFile()
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw ValidationError("no prompt — pass it as an argument or on stdin") }
        return text
    }
}

/// The `recall chat --json` document.
struct ChatDocument: Encodable {
    var model: String
    var content: String
    var doneReason: String?
    var promptTokens: Int?
    var outputTokens: Int?
    var firstTokenSeconds: Double?
    var totalSeconds: Double
    var warnings: [String]

    enum CodingKeys: String, CodingKey {
        case model, content, warnings
        case doneReason = "done_reason", promptTokens = "prompt_tokens", outputTokens = "output_tokens"
        case firstTokenSeconds = "first_token_seconds", totalSeconds = "total_seconds"
    }
}
