import Foundation
import TestSupport
import XCTest

/// On a terminal `recall run` passes a program's colours through; it used to pass every SGR sequence raw, so a
/// snippet could conceal text (SGR 8: the line looks empty but is there when copied) or make it blink.
extension RunCLITests {
    func testGivenOutputOnATerminal_whenItConcealsOrBlinks_thenOnlyTheColoursReachTheTerminal() throws {
        let ids = try importSnippets([("hide", "sh", #"printf 'a\033[8mhidden\033[0m \033[5;31mblink\033[m \033[38;5;8mgrey\033[0m\n'"#)])
        cli.environment["NO_COLOR"] = nil   // colours on, as on a user's terminal
        let r = try cli.runOnTerminal(["run", try XCTUnwrap(ids["hide"])], input: "")
        XCTAssertEqual(r.status, 0, "\(r)")
        XCTAssertTrue(r.stdout.contains("a\u{1B}[0mhidden") || r.stdout.contains("ahidden\u{1B}[0m"), "the conceal is dropped: \(r.stdout.debugDescription)")
        XCTAssertFalse(r.stdout.contains("\u{1B}[8m") || r.stdout.contains("[5;"), "no conceal or blink reaches the terminal: \(r.stdout.debugDescription)")
        XCTAssertTrue(r.stdout.contains("\u{1B}[31mblink"), "colours still pass: \(r.stdout.debugDescription)")
        XCTAssertTrue(r.stdout.contains("\u{1B}[38;5;8mgrey"), "a 256-colour index 8 is a colour, not conceal: \(r.stdout.debugDescription)")
    }
}
