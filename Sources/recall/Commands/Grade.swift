import ArgumentParser
import Foundation
import RecallKit
import SRS
import Store

/// `recall grade CARD RATING`: answer a card; prints its new schedule.
struct GradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grade", abstract: "Grade a card and print its new schedule.",
        discussion: """
        RATING is again|hard|good|easy or 1–4 for FSRS decks, 0–5 (or the same words) for SM-2 decks.
        recall grade 3f2a good --at 2026-01-01T09:00:00Z --json
        recall grade 3f2a --undo        (takes back the card's last grade; the log keeps both lines)
        """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Card id (or a unique prefix).") var card: String
    @Argument(help: "again|hard|good|easy, 1–4 (FSRS) or 0–5 (SM-2).") var rating: String?
    @Option(help: "Review time (ISO 8601), default now.") var at: String?
    @Flag(help: "Undo the card's last grade instead.") var undo = false

    func run() throws {
        let db = try global.openDatabase()
        let now = try reviewTime(at)
        let target = try db.resolveCard(card)
        guard let deck = try db.deck(named: target.deckID) else { throw CLIError("card \(Output.short(target.id)) has no deck — run `recall doctor`") }
        let scheduler = deck.settings.scheduler
        let updated: StoredCard
        var given: Int?
        if undo {
            guard rating == nil else { throw ValidationError("--undo takes no rating") }
            updated = try db.undoLastGrade(cardID: target.id, at: now)
        } else {
            guard let rating else { throw ValidationError("give a rating: again, hard, good or easy (or --undo)") }
            guard let g = Grade.parse(rating, for: scheduler) else {
                let scale = scheduler == .fsrs ? "again, hard, good, easy or 1–4" : "0–5 (or again, hard, good, easy)"
                throw CLIError("'\(rating)' is not a grade for deck '\(deck.name)' (\(scheduler.rawValue)) — use \(scale)")
            }
            updated = try db.grade(cardID: target.id, grade: g, at: now)
            given = g.value
        }
        let view = CardStateView(card: updated, scheduler: scheduler, rating: given)
        if global.json { try Output.json(view); return }
        let s = updated.schedule
        var line = "\(Output.short(updated.id))  \(s.phase.rawValue)"
        if scheduler == .fsrs, let st = s.stability, let d = s.difficulty {
            line += String(format: "  S %.4f  D %.4f", st, d)
        } else if scheduler == .sm2 {
            line += "  ease \(Decimal(s.easePermille) / 1000)  repetitions \(s.repetitions)"
        }
        line += "  due \(CardsTime.format(s.due)) (in \(Scheduling.label(seconds: max(0, Int(s.due.timeIntervalSince(now))))))"
        print(line)
        if updated.sourceChanged { Output.note("note: this card's source changed since it was made — check it with `recall card list --changed`") }
    }
}
