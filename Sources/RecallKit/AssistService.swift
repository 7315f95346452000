import Foundation
import Grounding
import LLM
import Notebook
import Store

/// Why an assistant action produced no proposal (one line: what happened and what to do).
public enum AssistFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The model server cannot be used (down, model not pulled, not a chat model…).
    case modelUnavailable(String)
    /// The model failed while answering.
    case modelFailed(String)
    /// The model answered nothing usable.
    case emptyReply
    /// The action was cancelled before it finished.
    case cancelled

    /// The explanation.
    public var description: String {
        switch self {
        case .modelUnavailable(let why): return "the model cannot be used: \(why)"
        case .modelFailed(let why): return "the model failed while answering: \(why) — try again"
        case .emptyReply: return "the model's reply was empty — try again, or pick another chat model"
        case .cancelled: return "cancelled"
        }
    }
}

/// A finished assistant action: the model, its raw reply and the proposal made from it.
public struct AssistRun: Sendable, Hashable {
    /// The chat model that answered.
    public var model: String
    /// The proposal (what accepting writes).
    public var proposal: AssistProposal
    /// Warnings about the answer (context cut, token limit).
    public var warnings: [String]
}

/// What accepting a proposal wrote.
public struct AssistApplied: Sendable, Hashable {
    /// The snippet written (the same one, or the new one).
    public var snippetID: String
    /// The revision saved with origin `assistant`.
    public var revisionID: Int64
    /// True when a new snippet was created.
    public var created: Bool
}

/// Why accepting did not write (the snippet changed meanwhile, or there is nothing to write).
public struct AssistApplyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The explanation.
    public var description: String
}

/// Runs assistant actions (summarize, explain, refactor, tests) on a snippet with the chat model, streaming the
/// reply, and applies accepted proposals as revisions with origin `assistant`. Shared by `recall assist` and the app.
public struct AssistService: Sendable {
    /// The model-server clients.
    public let services: LLMServices
    /// The prompt of each action (built-in, or the user's override).
    public let templates: [AssistAction: AssistTemplate]
    /// The most the model may write.
    public var maxTokens = 1024
    /// Where each action is recorded (kind `assistant`: action and snippet title, model, timings, tokens, outcome).
    public var queryLog: QueryLog?

    /// A service with these clients and templates (missing actions use the built-in prompt).
    public init(services: LLMServices, templates: [AssistAction: AssistTemplate] = [:], queryLog: QueryLog? = nil) {
        self.services = services
        self.templates = templates
        self.queryLog = queryLog
    }

    /// A service for a profile, with the user's prompt files read over the built-in ones.
    public static func make(profile: LLMProfile, environment: [String: String] = ProcessInfo.processInfo.environment,
                            queryLog: QueryLog? = nil) throws -> AssistService {
        AssistService(services: LLMServices(profile: profile, environment: environment),
                      templates: try AssistPromptFiles.load(environment: environment), queryLog: queryLog)
    }

