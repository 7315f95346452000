import Foundation
import Notebook
import SRS
import Store
import Testing

/// Decks, cards, grading, undo and the review log on real SQLite files in a temp directory.
@Suite struct CardStoreTests {
    let t0 = Date(timeIntervalSince1970: 1_767_258_000) // 2026-01-01T09:00:00Z

    func withDatabase(_ body: (AppDatabase, String) throws -> Void) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("recall-cards-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("recall.db").path
        let t = t0
        try body(try AppDatabase(path: path, clock: { t }), path)
    }

    @Test func addGradeAndReopenKeepsEverything() throws {
        // The expected values come from py-fsrs 6.3.2 (Fixtures/fsrs-vectors.json), not from the scheduler under test:
        // a default-settings case whose first two ratings are Good, 10 minutes apart (learning step 1, then review).
        let fixture = try FSRSFixtureTests.load()
        let reference = try #require(fixture.cases.first { c in
            c.name.hasPrefix("defaults-") && c.reviews.count >= 3 && c.reviews[0].rating == 3 && c.reviews[1].rating == 3
                && c.reviews[1].at - c.reviews[0].at == 600
        })
        let start = Date(timeIntervalSince1970: Double(reference.reviews[0].at))
        try withDatabase { db, path in
            // Given a basic card in a deck with fuzz off (fuzz only moves due dates; py-fsrs ran without it),
            try db.updateDeck(named: "Reference") { $0.fuzz = false }
            let card = try db.addCard(front: "Capital of France?", back: "Paris", deck: "Reference", at: start)
            #expect(card.deckName == "Reference" && card.schedule.isNew && card.schedule.due == start)
            // When it is graded as py-fsrs graded it,
            var after = card
            for r in reference.reviews {
                after = try db.grade(cardID: card.id, grade: .fsrs(try #require(Rating(rawValue: r.rating))),
                                     at: Date(timeIntervalSince1970: Double(r.at)))
                // Then each stored state matches py-fsrs bit for bit,
                #expect(after.schedule.phase.rawValue == r.state)
                #expect(after.schedule.stability == Double(r.stability))
                #expect(after.schedule.difficulty == Double(r.difficulty))
                #expect(after.schedule.due.timeIntervalSince1970 == r.due)
            }
            #expect(after.schedule.phase == .review)
            // and a reopened database agrees.
            let reopened = try AppDatabase(path: path)
            #expect(try reopened.card(id: card.id) == after)
            #expect(try reopened.reviewLog().count == reference.reviews.count)
        }
    }

    @Test func fuzzIsDeterministicPerCardAndSwitchable() throws {
        try withDatabase { db, _ in
            let a = try db.addCard(front: "a", back: "1", deck: "Fuzzy", at: t0)
            var now = t0
            for _ in 0..<6 { now = try db.grade(cardID: a.id, grade: .fsrs(.easy), at: now).schedule.due }
            let fuzzed = try db.card(id: a.id)!.schedule
            var plain = CardSchedule.new(at: t0)
            var t = t0
            for _ in 0..<6 { plain = FSRS(fuzz: false).review(plain, .easy, at: t); t = plain.due }
            // Fuzz on (the default) moves at least one interval away from the unfuzzed path.
            #expect(fuzzed.due != plain.due)
            try db.updateDeck(named: "Fuzzy") { $0.fuzz = false }
            #expect(try db.deck(named: "fuzzy")?.settings.fuzz == false)
        }
    }

    @Test func sm2DeckKeepsExactEase() throws {
        try withDatabase { db, _ in
            try db.updateDeck(named: "Old school") { $0.scheduler = .sm2 }
            let c = try db.addCard(front: "q", back: "a", deck: "Old school", at: t0)
            var now = t0
            var days: [Int] = []
            for _ in 0..<7 {
                let s = try db.grade(cardID: c.id, rating: "5", at: now).schedule
                days.append(s.intervalSeconds / 86400)
                now = s.due
            }
            #expect(days == [1, 6, 17, 48, 140, 420, 1302])
            #expect(try db.card(id: c.id)!.schedule.easePermille == 3200)
            #expect(throws: StoreError.self) { try db.grade(cardID: c.id, rating: "hardly", at: now) }
            #expect(throws: StoreError.self) { try db.grade(cardID: c.id, grade: .fsrs(.good), at: now) }
        }
    }

    @Test func undoRestoresAndAppendsInsteadOfDeleting() throws {
        try withDatabase { db, _ in
            let c = try db.addCard(front: "q", back: "a", at: t0)
            let first = try db.grade(cardID: c.id, grade: .fsrs(.good), at: t0)
            _ = try db.grade(cardID: c.id, grade: .fsrs(.again), at: t0.addingTimeInterval(60))
            let undone = try db.undoLastGrade(cardID: c.id, at: t0.addingTimeInterval(70))
            #expect(undone.schedule == first.schedule)
            #expect(try db.reviewLog().count == 1)
            #expect(try db.reviewLogRowCount() == 3)
            let back = try db.undoLastGrade(cardID: c.id, at: t0.addingTimeInterval(80))
            #expect(back.schedule == CardSchedule.new(at: t0))
            #expect(throws: StoreError.self) { try db.undoLastGrade(cardID: c.id, at: t0) }
        }
    }

    @Test func dueOrderAndNewCardLimit() throws {
        try withDatabase { db, _ in
            try db.updateDeck(named: "Default") { $0.newCardsPerDay = 2 }
            let cards = try (0..<4).map { i in try db.addCard(front: "q\(i)", back: "a", at: t0.addingTimeInterval(Double(i))) }
            var due = try db.dueCards(at: t0.addingTimeInterval(10))
            #expect(due.map(\.id) == [cards[0].id, cards[1].id])
            // Introduce q0 (now learning, due in 1 m): the limit leaves one new card, q1.
            _ = try db.grade(cardID: cards[0].id, grade: .fsrs(.again), at: t0.addingTimeInterval(10))
            due = try db.dueCards(at: t0.addingTimeInterval(20))
            #expect(due.map(\.id) == [cards[1].id])
            // Once q0's step is due, it comes before the new card.
            due = try db.dueCards(at: t0.addingTimeInterval(71))
            #expect(due.map(\.id) == [cards[0].id, cards[1].id])
            // Not due before its instant.
            #expect(try db.dueCards(at: t0.addingTimeInterval(69)).map(\.id) == [cards[1].id])
        }
    }

    @Test func changedSourceIsFlaggedAndHistoryKept() throws {
        try withDatabase { db, _ in
            let p = try db.createProject(title: "Study")
            let n = try db.createNotebook(projectID: p.id, title: "Geography")
            let s = try db.createSnippet(notebookID: n.id, title: "Capitals", body: "{{c1::Paris}} is the capital of {{c2::France}}.\n\nOther text.")
            let cards = try db.addCards(try CardDraft.cloze("{{c1::Paris}} is the capital of {{c2::France}}."),
                                        source: CardSource(snippetID: s.id), at: t0)
            #expect(cards.count == 2 && cards.allSatisfy { $0.deckName == "Geography" && !$0.sourceChanged })
            #expect(Set(cards.map(\.noteID)).count == 1)
            _ = try db.grade(cardID: cards[0].id, grade: .fsrs(.good), at: t0)
            try db.saveSnippet(id: s.id, changes: SnippetChanges(body: "Paris is the capital of France, on the Seine."))
            let flagged = try db.card(id: cards[0].id)!
            #expect(flagged.sourceChanged)
            #expect(flagged.schedule.reps == 1)
            #expect(try db.reviewLog().count == 1)
            try db.acknowledgeSourceChange(cardID: cards[0].id)
            #expect(try db.card(id: cards[0].id)!.sourceChanged == false)
            #expect(try db.card(id: cards[1].id)!.sourceChanged == true)
        }
    }

    @Test func batchOfNotesIsAllOrNothing() throws {
        try withDatabase { db, _ in
            let good = AppDatabase.NewNote(drafts: CardDraft.basic(front: "q", back: "a"), deck: "Batch")
            let missingSource = AppDatabase.NewNote(drafts: CardDraft.basic(front: "q2", back: "a2"),
                                                    source: CardSource(snippetID: "no-such-snippet"))
            #expect(throws: StoreError.self) { try db.addNotes([good, missingSource], at: t0) }
            #expect(try db.cards().isEmpty)
            #expect(try db.deck(named: "Batch") == nil)
            let ids = try db.addNotes([good, AppDatabase.NewNote(drafts: CardDraft.reversed(front: "x", back: "y"))], at: t0)
            #expect(ids.map(\.count) == [1, 2])
            #expect(try db.cards().map(\.content.question) == ["q", "x", "y"])
        }
    }

    @Test func invalidDeckSettingsAreRefusedAndNothingChanges() throws {
        try withDatabase { db, _ in
            #expect(throws: StoreError.self) { try db.updateDeck(named: "D") { $0.desiredRetention = 1.5 } }
            #expect(try db.deck(named: "D") == nil)
            let d = try db.updateDeck(named: "D") { $0.learningSteps = []; $0.maximumInterval = 100; $0.desiredRetention = 0.85 }
            #expect(try db.deck(named: "d") == d)
            #expect(throws: StoreError.self) { try db.addCard(front: " ", back: "x") }
        }
    }
}

