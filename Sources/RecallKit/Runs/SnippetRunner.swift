import Execution
import Foundation
import Notebook

/// What to run: a code snippet's text and where it lives.
public struct RunRequest: Sendable, Equatable {
    /// The snippet's id (names its file in the scratch folder).
    public var snippetID: String
    /// The snippet's title (for messages).
    public var title: String
    /// Markdown or code.
    public var kind: SnippetKind
    /// The snippet's language.
    public var language: String?
    /// The text to run.
    public var body: String
    /// The notebook (its scratch folder and venv).
    public var notebookID: String
    /// The body of the notebook's `requirements` snippet, if it has one (installed into the venv first).
    public var requirements: String?
    /// True when this is the notebook's requirements snippet (running it installs it).
    public var isRequirements: Bool

    /// A request for `snippet`, with the requirements found among `notebookSnippets`.
    public init(snippet: Snippet, notebookSnippets: [Snippet]) {
        snippetID = snippet.id; title = snippet.title; kind = snippet.kind; language = snippet.language
        body = snippet.body; notebookID = snippet.notebookID
        requirements = Requirements.find(in: notebookSnippets)?.body
        isRequirements = Requirements.isRequirements(snippet)
    }
}

/// Progress while a run is prepared and runs.
public enum RunProgress: Sendable, Equatable {
    /// The words the CLI and the output view show for `installing`.
    public static let installingText = "installing the notebook's requirements…"

    /// A preparation step in plain words ("creating the Python environment…").
    case step(String)
    /// The notebook's requirements changed: installing them starts (a job of its own in the app).
    case installing
    /// One line of the requirements install (pip's output).
    case installLine(String)
    /// The requirements install finished (or was already current).
    case installed
    /// Output from the program.
    case output(OutputChunk)
}

/// The notebook's requirements snippet: a code snippet titled `requirements` (or `requirements.txt`), or whose
/// language is `requirements`.
public enum Requirements {
    /// True when `snippet` is a requirements snippet.
    public static func isRequirements(_ snippet: Snippet) -> Bool {
        guard snippet.kind == .code else { return false }
        let title = snippet.title.trimmingCharacters(in: .whitespaces).lowercased()
        return title == "requirements" || title == "requirements.txt" || snippet.language?.lowercased() == "requirements"
    }

    /// The first requirements snippet among `snippets`.
    public static func find(in snippets: [Snippet]) -> Snippet? {
        snippets.first { isRequirements($0) && $0.trashedAt == nil }
    }
}

/// The one snippet runner (CLI, app and benchmark): picks the runner for the language, prepares the notebook's
/// scratch folder (and Python venv + requirements), and runs the program under the limits in its own process group
/// with an allowlisted environment.
public final class SnippetRunner: Sendable {
    /// The folder that holds `runs/` (the database's folder).
    public let dataDirectory: String
    /// The runners by language.
    public let runners: RunnerTable
    /// The parent's environment (only allowlisted variables reach a snippet).
    public let parentEnvironment: [String: String]

    /// Creates a runner.
    public init(dataDirectory: String, runners: RunnerTable = .builtIn,
                parentEnvironment: [String: String] = ProcessInfo.processInfo.environment) {
        self.dataDirectory = dataDirectory; self.runners = runners; self.parentEnvironment = parentEnvironment
    }

    /// A runner for the database at `databasePath`, with the user's `runners.toml` from `configDirectory` on top
    /// of the built-in one. A broken user file is an error naming the file.
    public static func forDatabase(_ databasePath: String, configDirectory: String,
                                   environment: [String: String] = ProcessInfo.processInfo.environment) throws -> SnippetRunner {
        var table = RunnerTable.builtIn
        let userFile = configDirectory + "/runners.toml"
        if let text = try? String(contentsOfFile: userFile, encoding: .utf8) {
            do { table = table.merging(try RunnerTable.parse(toml: text)) } catch {
                throw RunError.runnersFile(path: userFile, reason: "\(error)")
            }
        }
        return SnippetRunner(dataDirectory: (databasePath as NSString).deletingLastPathComponent, runners: table,
                             parentEnvironment: environment)
    }

