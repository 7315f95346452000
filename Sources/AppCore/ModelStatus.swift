/// What the app knows about the model server, read by the status line and the Ask pane.
public enum ModelStatus: Equatable, Sendable, CustomStringConvertible {
    /// Not known yet (the probe is running, or a new model was just picked).
    case loading(String?)
    /// The server cannot be reached.
    case offline
    /// The configuration cannot be read (the message says why).
    case configError(String)
    /// The server is up but does not have this chat model.
    case notPulled(String)
    /// The server has this chat model.
    case ready(String)

    /// True only when questions can be sent to a model.
    public var canGenerate: Bool {
        if case .ready = self { return true }
        return false
    }

    /// The short text of the status line.
    public var description: String {
        switch self {
        case .loading(let name?): return "\(name) …"
        case .loading(nil): return "checking…"
        case .offline: return "offline"
        case .configError: return "config error"
        case .notPulled(let name): return "\(name) not pulled"
        case .ready(let name): return "\(name) ready"
        }
    }

    /// One line saying what to do, when the model cannot be used.
    public var advice: String? {
        switch self {
        case .loading, .ready: return nil
        case .offline: return "The model server is not reachable — start it (e.g. `ollama serve`) or set OLLAMA_HOST"
        case .configError(let why): return "The model configuration has an error: \(why)"
        case .notPulled(let name): return "The server does not have \(name) — pull it (`ollama pull \(name)`) or pick another with alt-m"
        }
    }
}
