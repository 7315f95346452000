extension Commands {
    /// Making cards from what you read (editor) and generating them with the model.
    static let cards: [Command] = [
        Command("card.cloze", "Card: make the selection a cloze gap", .editor) { s in App.cardFromSelection(&s, .cloze) },
        Command("card.basic", "Card: basic card, the selection is the answer", .editor) { s in App.cardFromSelection(&s, .basic) },
        Command("card.reversed", "Card: reversed card from the selection", .editor) { s in App.cardFromSelection(&s, .reversed) },
        Command("cards.generate", "Generate cards from this snippet", .editor) { s in App.generateCards(&s) },
        Command("cards.proposals", "Show card proposals", .global) { s in App.showPendingProposals(&s) },
        Command("proposals.keep", "Keep the proposed card", .proposals, palette: false) { s in App.decideProposal(&s, keep: true) },
        Command("proposals.drop", "Drop the proposed card", .proposals, palette: false) { s in App.decideProposal(&s, keep: false) },
        Command("proposals.edit", "Edit the proposed card", .proposals, palette: false) { s in App.editProposal(&s) },
    ]
}
