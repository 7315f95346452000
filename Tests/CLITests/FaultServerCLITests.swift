import Foundation
import TestSupport
import XCTest

/// Every command that talks to a model server, driven as the real binary against a hostile loopback server
/// (silent, trickling, 500, invalid JSON, huge body, reflected headers): each one ends within its deadline with
/// one message that names the problem, and nothing secret or raw (escape sequences, credentials, a
/// `DecodingError` dump) reaches the output. A loading model (quick calls answer, chat waits) is not a failure.
///
/// To drive one more command, add a line to `FaultSuite.commands`.
final class FaultServerCLITests: XCTestCase {
    func testGivenASilentServer_whenEveryServerCommandRuns_thenEachFailsSayingTheServerIsStuck() throws {
        try FaultSuite.run(.silent, expecting: ["is stuck", "sent nothing"])
    }

    func testGivenATricklingServer_whenEveryServerCommandRuns_thenEachGivesUpWithinItsDeadline() throws {
        try FaultSuite.run(.trickle, expecting: ["is stuck", "did not finish answering", "took longer than", "sent nothing"])
    }

    func testGivenAServerAnswering500WithEscapes_whenEveryServerCommandRuns_thenTheMessageIsCutAndClean() throws {
        try FaultSuite.run(.status500, expecting: ["HTTP 500", "model runner crashed"])
    }

    func testGivenAServerAnsweringInvalidJSON_whenEveryServerCommandRuns_thenItSaysTheAnswerIsNotJSON() throws {
        try FaultSuite.run(.invalidJSON, expecting: ["not valid JSON", "nor valid JSON"])
    }

    func testGivenAServerSendingAnEndlessBody_whenEveryServerCommandRuns_thenEachStopsAtTheSizeLimit() throws {
        try FaultSuite.run(.hugeBody, expecting: ["sent more than", "exceeded"])
    }

    func testGivenAServerReflectingTheRequestHeaders_whenEveryServerCommandRuns_thenNoCredentialIsPrinted() throws {
        try FaultSuite.run(.reflect, expecting: ["refused the credentials", "HTTP 401"])
    }

    /// A model that takes longer to load than the liveness probe's deadline, on a server that answers quick calls at
    /// once, is waited for ("loading model…"), not reported as stuck.
    func testGivenAModelThatIsLoading_whenChatAndIndexRun_thenTheyWaitForItAndSucceed() throws {
        let suite = try FaultSuite()
        defer { suite.stop() }
        suite.server.loadingSeconds = 8
        suite.server.fault = .loading
        let chat = try suite.cli.start(["chat", "hello"], env: suite.env, deadline: 120)
        let index = try suite.cli.start(["index", "--db", suite.freshDB], env: suite.env, deadline: 120)
        let c = chat.wait(), i = index.wait()
        XCTAssertEqual(c.status, 0, c.description)
        XCTAssertTrue(c.stdout.contains("hello"), c.description)
        XCTAssertTrue(c.stderr.contains("loading model"), "chat says what it waits for: \(c)")
        XCTAssertEqual(i.status, 0, i.description)
        XCTAssertTrue(i.stderr.contains("embedded"), i.description)
        XCTAssertTrue(i.stderr.contains("waiting for the embedding model nomic-embed-text at http://***@"), "index says what it waits for: \(i)")
    }
}

/// Addresses and credentials around a server that works.
final class ServerAddressCLITests: XCTestCase {
    func testGivenCredentialsInOLLAMA_HOST_whenDoctorAndModelsReport_thenTheURLIsShownWithoutThem() throws {
        let suite = try FaultSuite()
        defer { suite.stop() }
        let doctor = try suite.cli.run(["doctor", "--db", suite.db], env: suite.env, deadline: 90)
        XCTAssertEqual(doctor.status, 0, doctor.description)
        XCTAssertTrue(doctor.stdout.contains("http://***@\(suite.server.hostPort)"), doctor.description)
        let models = try suite.cli.run(["models", "--json"], env: suite.env, deadline: 90)
        XCTAssertEqual(models.status, 0, models.description)
        XCTAssertTrue(models.stdout.contains("***@"), models.description)
        for output in [doctor.stdout + doctor.stderr, models.stdout + models.stderr] {
            for secret in FaultSuite.secrets { XCTAssertFalse(output.contains(secret), output) }
        }
    }

