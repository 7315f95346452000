import Foundation
#if canImport(Glibc)
import Glibc
#endif
import HTTP

/// What kind of request a query-log entry records.
public enum QueryKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A question answered from the notes (`recall ask`, the Ask pane).
    case ask
    /// One prompt sent to the chat model (`recall chat`).
    case chat
    /// A search (`recall search`, the search overlay).
    case search
    /// An assistant action on a snippet.
    case assistant
    /// One side of an A/B arena question.
    case arena
    /// One question of `recall eval answers`.
    case eval
}

/// Where the request came from.
public enum QueryOrigin: String, Sendable, Hashable, Codable {
    /// The command line.
    case cli
    /// The full-screen app.
    case app
}

/// How a logged request ended.
public enum QueryOutcome: String, Sendable, Hashable, Codable, CaseIterable {
    /// The model answered.
    case answered
    /// Answered with sentences from the notes (no model, or the model could not be used).
    case extractive
    /// Nothing relevant was found; the model was not asked.
    case nothingFound = "nothing-found"
    /// Stopped by the user; the partial answer was kept.
    case stopped
    /// A search that returned hits.
    case results
    /// A search that returned nothing.
    case noResults = "no-results"
    /// It failed (the entry's `error` says why).
    case failed
}

/// The latency breakdown of one request, in milliseconds (nil when the step did not happen).
public struct QueryLatency: Sendable, Hashable, Codable {
    /// Retrieval.
    public var retrievalMS: Double?
    /// Building the prompt.
    public var promptMS: Double?
    /// From the start to the first answer token.
    public var firstTokenMS: Double?
    /// From the start to the end.
    public var totalMS: Double?

    /// Creates a breakdown.
    public init(retrievalMS: Double? = nil, promptMS: Double? = nil, firstTokenMS: Double? = nil, totalMS: Double? = nil) {
        self.retrievalMS = retrievalMS
        self.promptMS = promptMS
        self.firstTokenMS = firstTokenMS
        self.totalMS = totalMS
    }

    enum CodingKeys: String, CodingKey {
        case retrievalMS = "retrieval_ms", promptMS = "prompt_ms", firstTokenMS = "first_token_ms", totalMS = "total_ms"
    }
}

/// One line of the query log. Never holds an API key (strings are scrubbed of the configured keys when recorded).
public struct QueryLogEntry: Sendable, Hashable, Codable {
    /// When it was recorded (UTC).
    public var time: Date
    /// What it was.
    public var kind: QueryKind
    /// CLI or app.
    public var origin: QueryOrigin
    /// The question, prompt or search text.
    public var question: String
    /// The retrieval mode that ran (`hybrid`, `bm25`, `vector`), nil when there was no retrieval.
    public var retrieval: String?
    /// The latency breakdown.
    public var latency: QueryLatency
    /// Prompt tokens the server counted.
    public var tokensIn: Int?
    /// Tokens generated.
    public var tokensOut: Int?
    /// Generation speed (tokens per second after the first token).
    public var tokensPerSecond: Double?
    /// The chat model asked (nil for searches and answers made without a model).
    public var model: String?
    /// The profile the settings came from.
    public var profile: String?
    /// How it ended.
    public var outcome: QueryOutcome
    /// Search hits or sources sent.
    public var hits: Int?
    /// Why it failed, when it did.
    public var error: String?

    /// Creates an entry.
    public init(time: Date = Date(), kind: QueryKind, origin: QueryOrigin = .cli, question: String, retrieval: String? = nil,
                latency: QueryLatency = QueryLatency(), tokensIn: Int? = nil, tokensOut: Int? = nil, tokensPerSecond: Double? = nil,
                model: String? = nil, profile: String? = nil, outcome: QueryOutcome, hits: Int? = nil, error: String? = nil) {
        self.time = time
        self.kind = kind
        self.origin = origin
        self.question = question
        self.retrieval = retrieval
        self.latency = latency
        self.tokensIn = tokensIn
        self.tokensOut = tokensOut
        self.tokensPerSecond = tokensPerSecond
        self.model = model
        self.profile = profile
        self.outcome = outcome
        self.hits = hits
        self.error = error
    }

