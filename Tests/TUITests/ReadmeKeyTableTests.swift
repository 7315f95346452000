import Foundation
import XCTest
@testable import TUI

/// README's "Keys" table is a claim about keymaps/default.toml: every key a row names must be bound, in the context
/// the row describes, to the command the row says it runs. A key added to the README without a check here, a row
/// this test does not know, or a binding that moved in the keymap fails with the README line.
final class ReadmeKeyTableTests: XCTestCase {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// For each row (its first cell, up to the first space or parenthesis) and each key the row names (as written in
    /// the README), the bindings that make the row true: "context key command".
    static let claims: [String: [String: [String]]] = [
        "anywhere": [
            "F2": ["global f2 pane.editor", "global f3 pane.ask", "global f4 pane.review"],
            "F4": ["global f4 pane.review"],
            "Alt-1": ["global alt-1 pane.editor", "global alt-2 pane.ask", "global alt-3 pane.review"],
            "`1`": ["global 1 pane.editor"], "`2`": ["global 2 pane.ask"], "`3`": ["global 3 pane.review"],
            "F6": ["global f6 pane.next"], "Ctrl-O": ["global ctrl-o pane.back"], "Ctrl-F": ["global ctrl-f search.open"],
            "Ctrl-P": ["global ctrl-p app.palette"], "F1": ["global f1 app.help"], "Ctrl-Q": ["global ctrl-q app.quit"],
            "`/`": ["global / search.open"], "`:`": ["global : app.palette"], "`?`": ["global ? app.help"],
            "`q`": ["global q app.quit"],
        ],
        "navigator": [
            "`j`": ["navigator j nav.down"], "`k`": ["navigator k nav.up"],
            // `l` on a snippet opens it (App.navigatorExpand), Enter opens.
            "`l`": ["navigator l nav.expand"], "Enter": ["navigator enter nav.open"],
            "`h`": ["navigator h nav.collapse"], "`n`": ["navigator n nav.new-snippet"],
            "`N`": ["navigator N nav.new-notebook"], "`P`": ["navigator P nav.new-project"],
            "`r`": ["navigator r nav.rename"], "`m`": ["navigator m nav.move"], "`d`": ["navigator d nav.delete"],
            "`u`": ["navigator u nav.undo-delete"], "`s`": ["navigator s nav.status"], "`t`": ["navigator t nav.tags"],
            "`H`": ["navigator H nav.history"], "F5": ["navigator f5 nav.run"],
        ],
        "editor": [
            "Ctrl-S": ["editor ctrl-s edit.save"], "Ctrl-Z": ["editor ctrl-z edit.undo"], "Ctrl-Y": ["editor ctrl-y edit.redo"],
            "Ctrl-W": ["editor ctrl-w edit.find"], "Alt-N": ["editor alt-n edit.find-next"],
            "Alt-P": ["editor alt-p edit.find-prev"], "Ctrl-R": ["editor ctrl-r edit.replace"],
            "Ctrl-G": ["editor ctrl-g edit.goto-line"], "Ctrl-E": ["editor ctrl-e edit.external"],
            "Alt-H": ["editor alt-h history.open"], "Alt-C": ["editor alt-c card.cloze"], "Alt-B": ["editor alt-b card.basic"],
            "Alt-V": ["editor alt-v card.reversed"], "Alt-D": ["editor alt-d edit.status"], "Alt-G": ["editor alt-g edit.tags"],
            "Alt-O": ["editor alt-o edit.open-url"], "F5": ["editor f5 run.snippet"],
        ],
        "output": [
            "F5": ["editor f5 run.snippet", "run f5 run.rerun"], "Ctrl-C": ["run ctrl-c run.cancel"], "`c`": ["run c run.cancel"],
            "`j`": ["run j run.down"], "`k`": ["run k run.up"], "PgUp": ["run pgup run.page-up"],
            "PgDn": ["run pgdown run.page-down"], "Tab": ["run tab run.leave"], "Esc": ["run esc run.close"],
            "F7": ["global f7 jobs.open"],
        ],
        "history": [
            "Alt-H": ["editor alt-h history.open"], "Enter": ["history enter list.accept"], "Space": ["history space history.mark"],
            "`d`": ["history d history.diff-current"], "`r`": ["history r history.restore"],
            "Ctrl-Z": ["editor ctrl-z edit.undo"], "Esc": ["history esc list.close"],
        ],
        "search": [
            "Ctrl-T": ["overlay ctrl-t search.mode"], "Enter": ["overlay enter list.accept"],
        ],
        "Ask": [
            // Enter asks from the box and opens the selected citation after Tab (App.askSubmit).
            "Enter": ["ask enter ask.submit"], "Alt-Enter": ["ask alt-enter ask.newline"],
            "Up": ["ask up ask.previous-question"], "Down": ["ask down ask.next-question"],
            "Esc": ["ask esc ask.stop"], "Ctrl-C": ["ask ctrl-c ask.stop"], "Tab": ["ask tab ask.next-citation"],
            "Shift-Tab": ["ask shift-tab ask.previous-citation"], "`]`": ["ask ] ask.next-citation"],
            "`[`": ["ask [ ask.previous-citation"], "Ctrl-O": ["global ctrl-o pane.back"], "Ctrl-T": ["ask ctrl-t ask.scope"],
            "Alt-A": ["ask alt-a ask.anyway"], "Ctrl-N": ["ask ctrl-n ask.clear"], "Ctrl-R": ["ask ctrl-r ask.history"],
            "Alt-R": ["ask alt-r ask.rerun"], "Ctrl-S": ["ask ctrl-s ask.save"], "Alt-Y": ["ask alt-y ask.copy"],
            "Ctrl-V": ["editor ctrl-v edit.paste"], "Alt-M": ["ask alt-m ask.configure-model"], "Alt-B": ["ask alt-b ask.arena"],
            "Alt-L": ["ask alt-l ask.arena-blind"], "`a`": ["ask a ask.vote-a"], "`b`": ["ask b ask.vote-b"],
            "`t`": ["ask t ask.vote-tie"],
        ],
        "assistant": [
            "Alt-E": ["editor alt-e assist.menu"], "Tab": ["assist tab assist.toggle"], "Enter": ["assist enter assist.accept"],
            "Ctrl-Z": ["editor ctrl-z edit.undo"], "`t`": ["assist t assist.run-tests"], "F5": ["assist f5 assist.run-tests"],
            "Esc": ["assist esc assist.reject"], "F7": ["assist f7 jobs.open"], "`c`": ["jobs c jobs.cancel"],
        ],
        "jobs": [
            "F7": ["global f7 jobs.open"], "`j`": ["jobs j list.down"], "`k`": ["jobs k list.up"],
            "`c`": ["jobs c jobs.cancel"], "Esc": ["jobs esc list.close"],
        ],
        "progress": [
            "F8": ["global f8 progress.open"], "`s`": ["progress s progress.status"], "`z`": ["progress z progress.fold-done"],
            "Enter": ["progress enter list.accept"], "Esc": ["progress esc list.close"],
        ],
        "packs": [
            // The import preview is a report overlay whose keys come from [confirm] (Overlay.keyContext).
            "Enter": ["confirm enter confirm.yes"], "`y`": ["confirm y confirm.yes"],
            "Esc": ["confirm esc confirm.no"], "`n`": ["confirm n confirm.no"],
        ],
        "Review": [
            "Space": ["review space review.reveal"],
            "`1`": ["review 1 review.again", "review 2 review.hard", "review 3 review.good"], "`4`": ["review 4 review.easy"],
            "`u`": ["review u review.undo"], "`o`": ["review o review.open-source"], "`s`": ["review s review.stats"],
        ],
        "card": [
            "Ctrl-P": ["global ctrl-p app.palette"], "Enter": ["proposals enter proposals.keep"], "`y`": ["proposals y proposals.keep"],
            "`e`": ["proposals e proposals.edit"], "`n`": ["proposals n proposals.drop"], "`d`": ["proposals d proposals.drop"],
            "`j`": ["proposals j list.down"], "`k`": ["proposals k list.up"], "Esc": ["proposals esc list.close"],
            "F7": ["global f7 jobs.open"],
        ],
    ]

