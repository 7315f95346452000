import Foundation
import SRS
import Testing

/// Selections becoming gaps of one cloze note, and siblings buried for the day.
@Suite struct ClozeSelectionTests {
    let passage = "Rust allows one mutable or many shared references."

    func range(of word: String, in text: String) -> Range<Int> {
        let r = text.range(of: word)!
        return text.utf8.distance(from: text.startIndex, to: r.lowerBound)..<text.utf8.distance(from: text.startIndex, to: r.upperBound)
    }

    @Test func gapsAreNumberedInOrderOfSelectionAndKeepTheirNumbers() throws {
        let first = try Cloze.addingGap(range(of: "shared", in: passage), in: passage, to: nil)
        #expect(first.number == 1)
        #expect(first.text == "Rust allows one mutable or many {{c1::shared}} references.")
        // The second selection lies before the first gap: it is c2, and c1 keeps its place.
        let second = try Cloze.addingGap(range(of: "mutable", in: passage), in: passage, to: first.text)
        #expect(second.number == 2)
        #expect(second.text == "Rust allows one {{c2::mutable}} or many {{c1::shared}} references.")
        #expect(Cloze.plain(second.text) == passage)
        #expect(Cloze.question(second.text, index: 1) == "Rust allows one mutable or many [...] references.")
    }

    @Test func whiteSpaceAtTheEdgesIsTrimmedAndNonASCIIOffsetsWork() throws {
        let text = "Größe: café au lait"
        let r = range(of: " café ", in: text)
        let made = try Cloze.addingGap(r, in: text, to: nil)
        #expect(made.text == "Größe: {{c1::café}} au lait")
    }

    @Test func refusals() throws {
        let first = try Cloze.addingGap(range(of: "shared", in: passage), in: passage, to: nil)
        #expect(throws: ClozeSelectionError.overlapsGap) { try Cloze.addingGap(range(of: "many shared", in: passage), in: passage, to: first.text) }
        #expect(throws: ClozeSelectionError.empty) { try Cloze.addingGap(3..<3, in: passage, to: nil) }
        #expect(throws: ClozeSelectionError.empty) { try Cloze.addingGap(4..<5, in: passage, to: nil) }
        let marked = "a {{c1::b}} c"
        #expect(throws: ClozeSelectionError.containsMarkup) { try Cloze.addingGap(0..<marked.utf8.count, in: marked, to: nil) }
        #expect(throws: ClozeSelectionError.passageChanged) { try Cloze.addingGap(0..<4, in: passage + " More.", to: first.text) }
    }

    @Test func siblingsAreNotShownOnTheSameDay() {
        let t0 = Date(timeIntervalSince1970: 1_767_258_000)
        var review = CardSchedule.new(at: t0)
        review.phase = .review
        review.reps = 3
        review.due = t0
        var learning = CardSchedule.new(at: t0)
        learning.reps = 1
        learning.due = t0
        let cards = [
            QueueCard(id: "pair-a", deckID: "d", schedule: review, created: t0, order: 1, noteID: "pair"),
            QueueCard(id: "pair-b", deckID: "d", schedule: review, created: t0, order: 2, noteID: "pair"),
            QueueCard(id: "cloze-1", deckID: "d", schedule: .new(at: t0), created: t0, order: 3, noteID: "cloze"),
            QueueCard(id: "cloze-2", deckID: "d", schedule: .new(at: t0), created: t0, order: 4, noteID: "cloze"),
            QueueCard(id: "seen-1", deckID: "d", schedule: .new(at: t0), created: t0, order: 5, noteID: "seen"),
            QueueCard(id: "step", deckID: "d", schedule: learning, created: t0, order: 6, noteID: "steps"),
            QueueCard(id: "step-twin", deckID: "d", schedule: .new(at: t0), created: t0, order: 7, noteID: "steps"),
            QueueCard(id: "alone", deckID: "d", schedule: .new(at: t0), created: t0, order: 8),
        ]
        let q = ReviewQueue.build(cards, at: t0.addingTimeInterval(60), newLimit: { _ in 10 },
                                  reviewedToday: ["seen": ["seen-0"]])
        // One card per note; a note with a card reviewed today or in learning shows nothing else; no note, no rule.
        #expect(q.map(\.id) == ["step", "pair-a", "cloze-1", "alone"])
        // A buried new card does not use up the day's new-card limit.
        let limited = ReviewQueue.build(cards, at: t0.addingTimeInterval(60), newLimit: { _ in 2 })
        #expect(limited.map(\.id) == ["step", "pair-a", "cloze-1", "seen-1"])
    }
}