    enum CodingKeys: String, CodingKey {
        case time, kind, origin, question, retrieval, latency, model, profile, outcome, hits, error
        case tokensIn = "tokens_in", tokensOut = "tokens_out", tokensPerSecond = "tokens_per_second"
    }
}

/// The local query log: one JSON object per line in a file beside the database (`recall.db.queries.jsonl`,
/// mode 0600). Appends take an exclusive `flock`, so the app and CLI processes can log at once; when the file holds
/// more than `maxEntries` lines, or its oldest line is older than `keepDays`, it is rewritten (to a temporary file,
/// then renamed) with the newest entries inside the age limit. Logging never fails the request it records:
/// a log that cannot be written is skipped. See DECISIONS.md "Query log".
public final class QueryLog: Sendable {
    /// The log file.
    public let path: String
    /// Whether recording is on, and the rotation limits.
    public let settings: QueryLogSettings
    /// Where entries recorded through this value come from.
    public let origin: QueryOrigin
    private let secrets: [String]
    private let clock: @Sendable () -> Date

    /// Creates a log at `path`; every string recorded is scrubbed of `secrets` (the configured API keys).
    public init(path: String, settings: QueryLogSettings = QueryLogSettings(), origin: QueryOrigin = .cli, secrets: [String] = [],
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.path = path
        self.settings = settings
        self.origin = origin
        self.secrets = secrets.filter { !$0.isEmpty }
        self.clock = clock
    }

    /// The log file of the database at `databasePath`.
    public static func path(forDatabase databasePath: String) -> String { databasePath + ".queries.jsonl" }

    /// The log for the database at `databasePath` with the settings of config.toml and the environment, scrubbing
    /// the API key `profile` names (and `RECALL_API_KEY`). A broken `[log]` table is an error naming the fix.
    public static func open(databasePath: String, origin: QueryOrigin = .cli, profile: LLMProfile? = nil,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> QueryLog {
        var secrets = [environment["RECALL_API_KEY"]].compactMap { $0 }
        if let key = profile?.apiKey(environment: environment) { secrets.append(key) }
        return QueryLog(path: path(forDatabase: databasePath), settings: try QueryLogSettings.load(environment: environment),
                        origin: origin, secrets: secrets)
    }

    /// Appends one entry (its origin set to this log's, its time to now when unset by the caller); rotates when
    /// over the limits. Does nothing when logging is off; a write error is swallowed (the log is best effort).
    public func record(_ entry: QueryLogEntry) {
        guard settings.enabled else { return }
        var e = entry
        e.origin = origin
        e.question = scrub(e.question)
        e.error = e.error.map { Redact.serverText(scrub($0), secrets: secrets, limit: 500) }
        e.model = e.model.map(scrub)
        guard let data = try? Self.encoder.encode(e) else { return }
        try? append(data + Data("\n".utf8))
    }

    /// The entries recorded at or after `since` (all when nil), oldest first. Lines that do not decode are counted
    /// in `skipped`, never fatal. A missing file is an empty log.
    public func entries(since: Date? = nil) throws -> (entries: [QueryLogEntry], skipped: Int) {
        guard FileManager.default.fileExists(atPath: path) else { return ([], 0) }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ConfigError("cannot read the query log \(path) (\(error.localizedDescription)) — check its permissions")
        }
        let (all, skipped) = Self.decode(data)
        guard let since else { return (all, skipped) }
        return (all.filter { $0.time >= since }, skipped)
    }

    // MARK: storage

