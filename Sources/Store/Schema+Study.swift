import GRDB

extension Schema {
    /// Migration 006: the study status of a snippet (todo/partial/done, NULL for a plain note). Snippets tagged with a
    /// status word get the field and lose the tag (the furthest along wins: done, then partial, then todo).
    static func v6StudyStatus(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE snippet ADD COLUMN status TEXT CHECK (status IN ('todo', 'partial', 'done'));
            """)
        for word in ["todo", "partial", "done"] {
            try db.execute(sql: "UPDATE snippet SET status = ? WHERE instr(tags, ?) > 0", arguments: [word, ",\(word),"])
            try db.execute(sql: "UPDATE snippet SET tags = replace(tags, ?, ',') WHERE instr(tags, ?) > 0", arguments: [",\(word),", ",\(word),"])
        }
        try db.execute(sql: "UPDATE snippet SET tags = '' WHERE tags = ','")
    }
}
