import Foundation
import GRDB
import Notebook
import SRS

/// A deck: a named set of cards with its own scheduler settings (one per notebook, or named freely).
public struct Deck: Sendable, Equatable, Codable, Identifiable {
    /// Stable id (lower-case UUID).
    public var id: String
    /// Unique name (case-insensitive).
    public var name: String
    /// The notebook it belongs to, if any.
    public var notebookID: String?
    /// Scheduler settings.
    public var settings: DeckSettings
}

/// Where a card came from: a snippet (and optionally one of its chunks).
public struct CardSource: Sendable, Equatable {
    /// The snippet's id.
    public var snippetID: String
    /// The chunk's id, when the card was made from one passage.
    public var chunkID: Int64?

    /// A source reference.
    public init(snippetID: String, chunkID: Int64? = nil) {
        self.snippetID = snippetID
        self.chunkID = chunkID
    }
}

/// A stored card with its schedule and source status.
public struct StoredCard: Sendable, Equatable, Identifiable {
    /// Stable id (lower-case UUID).
    public var id: String
    /// Shared by cards made from one note (a reversed pair, the numbers of one cloze).
    public var noteID: String
    /// The deck's id.
    public var deckID: String
    /// The deck's name.
    public var deckName: String
    /// Kind, sides and cloze number.
    public var content: CardDraft
    /// Tags.
    public var tags: [String]
    /// The source snippet, if any (nil once the snippet is purged).
    public var sourceSnippetID: String?
    /// The source chunk, if any.
    public var sourceChunkID: Int64?
    /// True when the source text changed (or vanished) since the card was made.
    public var sourceChanged: Bool
    /// Scheduling state.
    public var schedule: CardSchedule
    /// When the card was created.
    public var createdAt: Date
    /// Insertion order (ties between cards created in the same instant, e.g. a reversed pair).
    public var order: Int64
}

/// One line of the append-only review log.
public struct ReviewLogEntry: Sendable, Equatable {
    /// Row id.
    public var id: Int64
    /// The card's id.
    public var cardID: String
    /// `fsrs` or `sm2`.
    public var scheduler: SchedulerKind
    /// The answer (1–4 FSRS, 0–5 SM-2).
    public var rating: Int
    /// When it was answered.
    public var reviewedAt: Date
    /// Schedule before the answer.
    public var before: CardSchedule
    /// Schedule after the answer.
    public var after: CardSchedule
    /// For an undo row, the row it takes back.
    public var undoes: Int64?
}

extension AppDatabase {
    /// The deck used when none is named.
    public static let defaultDeckName = "Default"

    static let scheduleEncoder: JSONEncoder = {
        let e = JSONEncoder(); e.dateEncodingStrategy = .secondsSince1970; e.outputFormatting = .sortedKeys; return e
    }()
    static let scheduleDecoder: JSONDecoder = {
        let d = JSONDecoder(); d.dateDecodingStrategy = .secondsSince1970; return d
    }()

    // MARK: Decks

