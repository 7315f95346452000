extension Commands {
    /// Making cards from what you read (editor) and generating them with the model.
    static let cards: [Command] = [
        Command("card.cloze", "Card: make the selection a cloze gap", .editor) { s in App.cardFromSelection(&s, .cloze) },
        Command("card.basic", "Card: basic card, the selection is the answer", .editor) { s in App.cardFromSelection(&s, .basic) },
        Command("card.reversed", "Card: reversed card from the selection", .editor) { s in App.cardFromSelection(&s, .reversed) },
    ]
}
