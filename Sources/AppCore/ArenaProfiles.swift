/// A model profile the arena can ask (one `[profiles.NAME]` table of config.toml, or the profile in use).
public struct ArenaProfileOption: Hashable, Sendable {
    /// The profile name (`default` for the built-in one).
    public var name: String
    /// Its chat model.
    public var model: String
    /// The profile the app is using (with the chat model picked in the app).
    public var inUse: Bool

    /// Creates an option.
    public init(name: String, model: String, inUse: Bool = false) { self.name = name; self.model = model; self.inUse = inUse }

    /// "big · qwen3 (in use)".
    public var label: String { "\(name) · \(model)" + (inUse ? " (in use)" : "") }
}

/// The configured profiles, read when an arena round is asked for.
public struct ArenaProfileList: Hashable, Sendable {
    /// The profile in use first, then config.toml's profiles by name.
    public var options: [ArenaProfileOption]
    /// The second profile to preselect before any choice (`RECALL_ARENA_PROFILE`, else the first with another model).
    public var suggestedB: String?
    /// config.toml's path (where a second profile is added).
    public var configPath: String

    /// Creates a list.
    public init(options: [ArenaProfileOption], suggestedB: String?, configPath: String) {
        self.options = options; self.suggestedB = suggestedB; self.configPath = configPath
    }
}

/// An arena round waiting for its two profiles: the question and whether it is blind.
public struct ArenaSetup: Hashable, Sendable {
    /// The question.
    public var question: String
    /// The question was typed in the box (it leaves the box when the round starts).
    public var typed: Bool
    /// Names hidden until the vote.
    public var blind: Bool
    /// The configured profiles.
    public var profiles: ArenaProfileList?
    /// Side A once chosen.
    public var a: String?

    /// Creates a setup.
    public init(question: String, typed: Bool, blind: Bool, profiles: ArenaProfileList? = nil, a: String? = nil) {
        self.question = question; self.typed = typed; self.blind = blind; self.profiles = profiles; self.a = a
    }
}

/// The two profiles chosen for the arena (remembered for the session, preselected next time).
public struct ArenaPair: Hashable, Sendable {
    /// Side A's profile.
    public var a: String
    /// Side B's profile.
    public var b: String

    /// Creates a pair.
    public init(a: String, b: String) { self.a = a; self.b = b }
}

/// Why the configured profiles could not be read (a config.toml problem, said with its fix).
public struct ArenaProfilesError: Error, Hashable, Sendable {
    /// The explanation.
    public var message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }
}
