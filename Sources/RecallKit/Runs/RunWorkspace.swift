import Foundation

/// A notebook's scratch space under the data folder: `runs/NOTEBOOK/` holding `work/` (the working directory),
/// `home/` (HOME), `tmp/` (TMPDIR), `src/` (snippet files) and `venv/` (Python, created on first use).
public struct RunWorkspace: Sendable, Equatable {
    /// The notebook's folder.
    public var root: String

    /// The workspace of `notebookID` under `dataDirectory` (the database's folder).
    public init(dataDirectory: String, notebookID: String) {
        let safe = notebookID.filter { $0.isLetter || $0.isNumber || $0 == "-" }
        root = dataDirectory + "/runs/" + (safe.isEmpty ? "default" : safe)
    }

    /// The working directory.
    public var work: String { root + "/work" }
    /// The scratch HOME.
    public var home: String { root + "/home" }
    /// The scratch TMPDIR.
    public var tmp: String { root + "/tmp" }
    /// Where snippet files are written.
    public var src: String { root + "/src" }
    /// The Python virtual environment.
    public var venv: String { root + "/venv" }
    /// The venv's python.
    public var python: String { venv + "/bin/python" }
    /// The hash of the requirements last installed into the venv.
    public var requirementsStamp: String { venv + "/.recall-requirements.sha256" }

    /// Creates the folders (mode 0700).
    public func prepare() throws {
        for dir in [work, home, tmp, src] {
            do {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw RunError.scratch(path: dir, reason: (error as NSError).localizedDescription)
            }
        }
    }
}
