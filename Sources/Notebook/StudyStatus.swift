import Foundation

/// Where a study item (a snippet) stands: to do, partly done, done. A snippet without a status is a plain note,
/// not a study item, and does not count in progress.
public enum StudyStatus: String, Codable, Sendable, CaseIterable, Comparable {
    /// Not started.
    case todo
    /// Some of it done; counts half in progress.
    case partial
    /// Finished.
    case done

    /// The mark shown in lists: ○ todo, ◐ partial, ✓ done.
    public var mark: String {
        switch self {
        case .todo: "○"
        case .partial: "◐"
        case .done: "✓"
        }
    }

    /// Order of advancement: todo < partial < done.
    public static func < (a: StudyStatus, b: StudyStatus) -> Bool { a.rank < b.rank }

    private var rank: Int {
        switch self {
        case .todo: 0
        case .partial: 1
        case .done: 2
        }
    }

    /// The next status when the user cycles it: none → todo → partial → done → none.
    public static func cycled(_ status: StudyStatus?) -> StudyStatus? {
        switch status {
        case nil: .todo
        case .todo: .partial
        case .partial: .done
        case .done: nil
        }
    }

    /// The display mark of an optional status: a blank for a plain note.
    public static func mark(_ status: StudyStatus?) -> String { status?.mark ?? " " }
}

/// How status tags (`todo`, `partial`, `done`, also written `#done`) and the status field meet: a status word
/// among a snippet's tags sets the field and is not kept as a tag; export writes the field back as the last tag.
public enum StatusTags {
    /// The ordinary tags and the status named among `tags` (the furthest along if several: done > partial > todo).
    public static func split(_ tags: [String]) -> (tags: [String], status: StudyStatus?) {
        var rest: [String] = []
        var status: StudyStatus?
        for tag in tags {
            let word = tag.trimmingCharacters(in: CharacterSet(charactersIn: "# ")).lowercased()
            if let s = StudyStatus(rawValue: word) {
                status = max(status ?? s, s)
            } else {
                rest.append(tag)
            }
        }
        return (rest, status)
    }

    /// Tags for a file: the ordinary tags followed by the status word, so an import reads the status back.
    public static func joined(_ tags: [String], status: StudyStatus?) -> [String] {
        guard let status else { return tags }
        return split(tags).tags + [status.rawValue]
    }
}
