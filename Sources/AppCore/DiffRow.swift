import TextDiff

/// One row of a diff as the app draws it: a hunk header or a line (kept, removed, added, with changed words).
public enum DiffRow: Hashable, Sendable {
    /// `@@ -l,s +l,s @@`.
    case hunk(String)
    /// A line of the diff.
    case line(DiffLine)

    /// The rows of a diff: its hunks with three lines of context; an empty list when the texts are equal.
    public static func rows(_ diff: LineDiff, context: Int = 3) -> [DiffRow] {
        diff.hunks(context: context).flatMap { h in [DiffRow.hunk(h.header)] + h.lines.map(DiffRow.line) }
    }
}
