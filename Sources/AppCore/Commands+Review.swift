import SRS

extension Commands {
    /// The Review pane's commands (from elsewhere, e.g. the palette, they first bring up the Review pane).
    static let review: [Command] = [
        Command("review.reveal", "Review: show answer", .review) { s in App.runReview(&s, .reveal) },
        Command("review.again", "Review: answer Again", .review) { s in App.runReview(&s, .grade(.again)) },
        Command("review.hard", "Review: answer Hard", .review) { s in App.runReview(&s, .grade(.hard)) },
        Command("review.good", "Review: answer Good", .review) { s in App.runReview(&s, .grade(.good)) },
        Command("review.easy", "Review: answer Easy", .review) { s in App.runReview(&s, .grade(.easy)) },
        Command("review.undo", "Review: undo last answer", .review) { s in App.runReview(&s, .undo) },
        Command("review.open-source", "Review: open the card's source snippet", .review) { s in App.runReview(&s, .openSource) },
        Command("review.restart", "Review: start a new session", .review) { s in App.runReview(&s, .restart) },
        Command("review.stats", "Review: show or hide the statistics", .review) { s in App.runReview(&s, .stats) },
    ]

    /// Commands of the overlays: lists, prompts and confirmations.
    static let overlays: [Command] = [
        Command("list.up", "List: up", .overlay, action: .list(.up)),
        Command("list.down", "List: down", .overlay, action: .list(.down)),
        Command("list.page-up", "List: page up", .overlay, action: .list(.pageUp)),
        Command("list.page-down", "List: page down", .overlay, action: .list(.pageDown)),
        Command("list.accept", "List: choose", .overlay, action: .list(.accept)),
        Command("list.close", "Close", .overlay, action: .list(.close)),
        Command("search.mode", "Search: cycle ranking (hybrid, bm25, vector)", .overlay, action: .list(.cycleRanking)),
        Command("confirm.yes", "Confirm: yes", .confirm, action: .confirm(true)),
        Command("confirm.no", "Confirm: no", .confirm, action: .confirm(false)),
    ]
}

/// What a Review command asks of the session.
enum ReviewCommand: Equatable {
    case reveal, undo, openSource, restart, stats
    case grade(Rating)
}
