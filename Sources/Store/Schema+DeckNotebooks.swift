import Foundation
import GRDB

extension Schema {
    /// Migration 007: a notebook's deck is found by the notebook's id, not its title (owned by the study work).
    ///
    /// Before, cards made from a snippet went to the deck *named* after its notebook, so two notebooks with one title
    /// shared a deck. Existing data is split: a notebook keeps at most one deck (the one named after it, else the
    /// oldest); cards from another notebook that landed in a notebook's deck move to their own notebook's deck (created
    /// with the shared deck's settings, named "Title (Project)" when the title is taken). Review history stays with
    /// the cards. A unique index then keeps one deck per notebook.
    static func v7DeckNotebooks(_ db: Database) throws {
        // 1. At most one deck per notebook.
        try db.execute(sql: """
            UPDATE deck SET notebook_id = NULL WHERE notebook_id IS NOT NULL AND id <> (
                SELECT d2.id FROM deck d2 JOIN notebook n ON n.id = d2.notebook_id WHERE d2.notebook_id = deck.notebook_id
                ORDER BY (d2.name = n.title COLLATE NOCASE) DESC, d2.created_at, d2.id LIMIT 1)
            """)
        // 2. Cards whose source notebook is another notebook with the deck's title: move them to that notebook's deck.
        let strays = try Row.fetchAll(db, sql: """
            SELECT c.id AS card_id, s.notebook_id AS notebook_id, c.deck_id AS deck_id
            FROM card c JOIN deck d ON d.id = c.deck_id JOIN snippet s ON s.id = c.source_snippet_id
            JOIN notebook n ON n.id = s.notebook_id
            WHERE d.notebook_id IS NOT NULL AND d.notebook_id <> s.notebook_id AND d.name = n.title COLLATE NOCASE
            ORDER BY c.rowid
            """)
        for r in strays {
            let notebookID: String = r["notebook_id"], from: String = r["deck_id"]
            var deckID = try String.fetchOne(db, sql: "SELECT id FROM deck WHERE notebook_id = ?", arguments: [notebookID])
            if deckID == nil {
                guard let names = try Row.fetchOne(db, sql: """
                    SELECT n.title, p.title AS project FROM notebook n JOIN project p ON p.id = n.project_id WHERE n.id = ?
                    """, arguments: [notebookID]) else { continue }
                let title: String = names["title"], project: String = names["project"]
                var name = title, n = 1
                while try Bool.fetchOne(db, sql: "SELECT 1 FROM deck WHERE name = ? COLLATE NOCASE", arguments: [name]) == true {
                    n += 1
                    name = n == 2 ? "\(title) (\(project))" : "\(title) (\(project)) \(n - 1)"
                }
                let id = UUID().uuidString.lowercased()
                try db.execute(sql: """
                    INSERT INTO deck (id, name, notebook_id, scheduler, desired_retention, learning_steps, relearning_steps,
                      maximum_interval, fuzz, new_per_day, weights, created_at, updated_at)
                    SELECT ?, ?, ?, scheduler, desired_retention, learning_steps, relearning_steps, maximum_interval, fuzz,
                      new_per_day, weights, created_at, updated_at FROM deck WHERE id = ?
                    """, arguments: [id, name, notebookID, from])
                deckID = id
            }
            try db.execute(sql: "UPDATE card SET deck_id = ? WHERE id = ?", arguments: [deckID, r["card_id"]])
        }
        // 3. One deck per notebook from now on.
        try db.execute(sql: "CREATE UNIQUE INDEX deck_one_per_notebook ON deck(notebook_id) WHERE notebook_id IS NOT NULL")
    }
}
