import Seeded
import ArgumentParser
import Foundation
import Notebook
import RecallKit
import Retrieval
import Store

/// `recall bench crash`: the crash test. Each round runs one write through the real `recall` binary (create, edit
/// with --body, edit through $EDITOR, a large edit, rm/restore, import of a folder, card add, grade, Anki import)
/// and kills it with SIGKILL at a random moment (or lets it finish). After every round the database is opened
/// (recovering the WAL) and checked: `integrity_check`, foreign keys, the FTS5 index against the chunks, each
/// snippet's hash, chunks and newest revision against its text, that every acknowledged write is present, and
/// that an unacknowledged one is all there or not there at all. Exit status 1 when anything is wrong.
struct BenchCrashCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "crash",
        abstract: "Crash test: kill -9 writes at random moments and check the database after each round.")
    @Option(help: "Number of rounds.") var rounds = 100
    @Option(help: "Random seed (printed, so a failing run can be repeated).") var seed: UInt64?
    @Option(help: "Folder for the temporary database (default: the system temp dir).") var dir: String?
    @Flag(help: "Keep the work folder (database, files) for inspection.") var keep = false
    @Flag(help: "Print the summary as JSON.") var json = false
    @Option(name: .customLong("embed-url"), help: "An OpenAI-compatible embedding server: adds `recall index` rounds.") var embedURL: String?
    @Option(name: .customLong("embed-model"), help: "The embedding model name for --embed-url.") var embedModel = "fake-embed"

    func run() throws {
        let seed = seed ?? UInt64(Date().timeIntervalSince1970 * 1000)
        var runner = try CrashRunner(seed: seed, base: dir ?? NSTemporaryDirectory(), embedURL: embedURL, embedModel: embedModel)
        defer { if !keep { runner.removeWork() } }
        let started = Date()
        for r in 1...max(rounds, 1) {
            try runner.round(r)
            if !json && (r % 100 == 0 || r == rounds) {
                Output.note("crash: round \(r)/\(rounds), \(runner.killed) killed, \(runner.problems.count) problem(s)")
            }
        }
        try runner.finish()
        let summary = runner.summary(rounds: rounds, seconds: Date().timeIntervalSince(started))
        if json { try Output.json(summary) } else { print(summary.text) }
        if keep { Output.note("crash: work folder kept at \(runner.work)") }
        if !runner.problems.isEmpty { throw ExitCode(1) }
    }
}

/// What a crash-test run found.
struct CrashSummary: Encodable {
    var seed: UInt64
    var rounds: Int
    var killed: Int
    /// Killed writes (edits, creates, imports) found committed after the kill, and found not committed:
    /// both being non-zero shows the kills landed before and after the commit point.
    var killedCommitted: Int
    var killedRolledBack: Int
    var completed: Int
    var failedCommands: Int
    var seconds: Double
    /// Per operation: rounds, killed, completed.
    var operations: [String: [String: Int]]
    var problems: [String]

    var text: String {
        var lines = [String(format: "crash test: %d rounds in %.1f s (seed %llu): %d killed with SIGKILL, %d completed, %d failed with an error",
                            rounds, seconds, seed, killed, completed, failedCommands),
                     "killed creates/edits/imports found committed: \(killedCommitted), found rolled back: \(killedRolledBack)"]
        for (op, c) in operations.sorted(by: { $0.key < $1.key }) {
            lines.append("  \(op.padding(toLength: 12, withPad: " ", startingAt: 0)) \(c["rounds"] ?? 0) rounds, \(c["killed"] ?? 0) killed, \(c["completed"] ?? 0) completed")
        }
        lines.append("checks after every round: integrity_check, foreign_key_check, FTS5 integrity and rows vs chunks, snippet hash/chunks/newest revision vs text, acknowledged writes present, unacknowledged ones all-or-nothing")
        lines.append(problems.isEmpty ? "problems: 0" : "problems: \(problems.count)\n" + problems.prefix(20).map { "  " + $0 }.joined(separator: "\n"))
        return lines.joined(separator: "\n")
    }
}

/// The crash test's state: the work folder, the model of what must be in the database, and the figures.
struct CrashRunner {
    enum Op: String, CaseIterable {
        case create, edit, editor, bigEdit = "big-edit", trash, restore, importFolder = "import", cardAdd = "card-add", grade, cardImport = "card-import",
             index
    }