    func testGivenAnInvalidOLLAMA_HOST_whenChatting_thenItSaysTheAddressIsInvalidNotThatOllamaIsDown() throws {
        let cli = try RecallCLI()
        defer { cli.cleanUp() }
        for host in [":::", "http://:99999", "http://user:pw@:::"] {
            let r = try cli.run(["chat", "hi"], env: ["OLLAMA_HOST": host], deadline: 60)
            XCTAssertNotEqual(r.status, 0, r.description)
            XCTAssertTrue(r.stderr.contains("is not a valid server address"), "\(host): \(r)")
            XCTAssertTrue(r.stderr.contains("from OLLAMA_HOST"), "\(host): \(r)")
            XCTAssertFalse(r.stderr.contains("ollama serve"), "\(host): \(r)")
            XCTAssertFalse(r.stderr.contains(":pw@"), "\(host): \(r)")
        }
    }
}

/// Ctrl-C while a command waits for a loading model still stops it at once.
final class FaultServerInterruptCLITests: XCTestCase {
    func testGivenAModelLoadingForAMinute_whenCtrlCArrives_thenChatAndIndexStop() throws {
        let suite = try FaultSuite()
        defer { suite.stop() }
        suite.server.loadingSeconds = 120
        suite.server.fault = .loading
        for (args, path) in [(["chat", "hello"], "/api/chat"), (["index", "--db", suite.freshDB], "/api/embed")] {
            let before = suite.server.requestCount
            let running = try suite.cli.start(args, env: suite.env, deadline: 60)
            XCTAssertTrue(suite.server.waitForRequest(path, after: before, deadline: 60), "\(args) never reached the server")
            running.signal(SIGINT)
            let r = running.wait(deadline: 30)
            XCTAssertFalse(r.timedOut, "\(args) ignored Ctrl-C: \(r)")
            XCTAssertNotEqual(r.status, 0, r.description)
            if args[0] == "index" { XCTAssertTrue(r.stderr.contains("interrupted"), r.description) }
        }
    }
}

/// The databases, server and environment the fault tests share, and the commands they drive.
final class FaultSuite {
    /// One command line that talks to a server.
    struct Command {
        /// How failures name it.
        var name: String
        /// Arguments; `$DB` is an indexed database with one snippet, `$FRESH` one with a snippet not yet indexed,
        /// `$SNIPPET` that snippet's id, `$URL` the server's plain base URL, `$DATA` a tiny BEIR dataset folder.
        var args: [String]
        /// Extra environment.
        var env: [String: String] = [:]
        /// True when the command may still succeed without the server (e.g. `ask` falls back to showing sources):
        /// it must then still say what went wrong.
        var degrades = false
    }

    /// Every command that talks to a server. Add one line to drive another.
    static let commands: [Command] = [
        Command(name: "doctor", args: ["doctor", "--db", "$DB"]),
        Command(name: "models", args: ["models"]),
        Command(name: "models --check", args: ["models", "--check"]),
        Command(name: "chat", args: ["chat", "what is in my notes?"]),
        Command(name: "chat (openai)", args: ["chat", "hi", "--provider", "openai", "--base-url", "$URL"], env: ["RECALL_API_KEY": FaultSuite.apiKey]),
        Command(name: "index", args: ["index", "--db", "$FRESH"]),
        Command(name: "search --mode hybrid", args: ["search", "photosynthesis light", "--mode", "hybrid", "--db", "$DB"]),
        Command(name: "cards generate", args: ["cards", "generate", "$SNIPPET", "--accept-all", "--db", "$DB"]),
        Command(name: "assist", args: ["assist", "explain", "$SNIPPET", "--db", "$DB"]),
        Command(name: "ask", args: ["ask", "--anyway", "what do plants make from light?", "--db", "$DB"], degrades: true),
        Command(name: "arena", args: ["arena", "--anyway", "what do plants make from light?", "--a", "one", "--b", "two", "--db", "$DB"], degrades: true),
        Command(name: "eval answers", args: ["eval", "answers", "$DATA/answers.jsonl", "--db", "$DB"], degrades: true),
        Command(name: "eval retrieval", args: ["eval", "retrieval", "--corpus", "$DATA/corpus.jsonl", "--queries", "$DATA/queries.jsonl",
                                               "--qrels", "$DATA/qrels.tsv", "--mode", "hybrid"], degrades: true),
    ]

    /// Secrets that must never be printed: the URL password, its Basic-auth form, and the API key.
    static let password = "hunter2secret"
    static let apiKey = "sk-live-FAULTSUITE-0123456789"
    static var secrets: [String] { [password, Data("user:\(password)".utf8).base64EncodedString(), apiKey] }

    let cli: RecallCLI
    let server: FaultServer
    let db: String
    let freshDB: String
    let snippet: String
    /// `OLLAMA_HOST` with credentials in it (they must be redacted everywhere).
    var env: [String: String] { ["OLLAMA_HOST": "http://user:\(Self.password)@\(server.hostPort)"] }