    /// The encoder of log lines (RFC 3339 times with milliseconds, sorted keys); `recall log --json` uses it too.
    public static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(RFC3339Millis.string(date))
        }
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .custom { decoder in
            let c = try decoder.singleValueContainer()
            let text = try c.decode(String.self)
            guard let date = RFC3339Millis.date(text) else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "not an RFC 3339 time: \(text)")
            }
            return date
        }
        return d
    }()

    static func decode(_ data: Data) -> ([QueryLogEntry], Int) {
        var entries: [QueryLogEntry] = []
        var skipped = 0
        for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            if let e = try? decoder.decode(QueryLogEntry.self, from: Data(line)) { entries.append(e.plausible) } else { skipped += 1 }
        }
        return (entries, skipped)
    }

    private func scrub(_ text: String) -> String {
        secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: "[redacted]") }
    }

    /// Opens the file locked for appending; retries when a rotation replaced the file between open and lock.
    private func lockedDescriptor() throws -> Int32 {
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty { try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        for _ in 0..<8 {
            let fd = Glibc.open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
            guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            guard flock(fd, LOCK_EX) == 0 else { close(fd); throw POSIXError(.EIO) }
            var opened = stat(), named = stat()
            if fstat(fd, &opened) == 0, stat(path, &named) == 0, opened.st_ino == named.st_ino, opened.st_dev == named.st_dev { return fd }
            close(fd)  // rotated away while we waited: open the new file
        }
        throw POSIXError(.EBUSY)
    }

    private func append(_ line: Data) throws {
        let fd = try lockedDescriptor()
        defer { close(fd) }  // closing releases the lock
        let written = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == line.count else { return }
        try rotateIfNeeded()
    }

    /// Rewrites the file keeping the newest entries within the limits (called with the lock held).
    private func rotateIfNeeded() throws {
        guard let data = FileManager.default.contents(atPath: path) else { return }
        let lines = data.reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
        let cutoff = clock().addingTimeInterval(-Double(settings.keepDays) * 86_400)
        var tooOld = false
        if let firstLine = data.split(separator: UInt8(ascii: "\n"), maxSplits: 1).first,
           let first = try? Self.decoder.decode(QueryLogEntry.self, from: Data(firstLine)) {
            tooOld = first.time < cutoff
        }
        guard lines > settings.maxEntries || tooOld else { return }
        let (entries, _) = Self.decode(data)
        // Keep a margin under the cap so the next appends do not rewrite the file each time.
        let keep = lines > settings.maxEntries ? max(1, settings.maxEntries * 9 / 10) : settings.maxEntries
        let kept = entries.filter { $0.time >= cutoff }.suffix(keep)
        var out = Data()
        for e in kept { if let d = try? Self.encoder.encode(e) { out += d + Data("\n".utf8) } }
        let temp = path + ".rotating-\(getpid())"
        guard FileManager.default.createFile(atPath: temp, contents: out, attributes: [.posixPermissions: 0o600]) else { return }
        if rename(temp, path) != 0 { unlink(temp) }
    }
}

/// RFC 3339 UTC times with milliseconds (`2026-12-05T23:59:01.234Z`), for ordering entries within a second.
enum RFC3339Millis {
    static func string(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: date)
    }

    static func date(_ text: String) -> Date? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = f.date(from: text) { return d }
        f.formatOptions = [.withInternetDateTime]
        return f.date(from: text)
    }
}

extension QueryLogEntry {
    /// The entry with every figure a hand-edited or damaged line could make absurd (a latency of 1e308 ms, a negative
    /// token count) dropped, so printing and summing never trap; the rest of the line is kept.
    var plausible: QueryLogEntry {
        func ms(_ v: Double?) -> Double? { v.flatMap { $0.isFinite && $0 >= 0 && $0 <= 1e12 ? $0 : nil } }
        func count(_ v: Int?) -> Int? { v.flatMap { (0...1_000_000_000_000).contains($0) ? $0 : nil } }
        var e = self
        e.latency = QueryLatency(retrievalMS: ms(latency.retrievalMS), promptMS: ms(latency.promptMS),
                                 firstTokenMS: ms(latency.firstTokenMS), totalMS: ms(latency.totalMS))
        e.tokensPerSecond = ms(tokensPerSecond)
        e.tokensIn = count(tokensIn); e.tokensOut = count(tokensOut); e.hits = count(hits)
        return e
    }
}
