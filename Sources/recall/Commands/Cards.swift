import ArgumentParser
import Foundation
import LLM
import Notebook
import RecallKit
import SRS
import Store

/// `recall cards`: cards made by the model from notes.
struct CardsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cards", abstract: "Generate flashcards from notes with the model.",
                                                    subcommands: [CardsGenerate.self])
}

/// `recall cards generate SNIPPET`: the model proposes cards (structured output); they are validated,
/// duplicates of existing cards dropped, then saved with --accept-all or chosen one by one on a terminal.
struct CardsGenerate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate", abstract: "Let the model propose cards from a snippet.",
        discussion: """
        The model answers in JSON matching a schema (Ollama `format`, OpenAI `response_format`); every proposal is
        checked (non-empty sides, cloze markup, length) and cards equal to existing ones are dropped.
        On a terminal you walk through the proposals (y keep, n skip, a keep the rest, q stop); otherwise nothing is
        saved unless you pass --accept-all, and the proposals are printed.
        recall cards generate 3f2a --accept-all --json
        """)
    @OptionGroup var global: GlobalOptions
    @OptionGroup var llm: LLMOptions
    @Argument(help: "Snippet id (or a unique prefix).") var snippet: String
    @Flag(name: .customLong("accept-all"), help: "Save every valid proposal without asking.") var acceptAll = false
    @Option(parsing: .unconditional, help: "At most this many cards.") var max = 8
    @Option(help: "Deck for the new cards (default: the snippet's notebook deck).") var deck: String?
    @Option(help: "Creation time (ISO 8601).") var at: String?

    struct Report: Encodable {
        var snippet: String
        var model: String
        var proposed: [Proposal]
        var saved: [String]
        var rejected: [String]
        var duplicates: Int
    }

    struct Proposal: Encodable {
        var kind: String
        var front: String
        var back: String
        var question: String
        var answer: String
    }

    func run() async throws {
        guard max >= 1 else { throw ValidationError("--max must be at least 1 (got \(max))") }
        let db = try global.openDatabase()
        let now = try reviewTime(at)
        let s = try resolveSnippet(db, snippet)
        let profile = try llm.resolveProfile(temperature: 0)
        let services = LLMServices(profile: profile, onWaiting: { WaitingNote.shared.say($0) })
        let outcome: CardGenerator.Proposals
        do {
            outcome = try await CardGenerator.propose(db: db, snippet: s, chat: services.chat, model: profile.chatModel, max: max)
        } catch let f as CardGenerator.Failure {
            throw CLIError(f.description.replacingOccurrences(of: "another model", with: "another model with --model"))
        }
        let groups = outcome.groups

        let interactive = !acceptAll && !global.json && isatty(0) == 1 && isatty(1) == 1
        var chosen: [[CardDraft]] = []
        if acceptAll {
            chosen = groups
        } else if interactive {
            chosen = walk(groups)
        }
        var saved: [String] = []
        for g in chosen {
            saved += try db.addCards(g, deck: deck, source: CardSource(snippetID: s.id), at: now).map(\.id)
        }
        for r in outcome.rejected { Output.note("rejected \(r)") }
        if outcome.duplicates > 0 { Output.note("dropped \(outcome.duplicates) proposal(s) equal to existing cards") }
        let report = Report(
            snippet: s.id, model: profile.chatModel,
            proposed: groups.flatMap { $0 }.map { Proposal(kind: $0.kind.rawValue, front: $0.front, back: $0.back, question: $0.question, answer: $0.answer) },
            saved: saved, rejected: outcome.rejected, duplicates: outcome.duplicates)
        if global.json { try Output.json(report); return }
        if !interactive {
            for (i, p) in report.proposed.enumerated() {
                print("\(i + 1). [\(p.kind)] \(Output.safe(p.question))\n   → \(Output.safe(p.answer))")
            }
        }
        if saved.isEmpty && !acceptAll && !interactive {
            Output.note("nothing saved — run again with --accept-all to keep these cards")
        } else {
            Output.note("saved \(saved.count) card(s)")
        }
    }

    /// Asks about each proposal on the terminal: y keep, n skip, a keep this and the rest, q stop.
    func walk(_ groups: [[CardDraft]]) -> [[CardDraft]] {
        var kept: [[CardDraft]] = []
        var all = false
        for (i, g) in groups.enumerated() {
            if all { kept.append(g); continue }
            let d = g[0]
            print("\n\(i + 1)/\(groups.count) [\(d.kind.rawValue)\(g.count > 1 ? " ×\(g.count)" : "")]")
            print("  Q: \(Output.safe(d.question))")
            print("  A: \(Output.safe(d.answer))")
            print("Keep? [y]es [n]o [a]ll the rest [q]uit: ", terminator: "")
            guard let line = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() else { break }
            switch line.first {
            case "y": kept.append(g)
            case "a": kept.append(g); all = true
            case "q": return kept
            default: continue
            }
        }
        return kept
    }
}
