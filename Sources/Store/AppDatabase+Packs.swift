import Foundation
import GRDB
import Notebook
import Packs
import SRS

extension AppDatabase {
    /// The content of a pack: the live notebooks of `projectIDs` plus `notebookIDs`, their projects and snippets
    /// (with their earlier texts' hashes), the cards made from them or kept in their decks, and, when asked, the
    /// cards' scheduling state and review log and the snippets' revisions, and with `vectorsModel` the chunks' current
    /// vectors of that model. Settings are never included.
    public func packContent(projectIDs: [String], notebookIDs: [String], withScheduling: Bool, withRevisions: Bool,
                            vectorsModel: String? = nil) throws -> PackContent {
        try read { db in
            var notebooks: [PackNotebook] = []
            var seen = Set<String>()
            let rows = try Row.fetchAll(db, sql: """
                SELECT n.* FROM notebook n JOIN project p ON p.id = n.project_id
                WHERE n.trashed_at IS NULL AND p.trashed_at IS NULL
                ORDER BY p.position, p.title, n.position, n.title
                """)
            let projects = Set(projectIDs), wanted = Set(notebookIDs)
            for r in rows {
                let nb = NotebookItem(row: r)
                guard projects.contains(nb.projectID) || wanted.contains(nb.id), seen.insert(nb.id).inserted else { continue }
                notebooks.append(PackNotebook(id: nb.id, projectID: nb.projectID, title: nb.title, tags: nb.tags, sourceName: nb.sourceName,
                                              position: nb.position, createdAt: nb.createdAt, updatedAt: nb.updatedAt, file: "", bodiesInMetadata: false))
            }
            var packProjects: [PackProject] = []
            for id in Set(notebooks.map(\.projectID)).sorted() {
                guard let r = try Row.fetchOne(db, sql: "SELECT * FROM project WHERE id = ?", arguments: [id]) else { continue }
                let p = Project(row: r)
                packProjects.append(PackProject(id: p.id, title: p.title, position: p.position, createdAt: p.createdAt, updatedAt: p.updatedAt))
            }
            packProjects.sort { ($0.position, $0.title) < ($1.position, $1.title) }
            var snippets: [PackSnippet] = []
            var bodies: [String: String] = [:]
            // Earlier texts' hashes of every snippet, in one pass (revisions are few per snippet, snippets many).
            var histories: [String: [String]] = [:]
            var seenHash = Set<String>()
            for r in try Row.fetchAll(db, sql: "SELECT snippet_id, content_hash FROM snippet_revision WHERE origin <> 'conflict' ORDER BY id") {
                let sid: String = r["snippet_id"], hash: String = r["content_hash"]
                if seenHash.insert(sid + hash).inserted { histories[sid, default: []].append(hash) }
            }
            for nb in notebooks {
                for r in try Row.fetchAll(db, sql: "SELECT * FROM snippet WHERE notebook_id = ? AND trashed_at IS NULL ORDER BY position, title", arguments: [nb.id]) {
                    let s = Snippet(row: r)
                    let history = (histories[s.id] ?? []).filter { $0 != s.contentHash }
                    snippets.append(PackSnippet(id: s.id, notebookID: s.notebookID, title: s.title, kind: s.kind, language: s.language,
                                                tags: s.tags, status: s.status, position: s.position, contentHash: s.contentHash, history: history,
                                                createdAt: s.createdAt, updatedAt: s.updatedAt, body: nil))
                    bodies[s.id] = s.body
                }
            }
            let snippetIDs = Set(snippets.map(\.id)), notebookSet = Set(notebooks.map(\.id))
            var cards: [PackCard] = []
            var deckIDs: [String] = []
            for r in try Row.fetchAll(db, sql: "SELECT c.*, d.notebook_id AS deck_notebook FROM card c JOIN deck d ON d.id = c.deck_id ORDER BY c.rowid") {
                let source: String? = r["source_snippet_id"], deckNotebook: String? = r["deck_notebook"]
                guard source.map(snippetIDs.contains) == true || deckNotebook.map(notebookSet.contains) == true else { continue }
                let stored = Self.card(row: try Row.fetchOne(db, sql: Self.cardSelect + " WHERE c.id = ?", arguments: [r["id"] as String])!)
                cards.append(PackCard(id: stored.id, noteID: stored.noteID, deckID: stored.deckID, content: stored.content, tags: stored.tags,
                                      sourceSnippetID: source.flatMap { snippetIDs.contains($0) ? $0 : nil }, sourceHash: r["source_hash"],
                                      sourceChunkHash: r["source_chunk_hash"], schedule: withScheduling ? stored.schedule : nil,
                                      createdAt: stored.createdAt))
                if !deckIDs.contains(stored.deckID) { deckIDs.append(stored.deckID) }
            }
            var decks: [PackDeck] = []
            for id in deckIDs {
                guard let d = try Self.fetchDeck(db, id) else { continue }
                decks.append(PackDeck(id: d.id, name: d.name, notebookID: d.notebookID.flatMap { notebookSet.contains($0) ? $0 : nil }, settings: d.settings))
            }
            var reviews: [PackReview] = []
            if withScheduling {
                let cardIDs = Set(cards.map(\.id))
                for r in try Row.fetchAll(db, sql: "SELECT * FROM review_log ORDER BY id") where cardIDs.contains(r["card_id"]) {
                    reviews.append(PackReview(id: r["id"], cardID: r["card_id"], scheduler: r["scheduler"], rating: r["rating"],
                                              reviewedAt: r["reviewed_at"], stateBefore: r["state_before"], stateAfter: r["state_after"],
                                              wasNew: r["was_new"], intervalSeconds: r["interval_seconds"],
                                              scheduleBefore: r["schedule_before"], scheduleAfter: r["schedule_after"], undoes: r["undoes"]))
                }
            }
            var revisions: [PackRevision] = []
            if withRevisions {
                for s in snippets {
                    revisions += try decodedRevisions(db, snippetID: s.id).reversed().map {
                        PackRevision(snippetID: $0.snippetID, title: $0.title, body: $0.body, origin: $0.origin, createdAt: $0.createdAt)
                    }
                }
            }
            // The model most of the packed chunks were embedded with (the manifest says which model the exporter used so
            // an importer knows what `recall index` will redo when no vectors are packed).
            var models: [String: Int] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT c.snippet_id, e.model FROM embedding e JOIN chunk c ON c.id = e.chunk_id")
            where snippetIDs.contains(r["snippet_id"]) { models[r["model"], default: 0] += 1 }
            let model = models.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
            return PackContent(metadata: PackMetadata(projects: packProjects, notebooks: notebooks, snippets: snippets), bodies: bodies,
                               cards: PackCards(decks: decks, cards: cards, reviews: reviews), revisions: revisions,
                               withScheduling: withScheduling, withRevisions: withRevisions, embeddingModel: model,
                               vectors: try vectorsModel.map { try Self.packVectors(db, snippetIDs: snippets.map(\.id), model: $0) })
        }
    }

