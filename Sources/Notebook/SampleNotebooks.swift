/// The sample notebooks shipped inside the binary (`sample-notebooks/` compiled in by
/// `sample-notebooks/generate-embedded.sh`), so an installed `recall` imports them from any directory.
public enum SampleNotebooks {
    /// One embedded file: its project (the folder name), its file name and its text.
    public struct File: Sendable, Equatable {
        /// The project the file belongs to (its folder under `sample-notebooks/`).
        public var project: String
        /// The file name, e.g. `retrieval-by-hand.md`.
        public var fileName: String
        /// The file's text, byte for byte.
        public var text: String
    }

    /// Every embedded file, sorted by path (the order a folder import uses).
    public static var all: [File] {
        files.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }.map { path in
            let parts = path.split(separator: "/", maxSplits: 1).map(String.init)
            return File(project: parts[0], fileName: parts.count > 1 ? parts[1] : parts[0], text: files[path] ?? "")
        }
    }
}
