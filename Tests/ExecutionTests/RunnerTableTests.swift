import Execution
import Foundation
import XCTest

/// The runners data file: the built-in one parses, matches the file on disk, and a user file adds or replaces
/// languages; mistakes name the language and the key.
final class RunnerTableTests: XCTestCase {
    func testBuiltInFileParsesAndMatchesTheDataFile() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let onDisk = try String(contentsOf: root.appendingPathComponent("runners/runners.toml"), encoding: .utf8)
        XCTAssertEqual(onDisk.trimmingCharacters(in: .newlines), RunnerTable.embeddedTOML.trimmingCharacters(in: .newlines),
                       "runners/runners.toml changed: run sh runners/generate-embedded.sh")
        let table = RunnerTable.builtIn
        XCTAssertEqual(table.spec(for: "Python")?.language, "python")
        XCTAssertEqual(table.spec(for: "py")?.language, "python")
        XCTAssertEqual(table.spec(for: "shell")?.language, "bash")
        XCTAssertTrue(table.spec(for: "python")?.usesVenv ?? false)
        XCTAssertFalse(table.spec(for: "bash")?.usesVenv ?? true)
        XCTAssertNil(table.spec(for: "cobol"))
        XCTAssertNil(table.spec(for: nil))
        XCTAssertEqual(table.spec(for: "bash")?.argv(file: "/s/x.sh", python: "/v/bin/python"), ["bash", "/s/x.sh"])
        XCTAssertEqual(table.spec(for: "python")?.argv(file: "/s/x.py", python: "/v/bin/python"), ["/v/bin/python", "-u", "/s/x.py"])
    }

    func testUserFileAddsAndReplacesLanguages() throws {
        let user = try RunnerTable.parse(toml: """
            [lua]
            command = ["lua", "{file}"]
            extension = "lua"
            [bash]
            command = ["/bin/bash", "--norc", "{file}"]
            """)
        let merged = RunnerTable.builtIn.merging(user)
        XCTAssertEqual(merged.spec(for: "lua")?.fileExtension, "lua")
        XCTAssertEqual(merged.spec(for: "bash")?.command, ["/bin/bash", "--norc", "{file}"])
        XCTAssertEqual(merged.spec(for: "python")?.language, "python")
    }

    func testMistakesNameTheLanguageAndKey() {
        XCTAssertThrowsError(try RunnerTable.parse(toml: "[x]\ncommand = [\"x\"]\n")) {
            XCTAssertTrue("\($0)".contains("{file}"), "\($0)")
        }
        XCTAssertThrowsError(try RunnerTable.parse(toml: "[x]\ncommand = [\"x\", \"{file}\"]\ncolour = 1\n")) {
            XCTAssertTrue("\($0)".contains("[x] unknown key 'colour'"), "\($0)")
        }
        XCTAssertThrowsError(try RunnerTable.parse(toml: "[x]\ncommand = \"x {file}\"\n")) {
            XCTAssertTrue("\($0)".contains("list of strings"), "\($0)")
        }
        XCTAssertThrowsError(try RunnerTable.parse(toml: "[x\n")) { XCTAssertTrue("\($0)".contains("not valid TOML"), "\($0)") }
    }
}

/// The environment allowlist: only listed variables pass, never one that looks like a credential.
final class RunEnvironmentTests: XCTestCase {
    func testOnlyAllowlistedNonCredentialVariablesPass() {
        let parent = ["PATH": "/usr/bin", "LANG": "en_US.UTF-8", "OPENAI_API_KEY": "sk-secret", "AWS_SECRET_ACCESS_KEY": "x",
                      "GITHUB_TOKEN": "t", "DB_PASSWORD": "p", "HOME": "/root", "TERM": "xterm", "RANDOM_VAR": "r"]
        let env = RunEnvironment.build(parent: parent, home: "/scratch/home", tmp: "/scratch/tmp")
        XCTAssertEqual(env["PATH"], "/usr/bin")
        XCTAssertEqual(env["LANG"], "en_US.UTF-8")
        XCTAssertEqual(env["TERM"], "xterm")
        XCTAssertEqual(env["HOME"], "/scratch/home")
        XCTAssertEqual(env["TMPDIR"], "/scratch/tmp")
        for name in ["OPENAI_API_KEY", "AWS_SECRET_ACCESS_KEY", "GITHUB_TOKEN", "DB_PASSWORD", "RANDOM_VAR"] {
            XCTAssertNil(env[name], name)
        }
        XCTAssertFalse(env.values.contains("sk-secret"))
        XCTAssertTrue(RunEnvironment.looksLikeCredential("my_api_key"))
        XCTAssertFalse(RunEnvironment.looksLikeCredential("LANG"))
    }
}

/// Output decoding across reads: a UTF-8 character or an escape sequence split between two reads is held back.
final class StreamDecoderTests: XCTestCase {
    func testSplitCharacterAndEscapeWaitForTheRest() {
        var d = StreamDecoder()
        let bytes = Array("é\u{1B}[31mred".utf8)
        XCTAssertEqual(d.feed(bytes[0..<1]), "")
        XCTAssertEqual(d.feed(bytes[1..<4]), "é")
        XCTAssertEqual(d.feed(bytes[4..<6]), "")
        XCTAssertEqual(d.feed(bytes[6...]), "\u{1B}[31mred")
        XCTAssertEqual(d.finish(), "")
        var e = StreamDecoder()
        XCTAssertEqual(e.feed(Array("a\u{1B}".utf8)), "a")
        XCTAssertEqual(e.finish(), "\u{1B}")
    }

    func testSummarySaysWhichLimitInPlainWords() {
        let l = RunLimits.defaults
        func outcome(_ k: KillReason?, signal: Int32? = nil) -> RunOutcome {
            RunOutcome(exitCode: 137, transcript: [], durationMs: 30_010, killed: k, truncated: k == .output, limits: l, signal: signal)
        }
        XCTAssertEqual(outcome(.timeout).summary, "stopped: it ran past the 30 s time limit (raise it with --timeout)")
        XCTAssertTrue(outcome(.timeout, signal: RunOutcome.cpuLimitSignal).summary.contains("CPU time"))
        XCTAssertEqual(outcome(.memory).summary, "stopped: it ran out of memory under the 1 GiB limit (raise it with --memory)")
        XCTAssertEqual(outcome(.output).summary, "stopped: it wrote more than 1 MiB of output; the rest was dropped")
        XCTAssertEqual(outcome(.cancelled).summary, "cancelled after 30.0 s")
        XCTAssertEqual(RunOutcome(exitCode: 3, transcript: [], durationMs: 12, killed: nil, truncated: false, limits: l).summary, "exit 3 in 12 ms")
    }
}
