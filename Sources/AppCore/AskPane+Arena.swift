import Foundation

/// A side of the A/B arena.
public enum ArenaSlot: String, Hashable, Sendable, CaseIterable {
    /// The profile in use.
    case a
    /// The second profile.
    case b
}

/// A vote in the arena.
public enum ArenaChoice: String, Hashable, Sendable {
    /// A is better.
    case a
    /// B is better.
    case b
    /// Neither.
    case tie
}

/// Which profile and model answer on a side.
public struct ArenaSideInfo: Hashable, Sendable {
    /// The profile name.
    public var profile: String
    /// The chat model.
    public var model: String

    /// Creates the info.
    public init(profile: String, model: String) { self.profile = profile; self.model = model }

    /// "small (llama3.2)".
    public var label: String { "\(profile) (\(model))" }
}

/// Speed and size figures of a finished side.
public struct ArenaFigures: Hashable, Sendable {
    /// Time to the first token, ms.
    public var firstTokenMs: Int?
    /// Generation speed.
    public var tokensPerSecond: Double?
    /// Prompt tokens.
    public var tokensIn: Int?
    /// Tokens generated.
    public var tokensOut: Int?
    /// How the answer was made.
    public var mode: AskAnswerMode

    /// Creates figures.
    public init(firstTokenMs: Int?, tokensPerSecond: Double?, tokensIn: Int?, tokensOut: Int?, mode: AskAnswerMode) {
        self.firstTokenMs = firstTokenMs; self.tokensPerSecond = tokensPerSecond
        self.tokensIn = tokensIn; self.tokensOut = tokensOut; self.mode = mode
    }

    /// "first token 120 ms · 35.2 tok/s · 812 in · 64 out".
    public var text: String {
        var parts: [String] = []
        if let f = firstTokenMs { parts.append("first token \(f) ms") }
        if let t = tokensPerSecond { parts.append(String(format: "%.1f tok/s", t)) }
        if let i = tokensIn { parts.append("\(i) in") }
        if let o = tokensOut { parts.append("\(o) out") }
        if mode != .generated { parts.append(mode.rawValue) }
        return parts.joined(separator: " · ")
    }
}

/// One side as the pane shows it.
public struct ArenaSideView: Hashable, Sendable {
    /// Who answers (nil until the interpreter says).
    public var info: ArenaSideInfo?
    /// The answer so far.
    public var answer = ""
    /// Where it is.
    public var phase: AskPhase = .retrieving
    /// Figures once finished.
    public var figures: ArenaFigures?

    /// An empty side.
    public init() {}
}

/// The arena shown in the Ask pane: one question, two answers side by side, then a vote.
public struct ArenaView: Hashable, Sendable {
    /// The request making it.
    public var requestId: Int
    /// The question.
    public var question: String
    /// Names are hidden until the vote.
    public var blind: Bool
    /// Side A.
    public var a = ArenaSideView()
    /// Side B.
    public var b = ArenaSideView()
    /// Sources both answers were given.
    public var sources: Int?
    /// The saved round (nil until saved, or when it was not).
    public var roundId: Int64?
    /// Why the round was not saved.
    public var notSaved: String?
    /// Both sides are finished.
    public var finished = false
    /// The vote cast.
    public var vote: ArenaChoice?
    /// Why the round failed.
    public var failure: String?

    /// Starts a round.
    public init(requestId: Int, question: String, blind: Bool) {
        self.requestId = requestId; self.question = question; self.blind = blind
    }

    /// The side named.
    public subscript(slot: ArenaSlot) -> ArenaSideView {
        get { slot == .a ? a : b }
        set { if slot == .a { a = newValue } else { b = newValue } }
    }

    /// True while answers stream.
    public var isRunning: Bool { !finished && failure == nil }

    /// Names are shown (not blind, or voted).
    public var namesShown: Bool { !blind || vote != nil }
}

/// What the arena interpreter reports.
public enum ArenaUpdate: Hashable, Sendable {
    /// The two profiles (after a blind shuffle).
    case started(a: ArenaSideInfo, b: ArenaSideInfo)
    /// Retrieval is done: this many sources go to both models.
    case sources(Int)
    /// More answer text for a side.
    case text(ArenaSlot, String)
    /// A side finished (with its figures) or failed.
    case sideFinished(ArenaSlot, ArenaFigures?, failure: String?)
    /// Both sides are done; the round was saved (or why not).
    case finished(roundId: Int64?, notSaved: String?)
    /// The round could not run.
    case failed(String)
}

/// An arena request for the interpreter.
public struct ArenaQuery: Hashable, Sendable {
    /// Request id.
    public var requestId: Int
    /// The question.
    public var question: String
    /// Which notes.
    public var scope: AskScope
    /// Hide (and shuffle) the names until the vote.
    public var blind: Bool
    /// The profiles chosen for the sides (before a blind shuffle).
    public var pair: ArenaPair

    /// Creates a query.
    public init(requestId: Int, question: String, scope: AskScope, blind: Bool, pair: ArenaPair) {
        self.requestId = requestId; self.question = question; self.scope = scope; self.blind = blind; self.pair = pair
    }
}
