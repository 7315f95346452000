import Foundation
import GRDB
import Notebook

/// Row decoding for the domain values (kept here so the pure Notebook module never sees GRDB).
extension Project {
    init(row: Row) {
        self.init(id: row["id"], title: row["title"], position: row["position"], createdAt: row["created_at"],
                  updatedAt: row["updated_at"], trashedAt: row["trashed_at"])
    }
}

extension NotebookItem {
    init(row: Row) {
        self.init(id: row["id"], projectID: row["project_id"], title: row["title"], tags: TagColumn.decode(row["tags"]),
                  sourceName: row["source_name"], position: row["position"], createdAt: row["created_at"],
                  updatedAt: row["updated_at"], trashedAt: row["trashed_at"])
    }
}

extension Snippet {
    init(row: Row) {
        self.init(id: row["id"], notebookID: row["notebook_id"], title: row["title"],
                  kind: SnippetKind(rawValue: row["kind"]) ?? .markdown, language: row["language"],
                  tags: TagColumn.decode(row["tags"]), body: row["body"], position: row["position"],
                  createdAt: row["created_at"], updatedAt: row["updated_at"], trashedAt: row["trashed_at"],
                  status: (row["status"] as String?).flatMap(StudyStatus.init(rawValue:)))
        self.contentHash = row["content_hash"]
    }
}

/// Tags are stored as `,a,b,` so a tag filter is one parameterised `instr` test.
enum TagColumn {
    static func encode(_ tags: [String]) -> String { tags.isEmpty ? "" : "," + tags.joined(separator: ",") + "," }
    static func decode(_ text: String?) -> [String] { (text ?? "").split(separator: ",").map(String.init) }
}