    /// The scratch folder of a notebook.
    public func workspace(_ notebookID: String) -> RunWorkspace {
        RunWorkspace(dataDirectory: dataDirectory, notebookID: notebookID)
    }

    /// The runner for a request, or the error that says what to do.
    public func spec(for request: RunRequest) throws -> RunnerSpec {
        guard request.kind == .code else { throw RunError.notCode(title: request.title) }
        guard let spec = runners.spec(for: request.language) else {
            throw RunError.noRunner(language: request.language, known: runners.languages)
        }
        return spec
    }

    /// Runs a snippet: prepares its workspace (and the Python venv and requirements when the runner uses them),
    /// then runs it under `limits`. A requirements snippet itself is installed instead of run.
    public func run(_ request: RunRequest, limits: RunLimits = .defaults, handle: RunHandle = RunHandle(),
                    progress: (RunProgress) -> Void = { _ in }) throws -> RunOutcome {
        if request.isRequirements { return try installOnly(request, handle: handle, progress: progress) }
        let spec = try spec(for: request)
        let ws = workspace(request.notebookID)
        try ws.prepare()
        var extra: [String: String] = [:]
        if spec.usesVenv {
            try PythonEnvironment(workspace: ws, parentEnvironment: parentEnvironment)
                .ensure(requirements: request.requirements, handle: handle, progress: progress)
            extra["VIRTUAL_ENV"] = ws.venv
            extra["PATH"] = ws.venv + "/bin:" + (parentEnvironment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin")
        }
        let file = ws.src + "/snippet-" + String(request.snippetID.prefix(8)) + "." + spec.fileExtension
        guard FileManager.default.createFile(atPath: file, contents: Data(request.body.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw RunError.scratch(path: file, reason: "cannot write the snippet file")
        }
        let argv = spec.argv(file: file, python: ws.python)
        let env = RunEnvironment.build(parent: parentEnvironment, home: ws.home, tmp: ws.tmp, extra: extra)
        guard let program = Self.which(argv[0], path: env["PATH"] ?? "") else {
            throw RunError.programNotFound(program: argv[0], language: spec.language)
        }
        let child = ChildProcess(executable: program, argv: argv, environment: env, directory: ws.work,
                                 addressSpace: spec.limitAddressSpace ? limits.memoryBytes : 0, cpuSeconds: limits.cpuSeconds,
                                 timeout: limits.timeoutSeconds, outputCap: limits.outputBytes)
        let r = try child.run(handle: handle) { progress(.output($0)) }
        var killed = r.killed
        if killed == nil, r.status != 0 {
            let stderr = r.transcript.filter { $0.stream == .stderr }.map(\.text).joined()
            if spec.memoryErrors.contains(where: { stderr.contains($0) }) { killed = .memory }
        }
        return RunOutcome(exitCode: r.status, transcript: r.transcript, durationMs: Int((r.duration * 1000).rounded()),
                          killed: killed, truncated: r.truncated, limits: limits, signal: r.signal)
    }

    /// Installs a requirements snippet into its notebook's venv (when it changed) and reports pip's output as the run.
    func installOnly(_ request: RunRequest, handle: RunHandle, progress: (RunProgress) -> Void) throws -> RunOutcome {
        let ws = workspace(request.notebookID)
        try ws.prepare()
        let start = Date()
        var lines: [String] = []
        try PythonEnvironment(workspace: ws, parentEnvironment: parentEnvironment)
            .ensure(requirements: request.body, handle: handle) { p in
                if case .installLine(let l) = p { lines.append(l) }
                progress(p)
            }
        let text = lines.isEmpty ? "requirements already installed\n" : lines.joined(separator: "\n") + "\n"
        return RunOutcome(exitCode: 0, transcript: [OutputChunk(stream: .stdout, text: text)],
                          durationMs: Int(Date().timeIntervalSince(start) * 1000), killed: nil, truncated: false, limits: .defaults)
    }

    /// The full path of `program`: itself when it holds a `/`, else the first executable match on `path`.
    public static func which(_ program: String, path: String) -> String? {
        if program.contains("/") { return FileManager.default.isExecutableFile(atPath: program) ? program : nil }
        for dir in path.split(separator: ":") where !dir.isEmpty {
            let candidate = dir + "/" + program
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
