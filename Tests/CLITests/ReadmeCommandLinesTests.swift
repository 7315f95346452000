import Foundation
import TestSupport
import XCTest

/// Every `recall …` command line in README.md (the shell examples, and `recall …` in inline code) names commands and
/// flags that exist: each subcommand is listed by its parent's `--help`, each `--flag` by the command's `--help`.
/// A renamed or removed command or flag fails naming the README line.
final class ReadmeCommandLinesTests: XCTestCase {
    var cli: RecallCLI!
    var helps: [[String]: String] = [:]

    override func setUpWithError() throws { cli = try RecallCLI(label: "readme") }
    override func tearDown() { cli?.cleanUp() }

    /// `recall PATH --help`, once per path.
    func help(_ path: [String]) throws -> String {
        if let h = helps[path] { return h }
        let r = try cli.run(path + ["--help"])
        let text = r.status == 0 ? r.stdout : ""
        helps[path] = text
        return text
    }

    /// The subcommands a help text lists, and the default one.
    static func subcommands(_ help: String) -> (names: Set<String>, fallback: String?) {
        var names = Set<String>(), fallback: String?
        var inSection = false
        for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("SUBCOMMANDS:") { inSection = true; continue }
            guard inSection else { continue }
            if !line.isEmpty, !line.hasPrefix(" ") { break }
            guard line.hasPrefix("  "), !line.hasPrefix("   ") else { continue }
            let parts = line.split(separator: " ")
            guard let name = parts.first.map(String.init) else { continue }
            names.insert(name)
            if parts.count > 1, parts[1] == "(default)" { fallback = name }
        }
        return (names, fallback)
    }

    /// Shell-like words of a command line, quotes removed, stopping at a comment.
    static func words(_ line: String) -> [String] {
        var out: [String] = [], current = "", quote: Character?, started = false
        for c in line {
            if let q = quote {
                if c == q { quote = nil } else { current.append(c) }
            } else if c == "\"" || c == "'" {
                quote = c; started = true
            } else if c == " " {
                if started || !current.isEmpty { out.append(current) }
                current = ""; started = false
            } else {
                if c == "#", current.isEmpty, !started { break }
                current.append(c)
            }
        }
        if quote == nil, started || !current.isEmpty { out.append(current) }
        return out
    }

    /// The `recall …` command lines of the README with their line numbers.
    static func commandLines() throws -> [(line: Int, words: [String])] {
        let text = try String(contentsOf: RecallCLI.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        var out: [(Int, [String])] = []
        var inShell = false
        for (i, line) in text.components(separatedBy: "\n").enumerated() {
            if line.hasPrefix("```") { inShell = line == "```sh"; continue }
            var segments: [String] = []
            if inShell {
                segments = line.components(separatedBy: "&&")
            } else {
                let spans = line.split(separator: "`", omittingEmptySubsequences: false)
                segments = spans.enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
            }
            for s in segments {
                let w = words(s.trimmingCharacters(in: .whitespaces))
                if w.first == "recall", w.count > 1 { out.append((i + 1, Array(w.dropFirst()))) }
            }
        }
        return out
    }

    func testEveryCommandAndFlagTheReadmeNamesExists() throws {
        let lines = try Self.commandLines()
        XCTAssertGreaterThan(lines.count, 50, "README.md's recall command lines were found")
        var flagsChecked = 0
        for (line, words) in lines {
            var path: [String] = []
            var rest = words[...]
            // Global options may come before the command.
            while let w = rest.first, w == "--db" || w == "--json" { rest = rest.dropFirst(w == "--db" ? 2 : 1) }
            while let w = rest.first {
                let pathHelp = try help(path)
                let (names, fallback) = Self.subcommands(pathHelp)
                let alternatives = w.split(separator: "|").map(String.init)
                if !names.isEmpty, alternatives.allSatisfy(names.contains) {
                    path.append(alternatives[0])
                    rest = rest.dropFirst()
                } else if path.isEmpty {
                    // At the top a word must be a command (the default, the app, takes only options).
                    let isWord = w.first?.isLetter == true && w.uppercased() != w
                    XCTAssertFalse(isWord, "README.md:\(line): `recall \(w)` is not a command (recall --help)")
                    if !isWord, let fallback { path.append(fallback) }
                    break
                } else if let fallback, !w.hasPrefix("-") || !pathHelp.contains(w) {
                    path.append(fallback)
                    break
                } else {
                    // A command with subcommands and no default takes a subcommand first.
                    XCTAssertTrue(names.isEmpty || w.hasPrefix("-"),
                                  "README.md:\(line): `recall \(path.joined(separator: " ")) \(w)`: \(w) is not a subcommand")
                    break
                }
            }
            let h = try help(path)
            XCTAssertFalse(h.isEmpty, "README.md:\(line): `recall \(path.joined(separator: " ")) --help` failed")
            for w in rest {
                let word = w.trimmingCharacters(in: CharacterSet(charactersIn: "[],;:)"))
                guard word.hasPrefix("--"), word.count > 2 else { continue }
                let flag = String(word.prefix { $0 != "=" })
                let pattern = "(^|[\\s,\\[])" + NSRegularExpression.escapedPattern(for: flag) + "([\\s,=<\\]]|$)"
                XCTAssertNotNil(h.range(of: pattern, options: .regularExpression),
                                "README.md:\(line): `recall \(path.joined(separator: " "))` has no option \(flag) (see its --help)")
                flagsChecked += 1
            }
        }
        XCTAssertGreaterThan(flagsChecked, 40, "the README's flags were checked")
    }

    /// A command's description (the help above USAGE) is prose: no run of spaces inside a line (example command lines aside) (a stray indentation
    /// inside a long string once showed as "goes             where" in `recall assist --help`).
    func testEveryCommandsDescriptionReadsAsProse() throws {
        let (names, _) = Self.subcommands(try help([]))
        XCTAssertGreaterThan(names.count, 20)
        for name in names.sorted() {
            let text = try help([name])
            let description = text.components(separatedBy: "USAGE:").first ?? ""
            for line in description.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).hasPrefix("recall ")
                && line.range(of: "\\S {3,}\\S", options: .regularExpression) != nil {  // examples align their comments
                XCTFail("recall \(name) --help: spaces inside a line: \(line)")
            }
        }
    }
}
