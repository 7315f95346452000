import Foundation

/// The Review pane's logic, pure: a due queue, reveal, grade (with the interval each button would
/// give), undo and a session summary. The app persists each `GradeEffect` / `UndoEffect` it returns.
public struct ReviewSession: Sendable, Equatable {
    /// A card to study, with everything needed to show and schedule it.
    public struct Item: Sendable, Equatable {
        /// The card's id.
        public var id: String
        /// What to ask.
        public var question: String
        /// What to show once revealed.
        public var answer: String
        /// Its scheduling state.
        public var schedule: CardSchedule
        /// Its deck's settings.
        public var settings: DeckSettings
        /// Whether its source snippet changed since the card was made.
        public var sourceChanged: Bool

        /// Memberwise initialiser.
        public init(id: String, question: String, answer: String, schedule: CardSchedule,
                    settings: DeckSettings, sourceChanged: Bool = false) {
            self.id = id
            self.question = question
            self.answer = answer
            self.schedule = schedule
            self.settings = settings
            self.sourceChanged = sourceChanged
        }
    }

    /// One answer button with the interval it would schedule.
    public struct Button: Sendable, Equatable {
        /// The button.
        public var rating: Rating
        /// The grade it sends (its SM-2 quality for SM-2 decks).
        public var grade: Grade
        /// The interval it would give, in seconds.
        public var intervalSeconds: Int
        /// A short label such as `10m` or `3d`.
        public var label: String
    }

    /// The effect to persist after a grade: store `after` for the card and append a review log line.
    public struct GradeEffect: Sendable, Equatable {
        /// The card's id.
        public var cardID: String
        /// The answer.
        public var grade: Grade
        /// When it was answered.
        public var at: Date
        /// The schedule before.
        public var before: CardSchedule
        /// The schedule after.
        public var after: CardSchedule
    }

    /// The effect to persist after an undo: restore `schedule` and remove the last log line of the card.
    public struct UndoEffect: Sendable, Equatable {
        /// The card's id.
        public var cardID: String
        /// The schedule to restore.
        public var schedule: CardSchedule
    }

    /// Counts for the end-of-session screen.
    public struct Summary: Sendable, Equatable {
        /// Answers given.
        public var reviewed = 0
        /// Answers per button.
        public var byRating: [Rating: Int] = [:]
        /// Distinct cards answered.
        public var cards = 0
        /// Share of answers that were passes (nil before any).
        public var passRate: Double?
    }

    /// Cards still to study, the current one first.
    public private(set) var queue: [Item]
    /// Whether the current card's answer is shown.
    public private(set) var revealed = false
    /// Grades given, newest last, for undo and the summary.
    public private(set) var history: [(item: Item, effect: GradeEffect, queueBefore: [Item])] = []
    /// Learning cards due within this many seconds come back in the same session.
    public var learnAheadSeconds: Double

    /// A session over `items` in queue order (see `ReviewQueue.build`).
    public init(items: [Item], learnAheadSeconds: Double = 20 * 60) {
        self.queue = items
        self.learnAheadSeconds = learnAheadSeconds
    }

    /// The card being studied, nil when the session is finished.
    public var current: Item? { queue.first }

    /// Whether there is nothing left to study.
    public var isFinished: Bool { queue.isEmpty }

    /// Shows the current card's answer.
    public mutating func reveal() { if current != nil { revealed = true } }

    /// The four buttons with the interval each would give if pressed at `now`.
    public func buttons(at now: Date) -> [Button] {
        guard let item = current else { return [] }
        return Scheduling.preview(item.schedule, settings: item.settings, at: now, cardID: item.id).map { r, next in
            let g: Grade = item.settings.scheduler == .fsrs ? .fsrs(r) : .sm2(Grade.sm2Quality(for: r))
            return Button(rating: r, grade: g, intervalSeconds: next.intervalSeconds,
                          label: Scheduling.label(seconds: next.intervalSeconds))
        }
    }

    /// Grades the current card. A (re)learning card due again within the learn-ahead window goes back
    /// into the queue by due time; otherwise it leaves the session. Returns the effect to persist.
    public mutating func grade(_ grade: Grade, at now: Date) throws(SRSError) -> GradeEffect? {
        guard var item = current else { return nil }
        let after = try Scheduling.review(item.schedule, grade: grade, settings: item.settings, at: now, cardID: item.id)
        let effect = GradeEffect(cardID: item.id, grade: grade, at: now, before: item.schedule, after: after)
        history.append((item, effect, queue))
        queue.removeFirst()
        item.schedule = after
        if after.due.timeIntervalSince(now) <= learnAheadSeconds {
            let index = queue.firstIndex { $0.schedule.phase != .review && $0.schedule.due > after.due } ?? queue.count
            queue.insert(item, at: index)
        }
        revealed = false
        return effect
    }

    /// Takes back the last grade: the card returns to the front with its old schedule.
    public mutating func undo() -> UndoEffect? {
        guard let last = history.popLast() else { return nil }
        queue = last.queueBefore
        revealed = false
        return UndoEffect(cardID: last.item.id, schedule: last.item.schedule)
    }

    /// Counts of this session so far.
    public var summary: Summary {
        var s = Summary()
        s.reviewed = history.count
        s.cards = Set(history.map(\.item.id)).count
        for h in history {
            let rating: Rating
            switch h.effect.grade {
            case .fsrs(let r): rating = r
            case .sm2(let q): rating = q < 3 ? .again : q == 3 ? .hard : q == 4 ? .good : .easy
            }
            s.byRating[rating, default: 0] += 1
        }
        if !history.isEmpty {
            s.passRate = Double(history.filter { $0.effect.grade.isPass }.count) / Double(history.count)
        }
        return s
    }

    /// Sessions compare by queue, reveal state and the graded effects.
    public static func == (a: ReviewSession, b: ReviewSession) -> Bool {
        a.queue == b.queue && a.revealed == b.revealed && a.history.map(\.effect) == b.history.map(\.effect)
    }
}
