import Foundation

/// The instants Recall accepts from outside (a pack, an `--at` flag). The database keeps dates as
/// `YYYY-MM-DD HH:MM:SS.SSS` text, which cannot hold a year before 1 or after 9999 (such a row cannot be read back),
/// so a date from outside must lie in `range`; its upper end leaves room for the longest interval a deck may
/// schedule (`maximumScheduleDays`).
public enum StorableDate {
    /// 1970-01-01T00:00:00Z ... 9000-01-01T00:00:00Z.
    public static let range: ClosedRange<Date> = Date(timeIntervalSince1970: 0)...Date(timeIntervalSince1970: 221_845_392_000)
    /// The longest interval or step a deck may schedule, in days (100 years, FSRS's own cap).
    public static let maximumScheduleDays = 36500

    /// True when `date` can be stored and read back, with room to schedule after it.
    public static func contains(_ date: Date) -> Bool { range.contains(date) }
}
