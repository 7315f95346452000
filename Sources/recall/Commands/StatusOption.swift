import ArgumentParser
import Notebook

/// `--status todo|partial|done|none` for `recall new snippet` and `recall edit` (`none`: a plain note again).
enum StatusOption: String, ExpressibleByArgument, CaseIterable {
    case todo, partial, done, none

    /// The stored value: nil for `none`.
    var status: StudyStatus? { StudyStatus(rawValue: rawValue) }
}