    /// Merges a pack by stable id in one transaction (all or nothing; with `dryRun` the transaction is rolled back,
    /// so nothing is written). New items are added with their ids; unchanged ones skipped; a snippet whose local
    /// text is older than the pack's (its hash is in the pack's history) is updated; a local text that changed
    /// on its own is never overwritten: the pack's text becomes a `conflict` revision and the report lists it.
    /// The pack's vectors are stored when they were made by `embeddingModel` (see `mergePackVectors`).
    public func importPack(_ content: PackContent, dryRun: Bool, embeddingModel: String? = nil) throws -> PackImportReport {
        var report = PackImportReport()
        report.dryRun = dryRun
        do {
            try pool.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    report = try mergePack(db, content, dryRun: dryRun, embeddingModel: embeddingModel)
                    return dryRun ? .rollback : .commit
                }
            }
        } catch { throw Self.translate(error, path: path, timeout: busyTimeout) }
        return report
    }

    func mergePack(_ db: Database, _ content: PackContent, dryRun: Bool, embeddingModel: String? = nil) throws -> PackImportReport {
        var report = PackImportReport()
        report.dryRun = dryRun
        let now = clock()
        let meta = content.metadata
        for p in meta.projects {
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM project WHERE id = ?", arguments: [p.id]) != nil { report.projectsSkipped += 1; continue }
            try db.execute(sql: "INSERT INTO project (id, title, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [p.id, Self.importedTitle(p.title, fallback: "Imported"), p.position, p.createdAt, p.updatedAt])
            report.projectsAdded += 1
        }
        for n in meta.notebooks {
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM notebook WHERE id = ?", arguments: [n.id]) != nil { report.notebooksSkipped += 1; continue }
            try db.execute(sql: """
                INSERT INTO notebook (id, project_id, title, tags, source_name, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [n.id, n.projectID, Self.importedTitle(n.title, fallback: "Untitled"), TagColumn.encode(Tags.normalize(n.tags)),
                                 n.sourceName.map { String(TerminalText.cleanTitle($0).prefix(300)) }, n.position, n.createdAt, n.updatedAt])
            report.notebooksAdded += 1
        }
        let notebookTitles = Dictionary(meta.notebooks.map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
        let packRevisions = Dictionary(grouping: content.revisions, by: \.snippetID)
        for s in meta.snippets {
            let body = content.bodies[s.id] ?? ""
            let title = Self.importedTitle(s.title, fallback: "Untitled")
            let local = try Row.fetchOne(db, sql: "SELECT * FROM snippet WHERE id = ?", arguments: [s.id]).map(Snippet.init(row:))
            let localHistory = local == nil ? [] : Set(try String.fetchAll(db, sql: "SELECT DISTINCT content_hash FROM snippet_revision WHERE snippet_id = ? AND origin <> 'conflict'",
                                                                          arguments: [s.id]))
            switch SnippetMerge.decide(localHash: local?.contentHash, localHistory: localHistory, packHash: s.contentHash, packHistory: s.history) {
            case .add:
                let snippet = Snippet(id: s.id, notebookID: s.notebookID, title: title, kind: s.kind, language: s.kind == .code ? s.language : nil,
                                      tags: StatusTags.split(Tags.normalize(s.tags)).tags, body: body, position: s.position, createdAt: s.createdAt,
                                      updatedAt: s.updatedAt, status: s.status)
                try db.execute(sql: """
                    INSERT INTO snippet (id, notebook_id, title, kind, language, tags, body, content_hash, position, created_at, updated_at, status)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [snippet.id, snippet.notebookID, snippet.title, snippet.kind.rawValue, snippet.language,
                                     TagColumn.encode(snippet.tags), snippet.body, snippet.contentHash, snippet.position,
                                     snippet.createdAt, snippet.updatedAt, snippet.status?.rawValue])
                let history = content.withRevisions ? packRevisions[s.id] ?? [] : []
                for r in history {
                    try db.execute(sql: "INSERT INTO snippet_revision (snippet_id, title, body, content_hash, origin, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                                   arguments: [s.id, r.title, r.body, ContentHash.of(r.body), r.origin.rawValue, r.createdAt])
                    report.revisionsAdded += 1
                }
                if history.last.map({ ContentHash.of($0.body) != snippet.contentHash || $0.title != snippet.title }) ?? true {
                    try appendRevision(db, snippet: snippet, origin: .import)
                }
                try syncChunks(db, snippetID: snippet.id, body: snippet.body, kind: snippet.kind)
                report.snippetsAdded += 1
            case .unchanged:
                report.snippetsUnchanged += 1
            case .localNewer:
                report.snippetsLocalNewer += 1
            case .fastForward:
                _ = try updateSnippet(db, id: s.id, changes: SnippetChanges(title: title, body: body, kind: s.kind, language: .some(s.language), tags: s.tags,
                                                                     status: .some(s.status)),
                                      origin: .import)
                report.snippetsUpdated += 1
            case .conflict:
                guard var theirs = local else { continue }
                theirs.title = title
                theirs.body = body
                theirs.contentHash = ContentHash.of(body)
                try appendRevision(db, snippet: theirs, origin: .conflict)
                report.conflicts.append(PackConflict(snippetID: s.id, title: local?.title ?? title, notebook: notebookTitles[s.notebookID] ?? ""))
            }
        }
        // Decks: by id, else by name (a deck of the same name here takes the pack's cards), else the notebook's own deck
        // here (one deck per notebook, migration 007), else added.
        var deckMap: [String: String] = [:]
        for d in content.cards.decks {
            let notebookDeck = try d.notebookID.flatMap { try String.fetchOne(db, sql: "SELECT id FROM deck WHERE notebook_id = ?", arguments: [$0]) }
            if let local = try Self.fetchDeck(db, d.id)?.id ?? Self.fetchDeck(db, d.name)?.id ?? notebookDeck { deckMap[d.id] = local; continue }
            let nb = try d.notebookID.flatMap { try Bool.fetchOne(db, sql: "SELECT 1 FROM notebook WHERE id = ?", arguments: [$0]) != nil ? $0 : nil }
            let s = d.settings
            do { try s.validate() } catch { throw StoreError.invalid("deck \(d.name) in the pack has invalid settings: \(error)") }
            let weights: String? = s.weights == FSRS.defaultWeights ? nil : s.weights.map { "\($0)" }.joined(separator: ",")
            try db.execute(sql: """
                INSERT INTO deck (id, name, notebook_id, scheduler, desired_retention, learning_steps, relearning_steps, maximum_interval,
                fuzz, new_per_day, weights, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [d.id, d.name, nb, s.scheduler.rawValue, s.desiredRetention, Self.stepsColumn(s.learningSteps),
                                 Self.stepsColumn(s.relearningSteps), s.maximumInterval, s.fuzz, s.newCardsPerDay, weights, now, now])
            deckMap[d.id] = d.id
        }
        var addedCards = Set<String>()
        for c in content.cards.cards {
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM card WHERE id = ?", arguments: [c.id]) != nil { report.cardsSkipped += 1; continue }
            guard let deck = deckMap[c.deckID] else { throw StoreError.invalid("card \(c.id) in the pack has no deck") }
            do { try c.content.validate() } catch { throw StoreError.invalid("card \(c.id) in the pack is invalid: \(error)") }
            let source = try c.sourceSnippetID.flatMap { try Bool.fetchOne(db, sql: "SELECT 1 FROM snippet WHERE id = ?", arguments: [$0]) != nil ? $0 : nil }
            let chunk: Int64? = try source.flatMap { sid in
                try c.sourceChunkHash.flatMap { try Int64.fetchOne(db, sql: "SELECT id FROM chunk WHERE snippet_id = ? AND content_hash = ? ORDER BY ordinal LIMIT 1", arguments: [sid, $0]) }
            }
            let sch = (content.withScheduling ? c.schedule : nil) ?? CardSchedule.new(at: now)
            try db.execute(sql: """
                INSERT INTO card (id, note_id, deck_id, kind, front, back, cloze_index, tags, source_snippet_id, source_chunk_id, source_hash,
                source_chunk_hash, state, step, stability, difficulty, ease_permille, repetitions, interval_seconds, due, last_review, reps, lapses,
                created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [c.id, c.noteID, deck, c.content.kind.rawValue, c.content.front, c.content.back, c.content.clozeIndex,
                                 TagColumn.encode(Tags.normalize(c.tags)), source, chunk, source == nil ? nil : c.sourceHash,
                                 chunk == nil ? nil : c.sourceChunkHash, sch.phase.rawValue, sch.step, sch.stability, sch.difficulty,
                                 sch.easePermille, sch.repetitions, sch.intervalSeconds, sch.due, sch.lastReview, sch.reps, sch.lapses,
                                 c.createdAt, now])
            addedCards.insert(c.id)
            report.cardsAdded += 1
        }
        if content.withScheduling {
            var rowIDs: [Int64: Int64] = [:]
            for r in content.cards.reviews.sorted(by: { $0.id < $1.id }) where addedCards.contains(r.cardID) {
                try db.execute(sql: """
                    INSERT INTO review_log (card_id, scheduler, rating, reviewed_at, state_before, state_after, was_new, interval_seconds,
                    schedule_before, schedule_after, undoes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [r.cardID, r.scheduler, r.rating, r.reviewedAt, r.stateBefore, r.stateAfter, r.wasNew, r.intervalSeconds,
                                     r.scheduleBefore, r.scheduleAfter, r.undoes.flatMap { rowIDs[$0] }])
                rowIDs[r.id] = db.lastInsertedRowID
                report.reviewsAdded += 1
            }
        }
        if let vectors = content.vectors { try mergePackVectors(db, vectors, model: embeddingModel, report: &report) }
        return report
    }
}
