import Foundation

/// Why a snippet could not run (as opposed to a run that failed: that is a `RunOutcome`). Each says what to do.
public enum RunError: Error, CustomStringConvertible, Equatable {
    /// The snippet is markdown, not code.
    case notCode(title: String)
    /// No runner is known for the snippet's language.
    case noRunner(language: String?, known: [String])
    /// The runner's program is not on PATH.
    case programNotFound(program: String, language: String)
    /// python3 is not installed.
    case noPython
    /// python3 cannot create virtual environments (the venv/ensurepip module is missing).
    case noVenv(detail: String)
    /// Installing the requirements snippet failed.
    case installFailed(exitCode: Int32, detail: String)
    /// The install was cancelled.
    case installCancelled
    /// fork/exec failed.
    case cannotStart(String, String)
    /// The scratch folder could not be made.
    case scratch(path: String, reason: String)
    /// The user's runners file is wrong.
    case runnersFile(path: String, reason: String)

    /// The message: what happened and what to do.
    public var description: String {
        switch self {
        case .notCode(let title):
            return "'\(title)' is a markdown snippet, not code — only code snippets run (mark a section as one fenced code block)"
        case .noRunner(let language, let known):
            let lang = language.map { "language '\($0)'" } ?? "no language"
            return "no runner for \(lang) — known: \(known.joined(separator: ", ")); add one to ~/.config/recall/runners.toml"
        case .programNotFound(let program, let language):
            return "'\(program)' (the \(language) runner) is not on PATH — install it, or set its command in ~/.config/recall/runners.toml"
        case .noPython:
            return "python3 is not installed — install it (Debian/Ubuntu: sudo apt-get install python3 python3-venv)"
        case .noVenv(let detail):
            return "python3 cannot create a virtual environment (\(detail)) — install the venv module (Debian/Ubuntu: sudo apt-get install python3-venv)"
        case .installFailed(let code, let detail):
            return "installing the notebook's requirements failed (pip exit \(code)): \(detail) — fix the `requirements` snippet and run again"
        case .installCancelled:
            return "installing the notebook's requirements was cancelled — run again to install them"
        case .cannotStart(let program, let reason):
            return "could not start \(program): \(reason)"
        case .scratch(let path, let reason):
            return "cannot prepare the scratch folder \(path): \(reason) — check the data folder's permissions and free space"
        case .runnersFile(let path, let reason):
            return "\(path): \(reason)"
        }
    }
}