    let work: String
    let dbPath: String
    let binary: String
    let environment: [String: String]
    var rng: SeededGenerator
    let seed: UInt64
    static let notebook = "Crash"

    /// Snippet id → the body hashes it may hold now (one after an acknowledged write; two after a killed one).
    var snippets: [String: Set<String>] = [:]
    /// Snippets in the trash (acknowledged).
    var trashed: Set<String> = []
    /// Snippet ids whose trash state is unknown (a killed rm/restore).
    var trashUnknown: Set<String> = []
    /// Hashes of bodies whose create was killed: such a snippet may exist.
    var maybeCreated: Set<String> = []
    /// Import: the versions the imported files may hold (0: never imported); one after an acknowledged import.
    var importVersions: Set<Int> = [0]
    var importVersion = 0
    var importFiles = 4
    /// Cards: acknowledged ids, bounds on the total count, and per card bounds on review rows.
    var cardIDs: [String] = []
    var cardCount = 0...0
    var reviews: [String: ClosedRange<Int>] = [:]
    var reviewClock = Date(timeIntervalSince1970: 1_800_000_000)

    var killed = 0
    var killedCommitted = 0
    var killedRolledBack = 0
    /// The text a killed edit was writing, per snippet (to tell committed from rolled back).
    var killedEdit: [String: String] = [:]
    var completed = 0
    var failedCommands = 0
    var perOp: [String: [String: Int]] = [:]
    var problems: [String] = []
    /// Typical run time of each operation (seconds), to spread the kills over its whole run.
    var typical: [Op: Double] = [:]

    /// True when an embedding server was given (`recall index` rounds).
    let indexing: Bool