    /// Runs `action` on `subject`; `onDelta` gets the reply as it streams. Cancel the task to stop it.
    public func run(_ action: AssistAction, on subject: AssistSubject, onDelta: @Sendable (String) -> Void = { _ in }) async throws -> AssistRun {
        let messages = AssistPrompt.messages(action, subject: subject, template: templates[action]).map {
            ChatMessage(role: ChatRole(rawValue: $0.role.rawValue) ?? .user, content: $0.content)
        }
        var request = services.chatRequest(messages, maxTokens: maxTokens)
        request.numCtx = services.profile.provider == .ollama ? services.profile.numCtx : nil
        var reply = ""
        var model = services.profile.chatModel
        var warnings: [String] = []
        var summary: ChatSummary?
        let clock = ContinuousClock(), start = clock.now
        var firstToken: Duration?
        func log(_ outcome: QueryOutcome, error: String? = nil) {
            guard let queryLog else { return }
            func ms(_ d: Duration) -> Double { Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15 }
            let total = clock.now - start
            var rate: Double?
            if let firstToken, let n = summary?.outputTokens, n > 1, ms(total) > ms(firstToken) {
                rate = Double(n - 1) / ((ms(total) - ms(firstToken)) / 1000)
            }
            queryLog.record(QueryLogEntry(kind: .assistant, question: "\(action.rawValue): \(subject.title)",
                                          latency: QueryLatency(firstTokenMS: firstToken.map(ms), totalMS: ms(total)),
                                          tokensIn: summary?.promptTokens, tokensOut: summary?.outputTokens, tokensPerSecond: rate,
                                          model: model, profile: services.profile.name, outcome: outcome, error: error))
        }
        do {
            for try await event in services.chat.chatStream(request) {
                switch event {
                case .token(let text):
                    if firstToken == nil { firstToken = clock.now - start }
                    reply += text
                    onDelta(text)
                case .warning(let w): warnings.append(w.description)
                case .done(let s):
                    summary = s
                    model = s.model.isEmpty ? model : s.model
                case .loading, .thinking: break
                }
            }
            try Task.checkCancellation()
        } catch {
            if error is CancellationError || Task.isCancelled {
                log(.stopped)
                throw AssistFailure.cancelled
            }
            let failure: AssistFailure
            if reply.isEmpty, let llm = error as? LLMError, AskService.meansNoModel(llm) { failure = .modelUnavailable(llm.description) } else { failure = .modelFailed("\(error)") }
            log(.failed, error: failure.description)
            throw failure
        }
        guard !reply.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            log(.failed, error: AssistFailure.emptyReply.description)
            throw AssistFailure.emptyReply
        }
        log(.answered)
        return AssistRun(model: model, proposal: AssistProposal(action: action, subject: subject, reply: reply), warnings: warnings)
    }

    /// Writes an accepted proposal: the snippet's new text as a revision with origin `assistant` (only if the
    /// snippet is still at `basedOn`, else nothing is overwritten: the proposal is kept as a `conflict` revision),
    /// or a new snippet in the same notebook whose first revision has origin `assistant`.
    public static func apply(_ proposal: AssistProposal, to snippet: Snippet, basedOn: String, db: AppDatabase) throws -> AssistApplied {
        switch proposal.change {
        case .none:
            throw AssistApplyError(description: "\(proposal.action.rawValue) proposes no change — there is nothing to apply")
        case .replaceBody(let body):
            switch try db.saveSnippet(id: snippet.id, body: body, basedOn: basedOn, origin: .assistant) {
            case .saved(let result):
                guard result.changed else { throw AssistApplyError(description: "the proposal is the snippet's current text — nothing to apply") }
                return AssistApplied(snippetID: snippet.id, revisionID: try newestRevision(db, snippet.id), created: false)
            case .conflict:
                throw AssistApplyError(description: "“\(snippet.title)” changed while the assistant worked — nothing was overwritten; the proposal is kept in its history as a conflict revision (`recall history`)")
            }
        case .newSnippet(let title, let kind, let language, let body):
            let created = try db.createSnippet(notebookID: snippet.notebookID, title: title, kind: kind, language: language,
                                               body: body, origin: .assistant)
            return AssistApplied(snippetID: created.id, revisionID: try newestRevision(db, created.id), created: true)
        }
    }

    private static func newestRevision(_ db: AppDatabase, _ id: String) throws -> Int64 {
        guard let r = try db.revisions(snippetID: id).first else { throw StoreError.notFound(id) }
        return r.id
    }
}

/// The user's assistant prompt files: `$XDG_CONFIG_HOME/recall/prompts/assist-ACTION.toml` over the built-in ones.
public enum AssistPromptFiles {
    /// The override file's path for an action.
    public static func path(_ action: AssistAction, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        RecallPaths.configDirectory(environment: environment) + "/prompts/" + AssistTemplate.fileName(action)
    }

    /// The template of every action; a broken user file is an error naming the file and the fix.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> [AssistAction: AssistTemplate] {
        var out: [AssistAction: AssistTemplate] = [:]
        for action in AssistAction.allCases {
            let file = path(action, environment: environment)
            guard FileManager.default.fileExists(atPath: file) else { out[action] = .builtIn(action); continue }
            let text: String
            do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
                throw ConfigError("\(file): cannot be read (\(error.localizedDescription)) — fix its permissions or remove it")
            }
            do { out[action] = try AssistTemplate.parse(toml: text, over: .builtIn(action)) } catch {
                throw ConfigError("\(file): \(error) — fix it, or remove it to use the built-in prompt")
            }
        }
        return out
    }
}