/// The Review pane's session persisted through the store gives the schedules the session showed.
@Suite struct ReviewSessionStoreTests {
    @Test func sessionGradesMatchStoredSchedules() throws {
        let t0 = Date(timeIntervalSince1970: 1_767_258_000)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("recall-session-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try AppDatabase(path: dir.appendingPathComponent("r.db").path, clock: { t0 })
        let a = try db.addCard(front: "a", back: "1", at: t0)
        let b = try db.addCard(front: "b", back: "2", at: t0)
        let decks = Dictionary(uniqueKeysWithValues: try db.decks().map { ($0.id, $0.settings) })
        var session = ReviewSession(items: try db.dueCards(at: t0).map {
            ReviewSession.Item(id: $0.id, question: $0.content.question, answer: $0.content.answer,
                               schedule: $0.schedule, settings: decks[$0.deckID]!)
        })
        #expect(session.queue.map(\.id) == [a.id, b.id])
        for (i, rating) in [Rating.good, .easy, .good].enumerated() {
            let at = t0.addingTimeInterval(Double(i) * 600)
            let effect = try #require(try { try session.grade(.fsrs(rating), at: at) }())
            let stored = try db.grade(cardID: effect.cardID, grade: effect.grade, at: effect.at)
            #expect(stored.schedule == effect.after)
        }
        #expect(session.isFinished)
        #expect(try db.dueCards(at: t0.addingTimeInterval(1200)).isEmpty)
    }
}