    init(seed: UInt64, base: String, embedURL: String? = nil, embedModel: String = "fake-embed") throws {
        self.seed = seed
        rng = SeededGenerator(seed: seed)
        work = (base as NSString).appendingPathComponent("recall-crash-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(atPath: work + "/tmp", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: work + "/import/Crash import", withIntermediateDirectories: true)
        dbPath = work + "/crash.db"
        binary = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let editor = work + "/editor.sh"
        try "#!/bin/sh\nprintf '%s' \"$CRASH_TEXT\" > \"$1\"\n".write(toFile: editor, atomically: true, encoding: .utf8)
        chmod(editor, 0o755)
        var env = ProcessInfo.processInfo.environment
        env["TMPDIR"] = work + "/tmp"
        env["EDITOR"] = editor
        env["VISUAL"] = ""
        env["NO_COLOR"] = "1"
        indexing = embedURL != nil
        if let url = embedURL {
            env["RECALL_PROVIDER"] = "openai"
            env["RECALL_BASE_URL"] = url
            env["RECALL_EMBED_BASE_URL"] = url
            env["RECALL_EMBED_MODEL"] = embedModel
        }
        environment = env
        let setup = try runToEnd(["new", "project", "Crash"])
        guard setup.status == 0 else { throw CLIError("crash: cannot create the test database: \(setup.err)") }
        _ = try runToEnd(["new", "notebook", Self.notebook, "--project", "Crash"])
    }

    func removeWork() { try? FileManager.default.removeItem(atPath: work) }

    /// One finished child: exit status (nil when killed), stdout, stderr.
    struct Outcome { var status: Int32?; var out: String; var err: String; var seconds: Double }

    /// Runs `recall ARGS --db DB`, killing it with SIGKILL after `killAfter` seconds if it is still running.
    func spawn(_ args: [String], stdin: Data? = nil, env extra: [String: String] = [:], killAfter: Double?) throws -> Outcome {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args + ["--db", dbPath]
        p.environment = environment.merging(extra) { $1 }
        let outPath = work + "/out", errPath = work + "/err", inPath = work + "/in"
        FileManager.default.createFile(atPath: outPath, contents: nil)
        FileManager.default.createFile(atPath: errPath, contents: nil)
        FileManager.default.createFile(atPath: inPath, contents: stdin ?? Data())
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        let input = try FileHandle(forReadingFrom: URL(fileURLWithPath: inPath))
        defer { try? out.close(); try? err.close(); try? input.close() }
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input
        let done = DispatchSemaphore(value: 0)
        p.terminationHandler = { _ in done.signal() }
        let t0 = Date()
        try p.run()
        var wasKilled = false
        if let limit = killAfter {
            if done.wait(timeout: .now() + limit) == .timedOut {
                kill(p.processIdentifier, SIGKILL)
                done.wait()
                wasKilled = p.terminationReason == .uncaughtSignal
            }
        } else if done.wait(timeout: .now() + 300) == .timedOut {
            kill(p.processIdentifier, SIGKILL)
            done.wait()
            throw CLIError("crash: `recall \(args.first ?? "")` did not finish in 300 s")
        }
        let seconds = Date().timeIntervalSince(t0)
        let o = String(decoding: FileManager.default.contents(atPath: outPath) ?? Data(), as: UTF8.self)
        let e = String(decoding: FileManager.default.contents(atPath: errPath) ?? Data(), as: UTF8.self)
        if wasKilled || p.terminationReason == .uncaughtSignal { return Outcome(status: nil, out: o, err: e, seconds: seconds) }
        return Outcome(status: p.terminationStatus, out: o, err: e, seconds: seconds)
    }

    func runToEnd(_ args: [String], stdin: Data? = nil, env: [String: String] = [:]) throws -> (status: Int32, out: String, err: String) {
        let o = try spawn(args, stdin: stdin, env: env, killAfter: nil)
        return (o.status ?? -1, o.out, o.err)
    }

    mutating func random(_ n: Int) -> Int { Int(rng.next() % UInt64(max(n, 1))) }

    mutating func words(_ count: Int, round r: Int) -> String {
        let vocab = ["alpha", "beta", "gamma", "delta", "kernel", "index", "vector", "review", "card", "note", "crash", "write", "ahead", "log",
                     "page", "btree", "journal", "commit", "fsync", "chunk", "token", "phrase"]
        var s = "round \(r):"
        for i in 0..<count {
            s += (i % 12 == 11 ? "\n\n" : " ") + vocab[random(vocab.count)]
        }
        return s + "\n"
    }

    /// Runs one round: one operation, maybe killed, then the checks.
    mutating func round(_ r: Int) throws {
        var ops: [Op] = [.create, .edit, .editor, .bigEdit, .trash, .restore, .importFolder, .cardAdd, .grade, .cardImport]
        if indexing { ops += [.index, .index] }
        if snippets.isEmpty { ops = [.create] }
        var op = ops[random(ops.count)]
        // An operation that has nothing to act on yet becomes the one that makes it (so the figures name what ran).
        let hasLive = snippets.keys.contains { !trashed.contains($0) && !trashUnknown.contains($0) }
        switch op {
        case .edit, .editor, .bigEdit, .trash: if !hasLive { op = .create }
        case .restore: if trashed.isEmpty { op = .create }
        case .grade: if cardIDs.isEmpty { op = .cardAdd }
        default: break
        }
        let kill = random(10) < 7
        let t = typical[op] ?? 0.4
        let delay = kill ? Double(random(1000)) / 1000 * t * 1.2 : nil
        let outcome = try perform(op, round: r, killAfter: delay)
        var c = perOp[op.rawValue] ?? [:]
        c["rounds", default: 0] += 1
        if outcome.status == nil { killed += 1; c["killed", default: 0] += 1 } else {
            completed += 1; c["completed", default: 0] += 1
            typical[op] = (typical[op].map { $0 * 0.7 + outcome.seconds * 0.3 }) ?? outcome.seconds
            if outcome.status != 0 { failedCommands += 1; problems.append("round \(r) \(op.rawValue): exit \(outcome.status!): \(outcome.err.prefix(300))") }
        }
        perOp[op.rawValue] = c
        check(round: r, op: op)
    }

    mutating func perform(_ op: Op, round r: Int, killAfter: Double?) throws -> Outcome {
        let live = snippets.keys.filter { !trashed.contains($0) && !trashUnknown.contains($0) }.sorted()
        switch op {
        case .create:
            let body = words(20 + random(200), round: r)
            let o = try spawn(["new", "snippet", "Note \(r)", "--notebook", Self.notebook, "--body", body], killAfter: killAfter)
            let h = ContentHash.of(body)
            if o.status == 0 { snippets[o.out.trimmingCharacters(in: .whitespacesAndNewlines)] = [h] } else { maybeCreated.insert(h) }
            return o
        case .edit, .editor, .bigEdit:
            guard let id = live.isEmpty ? nil : live[random(live.count)] else { return try perform(.create, round: r, killAfter: killAfter) }
            let body = op == .bigEdit ? String(repeating: words(150, round: r), count: 300 + random(600)) : words(10 + random(300), round: r)
            let o: Outcome
            switch op {
            case .edit: o = try spawn(["edit", id, "--body", body], killAfter: killAfter)
            case .editor: o = try spawn(["edit", id], env: ["CRASH_TEXT": body], killAfter: killAfter)
            default: o = try spawn(["edit", id, "--stdin"], stdin: Data(body.utf8), killAfter: killAfter)
            }
            let h = ContentHash.of(body)
            if o.status == 0 { snippets[id] = [h]; killedEdit[id] = nil } else { snippets[id, default: []].insert(h); if o.status == nil { killedEdit[id] = h } }
            return o
        case .trash, .restore:
            let pool = op == .trash ? live : trashed.sorted()
            guard !pool.isEmpty else { return try perform(.create, round: r, killAfter: killAfter) }
            let id = pool[random(pool.count)]
            let o = try spawn([op == .trash ? "rm" : "restore", id], killAfter: killAfter)
            if o.status == 0 {
                if op == .trash { trashed.insert(id) } else { trashed.remove(id) }
            } else {
                trashUnknown.insert(id); trashed.remove(id)
            }
            return o
        case .importFolder:
            importVersion += 1
            if random(4) == 0 { importFiles += 1 }
            let v = importVersion
            for i in 0..<importFiles {
                var text = "---\ntitle: Imported \(i)\n---\n\n"
                for j in 0..<(2 + i % 3) { text += "## Section \(j)\n\nversion \(v) file \(i) section \(j) " + words(30 + random(80), round: r) + "\n" }
                try Data(text.utf8).write(to: URL(fileURLWithPath: work + "/import/Crash import/file-\(i).md"))
            }
            let o = try spawn(["import", work + "/import/Crash import"], killAfter: killAfter)
            if o.status == 0 { importVersions = [v] } else { importVersions.insert(v) }
            return o
        case .cardAdd:
            var args = ["card", "add", "--front", "Question \(r)", "--back", "Answer \(r)"]
            if let s = live.first, random(2) == 0 { args += ["--from-snippet", s] }
            let o = try spawn(args, killAfter: killAfter)
            if o.status == 0 {
                let id = o.out.trimmingCharacters(in: .whitespacesAndNewlines)
                cardIDs.append(id); reviews[id] = 0...0
                cardCount = (cardCount.lowerBound + 1)...(cardCount.upperBound + 1)
            } else { cardCount = cardCount.lowerBound...(cardCount.upperBound + 1) }
            return o
        case .grade:
            guard !cardIDs.isEmpty else { return try perform(.cardAdd, round: r, killAfter: killAfter) }
            let id = cardIDs[random(cardIDs.count)]
            reviewClock = reviewClock.addingTimeInterval(86_400 * Double(1 + random(30)))
            let rating = ["again", "hard", "good", "easy"][random(4)]
            let o = try spawn(["grade", id, rating, "--at", Output.iso(reviewClock)], killAfter: killAfter)
            let b = reviews[id] ?? 0...0
            reviews[id] = o.status == 0 ? (b.lowerBound + 1)...(b.upperBound + 1) : b.lowerBound...(b.upperBound + 1)
            return o
        case .index:
            // Embeddings are checked by the store checks (each vector belongs to a chunk with the same text hash).
            return try spawn(["index"], killAfter: killAfter)
        case .cardImport:
            let file = work + "/cards-\(r).txt"
            let text = (0..<3).map { "Imported question \(r)-\($0)\tImported answer \(r)-\($0)" }.joined(separator: "\n") + "\n"
            try Data(text.utf8).write(to: URL(fileURLWithPath: file))
            let o = try spawn(["card", "import", file], killAfter: killAfter)
            cardCount = (cardCount.lowerBound + (o.status == 0 ? 3 : 0))...(cardCount.upperBound + 3)
            return o
        }
    }

    /// Opens the database (recovering after the kill) and checks it against the model; narrows the model to what
    /// was found when a killed write left two possibilities.
    mutating func check(round r: Int, op: Op) {
        func fail(_ s: String) { problems.append("round \(r) (\(op.rawValue)): \(s)") }
        do {
            let db = try AppDatabase(path: dbPath)
            for p in try db.consistencyProblems() { fail(p) }
            let facts = try db.crashTestFacts(notebookTitle: Self.notebook)
            // Snippets: every acknowledged one present with an allowed text; unknown ones only from killed creates.
            for (id, allowed) in snippets {
                let inTrash = facts.trashedSnippets.contains(id)
                guard let hash = facts.snippetHashes[id] ?? (inTrash ? "trashed" : nil) else { fail("snippet \(id.prefix(8)) is missing"); continue }
                if trashUnknown.contains(id) {
                    trashUnknown.remove(id)
                    if inTrash { trashed.insert(id) } else { trashed.remove(id) }
                } else if trashed.contains(id) != inTrash {
                    fail("snippet \(id.prefix(8)) should \(trashed.contains(id) ? "" : "not ")be in the trash")
                }
                if !inTrash {
                    if !allowed.contains(hash) { fail("snippet \(id.prefix(8)) holds a text that was never written (or lost an acknowledged edit)") }
                    if let k = killedEdit.removeValue(forKey: id) { if k == hash { killedCommitted += 1 } else { killedRolledBack += 1 } }
                    snippets[id] = [hash]
                }
            }
            for (id, hash) in facts.snippetHashes where snippets[id] == nil {
                if maybeCreated.contains(hash) { snippets[id] = [hash]; maybeCreated.remove(hash); killedCommitted += 1 } else { fail("unexpected snippet \(id.prefix(8))") }
            }
            killedRolledBack += maybeCreated.count
            maybeCreated = []
            killedEdit = [:]
            // Import: all files at one version, an allowed one (all or nothing).
            do {
                var seen: Set<Int> = []
                for (source, bodies) in facts.notebookBodiesBySource where source.hasPrefix("file-") {
                    for b in bodies {
                        guard let v = b.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { fail("import: unreadable section in \(source)"); continue }
                        seen.insert(v)
                    }
                }
                if seen.count > 1 { fail("import is not all-or-nothing: versions \(seen.sorted()) side by side") }
                let v = seen.first ?? 0
                if importVersions.count > 1, let newest = importVersions.max() { if v == newest { killedCommitted += 1 } else { killedRolledBack += 1 } }
                if !importVersions.contains(v) { fail("import holds version \(v), expected one of \(importVersions.sorted())") }
                importVersions = [v]
            }
            // Cards and reviews.
            for id in cardIDs where !facts.cardIDs.contains(id) { fail("acknowledged card \(id.prefix(8)) is missing") }
            if !cardCount.contains(facts.cardIDs.count) { fail("\(facts.cardIDs.count) cards, expected \(cardCount)") }
            cardCount = facts.cardIDs.count...facts.cardIDs.count
            for (id, bounds) in reviews {
                let n = facts.reviewCounts[id] ?? 0
                if !bounds.contains(n) { fail("card \(id.prefix(8)) has \(n) review(s), expected \(bounds)") }
                reviews[id] = n...n
            }
        } catch {
            fail("cannot open or read the database after the round: \(error)")
        }
    }

    /// After the last round: one more start must remove every editor copy left by a killed `recall edit`.
    mutating func finish() throws {
        _ = try runToEnd(["list"])
        let dir = work + "/tmp/recall-\(getuid())"
        let left = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasPrefix("edit-") }
        if !left.isEmpty { problems.append("after the run: \(left.count) editor temp file(s) left in \(dir)") }
    }

    func summary(rounds: Int, seconds: Double) -> CrashSummary {
        CrashSummary(seed: seed, rounds: rounds, killed: killed, killedCommitted: killedCommitted, killedRolledBack: killedRolledBack, completed: completed, failedCommands: failedCommands,
                     seconds: seconds, operations: perOp, problems: problems)
    }
}
