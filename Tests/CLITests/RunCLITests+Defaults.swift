import Foundation
import TestSupport
import XCTest

/// README's `recall run` defaults, seen from inside the snippet as its shell sees them: 1 GiB address space, 30 s of
/// CPU, no core dumps and 1 MiB of output; `[run]` in config.toml changes them and a flag overrides config.toml.
extension RunCLITests {
    func testGivenNoSettings_whenRun_thenTheSnippetSeesTheDocumentedLimits_andConfigThenFlagsChangeThem() throws {
        let ids = try importSnippets([("limits", "bash", "echo \"core=$(ulimit -c) as=$(ulimit -v) cpu=$(ulimit -t)\""),
                                      ("flood", "bash", "head -c 3000000 /dev/zero | tr '\\0' a")])
        let id = try XCTUnwrap(ids["limits"])
        let flood = try cli.run(["run", try XCTUnwrap(ids["flood"]), "--json"]).object()
        XCTAssertEqual(flood["killed"] as? String, "output", "\(flood)")
        XCTAssertEqual((flood["stdout"] as? String)?.utf8.count, 1 << 20, "1 MiB of output is kept by default")
        XCTAssertEqual(try cli.ok(["run", id]).stdout, "core=0 as=1048576 cpu=30\n", "defaults: no core dumps, 1 GiB, 30 s CPU")
        try cli.writeConfig("[run]\nmemory_mb = 256\ncpu_seconds = 5\n")
        XCTAssertEqual(try cli.ok(["run", id]).stdout, "core=0 as=262144 cpu=5\n", "[run] in config.toml")
        XCTAssertEqual(try cli.ok(["run", id, "--memory", "128", "--cpu", "7"]).stdout, "core=0 as=131072 cpu=7\n", "flags override config.toml")
    }
}