    /// All decks by name.
    public func decks() throws -> [Deck] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM deck ORDER BY name COLLATE NOCASE").map(Self.deck(row:)) }
    }

    /// The deck with this name (case-insensitive) or id, if any.
    public func deck(named name: String) throws -> Deck? {
        try read { db in try Self.fetchDeck(db, name) }
    }

    /// The deck with this name, created with default settings if missing.
    @discardableResult
    public func ensureDeck(named name: String, notebookID: String? = nil) throws -> Deck {
        try write { db in try ensureDeck(db, name: name, notebookID: notebookID) }
    }

    /// Changes a deck's settings (creating the deck if needed) and returns it. Settings are validated first.
    @discardableResult
    public func updateDeck(named name: String, _ change: (inout DeckSettings) throws -> Void) throws -> Deck {
        try write { db in
            var deck = try ensureDeck(db, name: name, notebookID: nil)
            try change(&deck.settings)
            do { try deck.settings.validate() } catch { throw StoreError.invalid(String(describing: error)) }
            let s = deck.settings
            let weights: String? = s.weights == FSRS.defaultWeights ? nil : s.weights.map { "\($0)" }.joined(separator: ",")
            try db.execute(sql: """
                UPDATE deck SET scheduler = ?, desired_retention = ?, learning_steps = ?, relearning_steps = ?,
                maximum_interval = ?, fuzz = ?, new_per_day = ?, weights = ?, updated_at = ? WHERE id = ?
                """, arguments: [s.scheduler.rawValue, s.desiredRetention, Self.stepsColumn(s.learningSteps),
                                 Self.stepsColumn(s.relearningSteps), s.maximumInterval, s.fuzz, s.newCardsPerDay,
                                 weights, clock(), deck.id])
            return deck
        }
    }

    func ensureDeck(_ db: Database, name: String, notebookID: String?) throws -> Deck {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw StoreError.invalid("a deck needs a name — pass --deck NAME") }
        if let d = try Self.fetchDeck(db, name) { return d }
        let now = clock()
        let id = newID()
        try db.execute(sql: "INSERT INTO deck (id, name, notebook_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                       arguments: [id, name, notebookID, now, now])
        return Deck(id: id, name: name, notebookID: notebookID, settings: .defaults)
    }

    /// The deck a notebook's cards go to by default: found by the notebook's id (so two notebooks with one title
    /// never share a deck, and renaming a notebook keeps its deck). A new one is named after the notebook, or
    /// "Title (Project)" when that name is taken, then "Title (Project) 2", …
    func ensureNotebookDeck(_ db: Database, notebookID: String) throws -> Deck {
        if let d = try Row.fetchOne(db, sql: "SELECT * FROM deck WHERE notebook_id = ?", arguments: [notebookID]).map(Self.deck(row:)) {
            return d
        }
        guard let row = try Row.fetchOne(db, sql: """
            SELECT n.title, p.title AS project FROM notebook n JOIN project p ON p.id = n.project_id WHERE n.id = ?
            """, arguments: [notebookID]) else { throw StoreError.notFound(notebookID) }
        let title: String = row["title"], project: String = row["project"]
        var name = title
        var n = 1
        while try Self.fetchDeck(db, name) != nil {
            n += 1
            name = n == 2 ? "\(title) (\(project))" : "\(title) (\(project)) \(n - 1)"
        }
        let now = clock()
        let id = newID()
        try db.execute(sql: "INSERT INTO deck (id, name, notebook_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                       arguments: [id, name, notebookID, now, now])
        return Deck(id: id, name: name, notebookID: notebookID, settings: .defaults)
    }

    static func fetchDeck(_ db: Database, _ key: String) throws -> Deck? {
        try Row.fetchOne(db, sql: "SELECT * FROM deck WHERE name = ? COLLATE NOCASE OR id = ?", arguments: [key, key]).map(deck(row:))
    }

    static func stepsColumn(_ steps: [Int]) -> String { steps.map(String.init).joined(separator: ",") }
    static func steps(_ text: String) -> [Int] { text.split(separator: ",").compactMap { Int($0) } }

    static func deck(row: Row) -> Deck {
        var s = DeckSettings.defaults
        s.scheduler = SchedulerKind(rawValue: row["scheduler"]) ?? .fsrs
        s.desiredRetention = row["desired_retention"]
        s.learningSteps = steps(row["learning_steps"])
        s.relearningSteps = steps(row["relearning_steps"])
        s.maximumInterval = row["maximum_interval"]
        s.fuzz = row["fuzz"]
        s.newCardsPerDay = row["new_per_day"]
        if let w: String = row["weights"] { s.weights = w.split(separator: ",").compactMap { Double($0) } }
        return Deck(id: row["id"], name: row["name"], notebookID: row["notebook_id"], settings: s)
    }

    // MARK: Adding cards

    /// One note to add: its cards, deck, tags and source.
    public struct NewNote: Sendable {
        /// The note's cards (one, a reversed pair, or one per cloze number).
        public var drafts: [CardDraft]
        /// Deck name; nil means the source notebook's deck, else `Default`.
        public var deck: String?
        /// Tags for every card of the note.
        public var tags: [String]
        /// Where the note came from.
        public var source: CardSource?

        /// A note to add.
        public init(drafts: [CardDraft], deck: String? = nil, tags: [String] = [], source: CardSource? = nil) {
            self.drafts = drafts
            self.deck = deck
            self.tags = tags
            self.source = source
        }
    }

    /// Adds one note's cards (one card, a reversed pair, or one per cloze number) to a deck and returns them.
    ///
    /// With no deck the card goes to its source notebook's deck (named after the notebook), else to `Default`.
    /// `at` is the creation time (new cards are due from then); it defaults to the store's clock.
    @discardableResult
    public func addCards(_ drafts: [CardDraft], deck deckName: String? = nil, tags: [String] = [],
                         source: CardSource? = nil, at: Date? = nil) throws -> [StoredCard] {
        let ids = try addNotes([NewNote(drafts: drafts, deck: deckName, tags: tags, source: source)], at: at)[0]
        return try read { db in try ids.map { try Self.fetchCardOrThrow(db, id: $0) } }
    }

    /// Adds many notes in one transaction (all or nothing) and returns each note's new card ids.
    @discardableResult
    public func addNotes(_ notes: [NewNote], at: Date? = nil) throws -> [[String]] {
        for n in notes {
            guard !n.drafts.isEmpty else { throw StoreError.invalid("nothing to add: give a front and back, or a cloze text") }
            for d in n.drafts { do { try d.validate() } catch { throw StoreError.invalid(String(describing: error)) } }
        }
        let now = at ?? clock()
        return try write { db in try notes.map { try insertNote(db, $0, at: now) } }
    }

    func insertNote(_ db: Database, _ note: NewNote, at now: Date) throws -> [String] {
        var sourceHash: String?, chunkHash: String?
        var notebookDeck: Deck?
        if let src = note.source {
            guard let row = try Row.fetchOne(db, sql: """
                SELECT s.content_hash, s.notebook_id FROM snippet s WHERE s.id = ?
                """, arguments: [src.snippetID]) else { throw StoreError.notFound(src.snippetID) }
            sourceHash = row["content_hash"]
            if note.deck == nil { notebookDeck = try ensureNotebookDeck(db, notebookID: row["notebook_id"]) }
            if let c = src.chunkID {
                chunkHash = try String.fetchOne(db, sql: "SELECT content_hash FROM chunk WHERE id = ? AND snippet_id = ?",
                                                arguments: [c, src.snippetID])
                guard chunkHash != nil else { throw StoreError.notFound(String(c)) }
            }
        }
        let deck = try notebookDeck ?? ensureDeck(db, name: note.deck ?? Self.defaultDeckName, notebookID: nil)
        let noteID = newID()
        let schedule = CardSchedule.new(at: now)
        let tags = TagColumn.encode(Tags.normalize(note.tags))
        let insert = try db.cachedStatement(sql: """
            INSERT INTO card (id, note_id, deck_id, kind, front, back, cloze_index, tags, source_snippet_id, source_chunk_id,
            source_hash, source_chunk_hash, state, step, due, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        var ids: [String] = []
        for d in note.drafts {
            let id = newID()
            try insert.execute(arguments: [id, noteID, deck.id, d.kind.rawValue, Self.storable(d.front), Self.storable(d.back), d.clozeIndex, tags,
                                           note.source?.snippetID, note.source?.chunkID, sourceHash, chunkHash,
                                           schedule.phase.rawValue, schedule.step, now, now, now])
            ids.append(id)
        }
        return ids
    }

    /// Adds one basic card and returns it.
    @discardableResult
    public func addCard(front: String, back: String, deck: String? = nil, tags: [String] = [],
                        source: CardSource? = nil, at: Date? = nil) throws -> StoredCard {
        try addCards(CardDraft.basic(front: front, back: back), deck: deck, tags: tags, source: source, at: at)[0]
    }

    // MARK: Reading cards

    static let cardSelect = """
        SELECT c.*, c.rowid AS card_order, d.name AS deck_name,
          CASE
            WHEN c.source_hash IS NULL THEN 0
            WHEN s.id IS NULL OR s.trashed_at IS NOT NULL THEN 1
            WHEN c.source_chunk_hash IS NOT NULL THEN
              NOT EXISTS (SELECT 1 FROM chunk k WHERE k.snippet_id = s.id AND k.content_hash = c.source_chunk_hash)
            ELSE s.content_hash <> c.source_hash
          END AS source_changed
        FROM card c JOIN deck d ON d.id = c.deck_id LEFT JOIN snippet s ON s.id = c.source_snippet_id
        """

    /// The card with this id, or `StoreError.notFound` (e.g. another process deleted it a moment ago).
    static func fetchCardOrThrow(_ db: Database, id: String) throws -> StoredCard {
        guard let card = try fetchCard(db, id: id) else { throw StoreError.notFound(id) }
        return card
    }

    static func fetchCard(_ db: Database, id: String) throws -> StoredCard? {
        try Row.fetchOne(db, sql: cardSelect + " WHERE c.id = ?", arguments: [id]).map(card(row:))
    }

    static func card(row: Row) -> StoredCard {
        let schedule = CardSchedule(
            phase: CardPhase(rawValue: row["state"]) ?? .learning, step: row["step"], stability: row["stability"],
            difficulty: row["difficulty"], easePermille: row["ease_permille"], repetitions: row["repetitions"],
            intervalSeconds: row["interval_seconds"], due: row["due"], lastReview: row["last_review"],
            reps: row["reps"], lapses: row["lapses"])
        return StoredCard(
            id: row["id"], noteID: row["note_id"], deckID: row["deck_id"], deckName: row["deck_name"],
            content: CardDraft(kind: CardKind(rawValue: row["kind"]) ?? .basic, front: row["front"], back: row["back"],
                               clozeIndex: row["cloze_index"]),
            tags: TagColumn.decode(row["tags"]), sourceSnippetID: row["source_snippet_id"], sourceChunkID: row["source_chunk_id"],
            sourceChanged: row["source_changed"], schedule: schedule, createdAt: row["created_at"], order: row["card_order"])
    }

    /// One card by full id.
    public func card(id: String) throws -> StoredCard? {
        try read { db in try Self.fetchCard(db, id: id) }
    }

    /// Resolves a full card id or a unique prefix of at least 4 characters.
    public func resolveCard(_ idOrPrefix: String) throws -> StoredCard {
        let key = idOrPrefix.lowercased()
        guard !key.isEmpty, key.allSatisfy({ $0.isHexDigit || $0 == "-" }) else { throw StoreError.notFound(idOrPrefix) }
        return try read { db in
            let found = try Row.fetchAll(db, sql: Self.cardSelect + " WHERE c.id LIKE ? LIMIT 6", arguments: [key + "%"]).map(Self.card(row:))
            if let exact = found.first(where: { $0.id == key }) { return exact }
            guard let only = found.first else { throw StoreError.notFound(idOrPrefix) }
            if found.count > 1 { throw StoreError.ambiguousID(idOrPrefix, matches: found.map { String($0.id.prefix(12)) }) }
            return only
        }
    }

    /// All cards, optionally of one deck, oldest first.
    public func cards(deck deckName: String? = nil) throws -> [StoredCard] {
        try read { db in
            if let deckName {
                guard let d = try Self.fetchDeck(db, deckName) else { throw StoreError.invalid("no deck named '\(deckName)' — run `recall deck list`") }
                return try Row.fetchAll(db, sql: Self.cardSelect + " WHERE c.deck_id = ? ORDER BY c.created_at, c.rowid", arguments: [d.id]).map(Self.card(row:))
            }
            return try Row.fetchAll(db, sql: Self.cardSelect + " ORDER BY c.created_at, c.rowid").map(Self.card(row:))
        }
    }

    /// Cards made from a snippet.
    public func cards(fromSnippet snippetID: String) throws -> [StoredCard] {
        try read { db in
            try Row.fetchAll(db, sql: Self.cardSelect + " WHERE c.source_snippet_id = ? ORDER BY c.created_at, c.rowid",
                             arguments: [snippetID]).map(Self.card(row:))
        }
    }

    /// The cards to study at `now`, in study order: learning and relearning, then review, then new cards
    /// within each deck's new-cards-per-day limit (counting new cards first reviewed since `dayStart`).
    public func dueCards(at now: Date, dayStart: Date? = nil) throws -> [StoredCard] {
        let start = dayStart ?? ReviewQueue.dayStart(of: now, in: TimeZone.utc)
        return try read { db in
            let rows = try Row.fetchAll(db, sql: Self.cardSelect + " WHERE c.due <= ?", arguments: [now]).map(Self.card(row:))
            let limits = Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT id, new_per_day FROM deck").map {
                (String($0["id"] as String), Int($0["new_per_day"] as Int))
            })
            var introduced: [String: Int] = [:]
            for r in try Row.fetchAll(db, sql: """
                SELECT c.deck_id, count(*) AS n FROM review_log l JOIN card c ON c.id = l.card_id
                WHERE l.was_new = 1 AND l.undoes IS NULL AND l.reviewed_at >= ? AND l.reviewed_at <= ?
                  AND NOT EXISTS (SELECT 1 FROM review_log u WHERE u.undoes = l.id)
                GROUP BY c.deck_id
                """, arguments: [start, now]) {
                introduced[r["deck_id"]] = r["n"]
            }
            // Siblings of cards reviewed today are buried until tomorrow (ReviewQueue's rule).
            var reviewedToday: [String: Set<String>] = [:]
            for r in try Row.fetchAll(db, sql: """
                SELECT DISTINCT c.note_id, c.id FROM review_log l JOIN card c ON c.id = l.card_id
                WHERE l.undoes IS NULL AND l.reviewed_at >= ? AND l.reviewed_at <= ?
                  AND NOT EXISTS (SELECT 1 FROM review_log u WHERE u.undoes = l.id)
                """, arguments: [start, now]) {
                reviewedToday[r["note_id"], default: []].insert(r["id"])
            }
            let byID = Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0) })
            let queue = ReviewQueue.build(rows.map { QueueCard(id: $0.id, deckID: $0.deckID, schedule: $0.schedule, created: $0.createdAt,
                                                               order: $0.order, noteID: $0.noteID) },
                                          at: now, newLimit: { limits[$0] ?? 20 }, introducedToday: introduced,
                                          reviewedToday: reviewedToday)
            return queue.compactMap { byID[$0.id] }
        }
    }

    /// For status lines: how many cards are due at `now` (learning and review, plus new cards within today's
    /// limits) and when the next card not yet due becomes due.
    public func reviewOverview(at now: Date, dayStart: Date? = nil) throws -> (due: Int, nextDue: Date?) {
        let due = try dueCards(at: now, dayStart: dayStart).count
        let next = try read { db in
            try Date.fetchOne(db, sql: "SELECT min(due) FROM card WHERE due > ? AND reps > 0", arguments: [now])
        }
        return (due, next)
    }

    /// When the next card not yet due falls due (new cards included), if any.
    public func nextCardDue(after now: Date) throws -> Date? {
        try read { db in try Date.fetchOne(db, sql: "SELECT min(due) FROM card WHERE due > ?", arguments: [now]) }
    }

    /// True when the database holds at least one card.
    public func hasCards() throws -> Bool {
        try read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM card)") ?? false }
    }

    // MARK: Grading

    /// Grades a card at `at` with its deck's scheduler; stores the new schedule and appends a review-log line,
    /// in one transaction. Returns the updated card.
    @discardableResult
    public func grade(cardID: String, grade: Grade, at: Date) throws -> StoredCard {
        try write { db in
            guard let card = try Self.fetchCard(db, id: cardID) else { throw StoreError.notFound(cardID) }
            guard let deck = try Self.fetchDeck(db, card.deckID) else { throw StoreError.notFound(card.deckID) }
            if let last = card.schedule.lastReview, at < last {
                throw StoreError.invalid("card \(card.id.prefix(8)) was last reviewed at \(Self.iso(last)); a grade at \(Self.iso(at)) would be earlier — give a later --at")
            }
            let after: CardSchedule
            do {
                after = try Scheduling.review(card.schedule, grade: grade, settings: deck.settings, at: at, cardID: card.id)
            } catch { throw StoreError.invalid(String(describing: error)) }
            try Self.writeSchedule(db, cardID: card.id, after, at: at)
            try db.execute(sql: """
                INSERT INTO review_log (card_id, scheduler, rating, reviewed_at, state_before, state_after, was_new,
                interval_seconds, schedule_before, schedule_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [card.id, deck.settings.scheduler.rawValue, grade.value, at, card.schedule.phase.rawValue,
                                 after.phase.rawValue, card.schedule.isNew, after.intervalSeconds,
                                 try Self.json(card.schedule), try Self.json(after)])
            return try Self.fetchCardOrThrow(db, id: card.id)
        }
    }

    /// Grades with an FSRS button or SM-2 quality given as text (`good`, `3`, `0`–`5` for SM-2 decks).
    @discardableResult
    public func grade(cardID: String, rating text: String, at: Date) throws -> StoredCard {
        let card = try resolveCard(cardID)
        guard let deck = try deck(named: card.deckID) else { throw StoreError.notFound(card.deckID) }
        guard let g = Grade.parse(text, for: deck.settings.scheduler) else {
            let scale = deck.settings.scheduler == .fsrs ? "again, hard, good, easy or 1–4" : "0–5 (or again, hard, good, easy)"
            throw StoreError.invalid("'\(text)' is not a grade for deck '\(deck.name)' (\(deck.settings.scheduler.rawValue)) — use \(scale)")
        }
        return try grade(cardID: card.id, grade: g, at: at)
    }

    /// Takes back the card's last grade that is not already undone: restores the schedule before it and
    /// appends an undo line naming it (the log is never rewritten). Returns the restored card.
    @discardableResult
    public func undoLastGrade(cardID: String, at: Date) throws -> StoredCard {
        try write { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT * FROM review_log l WHERE l.card_id = ? AND l.undoes IS NULL
                  AND NOT EXISTS (SELECT 1 FROM review_log u WHERE u.undoes = l.id)
                ORDER BY l.id DESC LIMIT 1
                """, arguments: [cardID]) else {
                throw StoreError.invalid("card \(cardID.prefix(8)) has no grade to undo")
            }
            let before = try Self.scheduleDecoder.decode(CardSchedule.self, from: Data((row["schedule_before"] as String).utf8))
            let current = try Self.scheduleDecoder.decode(CardSchedule.self, from: Data((row["schedule_after"] as String).utf8))
            try Self.writeSchedule(db, cardID: cardID, before, at: at)
            try db.execute(sql: """
                INSERT INTO review_log (card_id, scheduler, rating, reviewed_at, state_before, state_after, was_new,
                interval_seconds, schedule_before, schedule_after, undoes) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)
                """, arguments: [cardID, row["scheduler"], row["rating"], at, current.phase.rawValue, before.phase.rawValue,
                                 before.intervalSeconds, try Self.json(current), try Self.json(before), row["id"]])
            return try Self.fetchCardOrThrow(db, id: cardID)
        }
    }

    static func writeSchedule(_ db: Database, cardID: String, _ s: CardSchedule, at: Date) throws {
        try db.execute(sql: """
            UPDATE card SET state = ?, step = ?, stability = ?, difficulty = ?, ease_permille = ?, repetitions = ?,
            interval_seconds = ?, due = ?, last_review = ?, reps = ?, lapses = ?, updated_at = ? WHERE id = ?
            """, arguments: [s.phase.rawValue, s.step, s.stability, s.difficulty, s.easePermille, s.repetitions,
                             s.intervalSeconds, s.due, s.lastReview, s.reps, s.lapses, at, cardID])
    }

    static func iso(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: d)
    }

    static func json(_ s: CardSchedule) throws -> String {
        String(decoding: try scheduleEncoder.encode(s), as: UTF8.self)
    }

    /// Marks a card's changed source as seen: its source hashes are set to the source's current text.
    public func acknowledgeSourceChange(cardID: String) throws {
        try write { db in
            try db.execute(sql: """
                UPDATE card SET source_hash = (SELECT content_hash FROM snippet WHERE id = card.source_snippet_id),
                source_chunk_hash = NULL, source_chunk_id = NULL WHERE id = ? AND source_snippet_id IS NOT NULL
                """, arguments: [cardID])
        }
    }

    /// The passages (chunks) of a snippet that hold cloze deletions, in order, for making cloze cards from notes.
    public func clozePassages(snippetID: String) throws -> [(id: Int64, text: String)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT id, text FROM chunk WHERE snippet_id = ? AND instr(text, '{{c') > 0 ORDER BY ordinal",
                             arguments: [snippetID]).map { (id: $0["id"], text: $0["text"]) }
                .filter { !Cloze.numbers(in: $0.text).isEmpty }
        }
    }

    // MARK: Log and statistics

    /// The review log (undone answers and undo lines left out), oldest first, optionally since a time.
    public func reviewLog(since: Date? = nil) throws -> [ReviewLogEntry] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM review_log l WHERE l.undoes IS NULL AND l.reviewed_at >= ?
                  AND NOT EXISTS (SELECT 1 FROM review_log u WHERE u.undoes = l.id)
                ORDER BY l.reviewed_at, l.id
                """, arguments: [since ?? Date(timeIntervalSince1970: 0)]).map { r in
                ReviewLogEntry(id: r["id"], cardID: r["card_id"], scheduler: SchedulerKind(rawValue: r["scheduler"]) ?? .fsrs,
                               rating: r["rating"], reviewedAt: r["reviewed_at"],
                               before: try Self.scheduleDecoder.decode(CardSchedule.self, from: Data((r["schedule_before"] as String).utf8)),
                               after: try Self.scheduleDecoder.decode(CardSchedule.self, from: Data((r["schedule_after"] as String).utf8)),
                               undoes: r["undoes"])
            }
        }
    }

    /// The review log reduced to what statistics need (no schedule decoding), oldest first, undone answers left out.
    public func reviewRecords(since: Date? = nil) throws -> [ReviewRecord] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT l.card_id, l.reviewed_at, l.rating, l.scheduler, l.state_before, l.was_new FROM review_log l
                WHERE l.undoes IS NULL AND l.reviewed_at >= ?
                  AND NOT EXISTS (SELECT 1 FROM review_log u WHERE u.undoes = l.id)
                ORDER BY l.reviewed_at, l.id
                """, arguments: [since ?? Date(timeIntervalSince1970: 0)]).map { r in
                let rating: Int = r["rating"]
                let passed = (r["scheduler"] as String) == SchedulerKind.sm2.rawValue ? rating >= 3 : rating >= 2
                return ReviewRecord(cardID: r["card_id"], reviewedAt: r["reviewed_at"], passed: passed,
                                    phaseBefore: CardPhase(rawValue: r["state_before"]) ?? .learning, wasNew: r["was_new"])
            }
        }
    }

    /// Every raw review-log row count, undo lines included (the log only grows).
    public func reviewLogRowCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM review_log") ?? 0 }
    }
}

extension TimeZone {
    /// UTC (the zero offset never fails to build; the fallback only keeps the compiler from needing `!`).
    static let utc = TimeZone(secondsFromGMT: 0) ?? .current
}
