import AppCore
import Foundation
import RecallKit
import SRS
import Store

/// Making cards in the app: stored on the store's serial queue (after the save that precedes them).
final class CardsEffects: Sendable {
    private let store: StoreQueue

    init(store: StoreQueue) { self.store = store }

    /// Runs one cards effect.
    func perform(_ effect: CardsEffect) {
        switch effect {
        case .fromSelection(let r):
            store.async { db in
                let result = try db.addCardFromSelection(snippetID: r.snippetId, contentHash: r.contentHash,
                                                         byteRange: r.start..<r.end, kind: r.kind, at: CardsTime.now())
                return .cardsAdded(CardsEffects.message(result, title: r.title))
            }
        }
    }

    /// "Cloze c2 added to the note from “Borrowing rules” (2 cards, deck Ownership)".
    static func message(_ r: SelectionCardResult, title: String) -> String {
        let deck = r.added.first?.deckName ?? "?"
        if let n = r.clozeNumber {
            return "Cloze c\(n) added from “\(title)” (\(r.noteCards) card\(r.noteCards == 1 ? "" : "s") in the note, deck \(deck))"
        }
        return "\(r.added.count == 2 ? "Reversed pair" : "Card") added from “\(title)” (deck \(deck))"
    }
}
