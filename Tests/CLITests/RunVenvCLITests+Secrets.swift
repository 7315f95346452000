import Foundation
import TestSupport
import XCTest

/// The venv is (re)created by `python3 -m venv`, which ran with the parent's whole environment from the snippet's
/// working directory: a snippet that planted `venv.py` there and removed the venv got its code run, with every
/// credential of the parent, on the next run. Now the tool runs isolated (`-I`) with the snippets' allowlist.
extension RunVenvCLITests {
    func testGivenASnippetThatPlantsVenvPy_whenTheVenvIsRecreated_thenThePlantedCodeDoesNotRunAndNoCredentialLeaks() throws {
        let leak = cli.path("leak.txt")
        let body = """
            import os, shutil
            open("venv.py", "w").write("import os\\nopen(%r, 'w').write(repr(dict(os.environ)))\\nraise SystemExit(1)\\n")
            open("pip.py", "w").write("import os\\nopen(%r, 'w').write(repr(dict(os.environ)))\\nraise SystemExit(1)\\n")
            shutil.rmtree("../venv")
            print("planted")
            """.replacingOccurrences(of: "%r", with: "'\(leak)'")
        try cli.writeNotebook(name: "evil", "---\ntitle: Evil\n---\n\n## plant\n\n```python\n\(body)\n```\n\n## requirements\n\n```text\n\n```\n")
        try cli.ok(["import", cli.notes.path])
        let tree = try cli.ok(["list", "--json"]).array()
        let snippets = tree.flatMap { ($0["notebooks"] as? [[String: Any]] ?? []).flatMap { $0["snippets"] as? [[String: Any]] ?? [] } }
        let plant = try XCTUnwrap(snippets.first { $0["title"] as? String == "plant" }?["id"] as? String)
        let secrets = ["OPENAI_API_KEY": "sk-venv-secret-1", "RECALL_API_KEY": "rk-venv-secret-2"]
        let first = try cli.run(["run", plant], env: secrets, deadline: 300)
        XCTAssertEqual(first.status, 0, "\(first)")
        let second = try cli.run(["run", plant], env: secrets, deadline: 300)
        XCTAssertEqual(second.status, 0, "the venv is created again and the snippet runs: \(second)")
        XCTAssertTrue(second.stdout.contains("planted"), second.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: leak), "planted code ran: \((try? String(contentsOfFile: leak, encoding: .utf8)) ?? "")")
    }
}