    /// A key as the README writes it: Ctrl-/Alt-/Shift- chords, F-keys, a backticked single character, named keys.
    static let keyPattern = try! NSRegularExpression(
        pattern: "(?:Ctrl|Alt|Shift)-[A-Za-z0-9]+|\\bF[0-9]+\\b|`[^`\\s]`|\\b(?:Enter|Esc|Space|Tab|PgUp|PgDn|Up|Down)\\b")

    /// The rows of README's "## Keys" table: line number, row name, the whole row.
    static func keyTableRows() throws -> [(line: Int, name: String, text: String)] {
        let lines = try String(contentsOf: repo.appendingPathComponent("README.md"), encoding: .utf8)
            .components(separatedBy: "\n")
        guard let start = lines.firstIndex(where: { $0.hasPrefix("## Keys") }) else { return [] }
        var rows: [(Int, String, String)] = []
        for i in (start + 1)..<lines.count {
            let l = lines[i]
            if l.hasPrefix("## ") { break }
            guard l.hasPrefix("| "), !l.hasPrefix("| where"), !l.hasPrefix("|---") else { continue }
            let cell = l.dropFirst(2).prefix { $0 != "|" }
            let name = String(cell.prefix { $0 != " " && $0 != "(" })
            rows.append((i + 1, name, l))
        }
        return rows
    }

    func testEveryKeyInTheReadmeTableIsBoundToWhatTheRowSays() throws {
        let km = try Keymap.parse(toml: EmbeddedDefaults.keymaps["default"]!, fallbackName: "default").keymap
        let rows = try Self.keyTableRows()
        XCTAssertGreaterThanOrEqual(rows.count, 13, "README.md has a ## Keys table")
        var checked = 0
        for row in rows {
            guard let claims = Self.claims[row.name] else {
                XCTFail("README.md:\(row.line): key table row '\(row.name)' is not checked: add it to ReadmeKeyTableTests.claims")
                continue
            }
            let ns = row.text as NSString
            let tokens = Set(Self.keyPattern.matches(in: row.text, range: NSRange(location: 0, length: ns.length))
                .map { ns.substring(with: $0.range) })
            for t in tokens.sorted() where claims[t] == nil {
                XCTFail("README.md:\(row.line) (\(row.name)): names key \(t) that is not checked against keymaps/default.toml: add it to ReadmeKeyTableTests.claims")
            }
            for (t, bindings) in claims.sorted(by: { $0.key < $1.key }) {
                XCTAssertTrue(tokens.contains(t), "README.md:\(row.line) (\(row.name)): no longer names \(t): drop it from ReadmeKeyTableTests.claims")
                for b in bindings {
                    let p = b.split(separator: " ").map(String.init)
                    guard p.count == 3, let key = KeyEvent(name: p[1]) else { XCTFail("bad claim '\(b)'"); continue }
                    let bound = km.command(for: key, in: [p[0]])
                    XCTAssertEqual(bound, p[2], "README.md:\(row.line) (\(row.name)): \(t) should run \(p[2]) in [\(p[0])], but keymaps/default.toml binds \(p[1]) to \(bound ?? "nothing")")
                    checked += 1
                }
            }
        }
        XCTAssertGreaterThan(checked, 100, "the table's keys were checked")
    }
}
