import Foundation
import TestSupport
import XCTest

/// README: sources are "fitted to the model's context (`num_ctx` …); trimming is reported on stderr".
extension AskCLITests {
    func testGivenASmallContext_whenAsking_thenStderrSaysTheSourcesWereTrimmed_andTheAnswerStillComes() throws {
        sim.behaviour.script = { _ in "The KV cache grows with the context [1]." }
        let wide = try cli.ok(["ask", question, "--json"] + server).object()
        let small = try cli.ok(["ask", question, "--num-ctx", "1024"] + server)
        XCTAssertTrue(small.stdout.hasPrefix("The KV cache grows with the context [1]."), small.stdout)
        XCTAssertTrue(small.stderr.contains("sources trimmed to fit the context (num_ctx 1024)"), small.stderr)
        XCTAssertFalse(try cli.ok(["ask", question] + server).stderr.contains("sources trimmed"), "the default context holds them")
        XCTAssertGreaterThan((wide["sources"] as? [Any])?.count ?? 0, 1, "more than one source retrieved: \(wide)")
    }
}