    /// Makes both databases and indexes one of them against the healthy server.
    init(file: StaticString = #filePath, line: UInt = #line) throws {
        cli = try RecallCLI(file: file, line: line)
        server = try FaultServer(.healthy)
        db = cli.path("indexed.db")
        freshDB = cli.path("fresh.db")
        var ids: [String] = []
        for path in [db, freshDB] {
            try cli.ok(["new", "project", "Biology", "--db", path])
            try cli.ok(["new", "notebook", "--project", "Biology", "Plants", "--db", path])
            ids.append(try cli.ok(["new", "snippet", "--notebook", "Plants", "Photosynthesis", "--body",
                             "Plants turn light, water and carbon dioxide into sugar and oxygen.", "--db", path])
                .stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        snippet = ids[0]
        // A two-document BEIR-layout dataset for `recall eval retrieval`.
        let data = cli.root.appendingPathComponent("beir")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try #"{"_id":"d1","title":"Photosynthesis","text":"Plants turn light into sugar."}"#.appending("\n")
            .appending(#"{"_id":"d2","title":"Rivers","text":"Rivers carry water to the sea."}"#).appending("\n")
            .write(to: data.appendingPathComponent("corpus.jsonl"), atomically: true, encoding: .utf8)
        try #"{"_id":"q1","text":"what do plants make from light"}"#.appending("\n")
            .write(to: data.appendingPathComponent("queries.jsonl"), atomically: true, encoding: .utf8)
        try "query-id\tcorpus-id\tscore\nq1\td1\t1\n".write(to: data.appendingPathComponent("qrels.tsv"), atomically: true, encoding: .utf8)
        // Labelled questions for `recall eval answers`, and two profiles (the server from OLLAMA_HOST) for `recall arena`.
        try #"{"id":"q1","question":"what do plants make from light","snippets":["Photosynthesis"],"facts":["sugar"]}"#.appending("\n")
            .write(to: data.appendingPathComponent("answers.jsonl"), atomically: true, encoding: .utf8)
        try "[profiles.one]\nchat_model = \"llama3.2\"\n[profiles.two]\nchat_model = \"qwen3\"\n"
            .write(to: cli.root.appendingPathComponent("config/recall/config.toml"), atomically: true, encoding: .utf8)
        let indexed = try cli.run(["index", "--db", db], env: ["OLLAMA_HOST": server.hostPort], deadline: 120)
        XCTAssertEqual(indexed.status, 0, "indexing against the healthy server: \(indexed)", file: file, line: line)
    }

    func stop() {
        server.stop()
        cli.cleanUp()
    }

    /// Turns the server to `fault`, runs every command at once, and checks each outcome.
    static func run(_ fault: Fault, expecting phrases: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let suite = try FaultSuite(file: file, line: line)
        defer { suite.stop() }
        suite.server.fault = fault
        let started = try commands.map { command -> (Command, RecallCLI.Running) in
            let args = command.args.map { arg in
                arg.replacingOccurrences(of: "$DB", with: suite.db).replacingOccurrences(of: "$FRESH", with: suite.freshDB)
                    .replacingOccurrences(of: "$SNIPPET", with: suite.snippet).replacingOccurrences(of: "$DATA", with: suite.cli.path("beir"))
                    .replacingOccurrences(of: "$URL", with: "http://\(suite.server.hostPort)")
            }
            // A command past 90 s is killed and reported as hung: the deadlines under test are 15 s or less.
            return (command, try suite.cli.start(args, env: suite.env.merging(command.env) { $1 }, deadline: 90))
        }
        for (command, running) in started {
            let name = command.name
            let r = running.wait()
            let output = r.stdout + r.stderr
            XCTAssertFalse(r.timedOut, "\(fault): `recall \(name)` hung: \(r)", file: file, line: line)
            if !command.degrades {
                XCTAssertNotEqual(r.status, 0, "\(fault): `recall \(name)` should fail: \(r)", file: file, line: line)
            }
            XCTAssertTrue(phrases.contains { output.contains($0) }, "\(fault): `recall \(name)` should say one of \(phrases): \(r)", file: file, line: line)
            XCTAssertFalse(output.contains("\u{1B}"), "\(fault): `recall \(name)` printed an escape sequence: \(r)", file: file, line: line)
            for secret in secrets {
                XCTAssertFalse(output.contains(secret), "\(fault): `recall \(name)` printed a secret: \(r)", file: file, line: line)
            }
            for raw in ["DecodingError", "Fatal error", "dataCorrupted", "Swift."] {
                XCTAssertFalse(output.contains(raw), "\(fault): `recall \(name)` printed a raw error (\(raw)): \(r)", file: file, line: line)
            }
        }
    }
}
