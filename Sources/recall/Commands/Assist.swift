import ArgumentParser
import Dispatch
import Foundation
import Grounding
import Notebook
import RecallKit
import Store
import TextDiff

/// `recall assist`: runs an assistant action on a snippet and prints the proposal (a unified diff for changes).
struct AssistCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assist", abstract: "Ask the assistant to summarize, explain, refactor or write tests for a snippet.",
        discussion: """
            Prints the proposal: for refactor, summarize and tests a unified diff against the current text (tests and the \
            summary of a code snippet become a new snippet in the same notebook, so their diff adds every line); for \
            explain the explanation. Nothing is written unless you add --apply, which saves the proposal as a revision \
            with origin `assistant` (`recall history` lists it, `recall restore` undoes it). The snippet goes to the \
            model as quoted data. The prompts are data files: override one in ~/.config/recall/prompts/assist-ACTION.toml \
            (see prompts/assist-*.toml). Ctrl-C stops the model and writes nothing. A summary of a markdown snippet goes \
            where --place says: end (default, a ### Summary section), top (under the note's `# ` title line) or new (a new \
            snippet); a code snippet's summary is always a new snippet.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var llm: LLMOptions
    @Argument(help: "summarize, explain, refactor or tests.") var action: AssistAction
    @Argument(help: "The snippet (id, unique id prefix or title).") var snippet: String
    @Flag(help: "Save the proposal as a revision with origin `assistant` (or create the new snippet).") var apply = false
    @Option(name: .customLong("max-tokens"), parsing: .unconditional, help: "The most the model may write (default 1024).") var maxTokens = 1024
    @Option(help: "Where a summary goes: end (default for markdown), top or new (a new snippet; the only place for code).")
    var place: AssistPlace?

    func validate() throws {
        if apply && !action.changesText { throw ValidationError("explain proposes no change — drop --apply") }
        if place != nil && action != .summarize { throw ValidationError("--place applies to summarize only — drop it") }
        if maxTokens < 1 { throw ValidationError("--max-tokens must be at least 1") }
    }

    func run() async throws {
        let db = try global.openDatabase()
        let target = try resolveSnippet(db, snippet)
        if let place, !SummaryPlacement.offered(for: target.kind).contains(place.placement) {
            throw CLIError("“\(Output.field(target.title))” is code: its summary can only be a new snippet (a section would break the code) — use --place new or drop --place")
        }
        let profile = try llm.resolveProfile()
        var service = try AssistService.make(profile: profile, queryLog: try global.queryLog(profile: profile))
        service.maxTokens = maxTokens
        let subject = AssistSubject(title: target.title, kind: target.kind, language: target.language, text: target.body)
        let json = global.json
        let streams = !json && action == .explain
        if !streams { Output.note("asking \(Output.field(service.services.profile.chatModel)) to \(action.title.lowercased()) “\(Output.field(target.title))”…") }
        let task = Task { try await service.run(action, on: subject, onDelta: { text in if streams { Output.out(text) } }) }
        // Ctrl-C stops the model; nothing is written.
        signal(SIGINT, SIG_IGN)
        let interrupt = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        interrupt.setEventHandler { task.cancel() }
        interrupt.resume()
        defer { interrupt.cancel() }
        var run: AssistRun
        do { run = try await task.value } catch let failure as AssistFailure {
            if streams { Output.out("\n") }
            if case .cancelled = failure { Output.note("stopped — nothing was written"); throw ExitCode(130) }
            throw CLIError(failure.description)
        }
        if let place { run.proposal = run.proposal.placingSummary(place.placement, subject: subject) }
        for w in run.warnings { Output.note("warning: \(w)") }
        let diff = Self.diff(run.proposal, subject: subject, title: target.title)
        var applied: AssistApplied?
        if apply {
            do { applied = try AssistService.apply(run.proposal, to: target, basedOn: target.contentHash, db: db) } catch let e as AssistApplyError {
                throw CLIError(e.description)
            }
        }
        if json {
            return try Output.json(AssistDocument(action: action.rawValue, snippetId: target.id, model: run.model,
                                                  proposal: run.proposal.text, diff: diff, applied: applied != nil,
                                                  revisionId: applied?.revisionID, createdSnippetId: applied?.created == true ? applied?.snippetID : nil))
        }
        if streams { Output.out(run.proposal.reply.hasSuffix("\n") ? "" : "\n"); return }
        Output.out(diff ?? "")
        if diff?.isEmpty ?? true { Output.note("the proposal is the same as the current text") }
        if let applied {
            let what = applied.created ? "created snippet \(applied.snippetID.prefix(8)) with" : "saved"
            Output.note("\(what) revision \(applied.revisionID) (origin assistant) — `recall history \(applied.snippetID.prefix(8))` lists it")
        } else {
            Output.note("not applied — run again with --apply to save it")
        }
    }

    /// The unified diff of a changing proposal against the current text (nil for explain).
    static func diff(_ proposal: AssistProposal, subject: AssistSubject, title: String) -> String? {
        let old = proposal.baseText(for: subject)
        switch proposal.change {
        case .none: return nil
        case .replaceBody(let body): return LineDiff(old: old, new: body).unified(oldName: "a/\(title)", newName: "b/\(title)")
        case .newSnippet(let newTitle, _, _, let body): return LineDiff(old: old, new: body).unified(oldName: "/dev/null", newName: "b/\(newTitle)")
        }
    }
}

extension AssistAction: ExpressibleByArgument {}

/// `recall assist summarize --place`: where the summary goes (the app asks the same question).
enum AssistPlace: String, CaseIterable, ExpressibleByArgument {
    case end, top, new

    /// The placement it names.
    var placement: SummaryPlacement {
        switch self {
        case .end: return .end
        case .top: return .top
        case .new: return .newSnippet
        }
    }
}

/// `recall assist --json`: the contract's keys, with null where there is no value.
struct AssistDocument: Encodable {
    var action: String
    var snippetId: String
    var model: String
    var proposal: String
    @NullEncodable var diff: String?
    var applied: Bool
    @NullEncodable var revisionId: Int64?
    @NullEncodable var createdSnippetId: String?

    enum CodingKeys: String, CodingKey { case action, snippetId = "snippet_id", model, proposal, diff, applied, revisionId = "revision_id", createdSnippetId = "created_snippet_id" }
}
