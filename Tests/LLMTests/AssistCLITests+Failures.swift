import Foundation
import TestSupport
import XCTest

/// README (`recall assist`): "an empty reply is an error and nothing is written; `--apply` never overwrites a snippet
/// changed meanwhile (the proposal is kept as a `conflict` revision)".
extension AssistCLITests {
    func testAnEmptyReplyIsAnError_andNothingIsWritten() throws {
        sim.behaviour.script = { _ in "" }
        let r = try cli.run(["assist", "refactor", id, "--apply"] + server)
        XCTAssertNotEqual(r.status, 0, "\(r)")
        XCTAssertTrue(r.stderr.contains("the model's reply was empty"), r.stderr)
        XCTAssertEqual(try history().count, 1, "no revision")
        XCTAssertEqual(try cli.ok(["show", id]).stdout, original)
    }

    func testGivenTheSnippetIsEditedWhileTheModelWrites_whenApplying_thenTheEditStaysAndTheProposalIsAConflictRevision() throws {
        let cli = self.cli!, id = self.id
        let theirs = "def double(x):\n    return x + x  # edited meanwhile\n"
        sim.behaviour.script = { _ in
            // Another process saves the snippet while the model is still answering.
            _ = try? cli.ok(["edit", id, "--body", theirs])
            return "```python\ndef double(x):\n    return x * 2\n```"
        }
        let r = try cli.run(["assist", "refactor", id, "--apply"] + server)
        XCTAssertNotEqual(r.status, 0, "\(r)")
        XCTAssertTrue(r.stderr.contains("changed while the assistant worked — nothing was overwritten"), r.stderr)
        XCTAssertEqual(try cli.ok(["show", id]).stdout, theirs, "the edit made meanwhile is kept")
        let revisions = try history()
        let conflict = try XCTUnwrap(revisions.first { $0["origin"] as? String == "conflict" }, "\(revisions)")
        XCTAssertEqual(conflict["body"] as? String, "def double(x):\n    return x * 2\n", "the proposal is kept")
    }
}
