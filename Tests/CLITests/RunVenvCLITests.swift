import Foundation
import TestSupport
import XCTest

/// Python snippets run in the notebook's own virtual environment, created on first use; the notebook's
/// `requirements` snippet is pip-installed into it (from a wheel built here: no registry), again only when it
/// changes; a failed install says what to do.
final class RunVenvCLITests: XCTestCase {
    var cli: RecallCLI!

    override func setUpWithError() throws { cli = try RecallCLI(label: "venv") }
    override func tearDown() { cli?.cleanUp() }

    /// Builds `recalltestpkg-VERSION-py3-none-any.whl` in `dir` (a wheel is a zip with a dist-info folder).
    static func buildWheel(in dir: String, version: String, value: String) throws {
        guard let python = TestRequirement.executable("python3") else {
            try TestRequirement.missing("python3", install: "install python3 and python3-venv (scripts/setup)")
        }
        let script = """
            import base64, hashlib, sys, zipfile
            d, version, value = sys.argv[1:4]
            name = "recalltestpkg"
            info = f"{name}-{version}.dist-info"
            files = {f"{name}/__init__.py": f"VALUE = {value!r}\\n",
                     f"{info}/METADATA": f"Metadata-Version: 2.1\\nName: {name}\\nVersion: {version}\\n",
                     f"{info}/WHEEL": "Wheel-Version: 1.0\\nGenerator: recall-test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n"}
            record = []
            for path, text in files.items():
                digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
                record.append(f"{path},sha256={digest},{len(text.encode())}")
            record.append(f"{info}/RECORD,,")
            with zipfile.ZipFile(f"{d}/{name}-{version}-py3-none-any.whl", "w") as z:
                for path, text in files.items():
                    z.writestr(path, text)
                z.writestr(f"{info}/RECORD", "\\n".join(record) + "\\n")
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = ["-c", script, dir, version, value]
        try p.run()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, "building the test wheel failed")
    }

    func testVenvCreatedOnFirstUseAndRequirementsInstalledFromALocalWheel() throws {
        let wheels = cli.path("wheels")
        try FileManager.default.createDirectory(atPath: wheels, withIntermediateDirectories: true)
        try Self.buildWheel(in: wheels, version: "1.0", value: "from-wheel-one")
        try Self.buildWheel(in: wheels, version: "2.0", value: "from-wheel-two")
        let notebook = try cli.writeNotebook(name: "deps", """
            ---
            title: Deps
            ---

            ## requirements

            ```text
            --no-index
            --find-links \(wheels)
            recalltestpkg==1.0
            ```

            ## use it

            ```python
            import sys, recalltestpkg
            print(recalltestpkg.VALUE, sys.prefix)
            ```
            """)
        try cli.ok(["import", cli.notes.path])
        let snippets = ((try cli.ok(["list", "--json"]).array().first?["notebooks"] as? [[String: Any]])?.first?["snippets"] as? [[String: Any]]) ?? []
        let use = try XCTUnwrap(snippets.first { $0["title"] as? String == "use it" }?["id"] as? String)

        let first = try cli.run(["run", use], deadline: 600)
        XCTAssertEqual(first.status, 0, "\(first)")
        XCTAssertTrue(first.stdout.hasPrefix("from-wheel-one \(cli.root.path)/data/recall/runs/"), first.stdout)
        XCTAssertTrue(first.stdout.contains("/venv\n"), "runs in the notebook's venv: \(first.stdout)")
        XCTAssertTrue(first.stderr.contains("creating the notebook's Python environment"), first.stderr)
        XCTAssertTrue(first.stderr.contains("installing the notebook's requirements"), first.stderr)

        // Unchanged requirements: nothing is installed again.
        let second = try cli.ok(["run", use], deadline: 300)
        XCTAssertTrue(second.stdout.hasPrefix("from-wheel-one "), second.stdout)
        XCTAssertFalse(second.stderr.contains("installing"), second.stderr)

        // Changed requirements: reinstalled.
        var text = try String(contentsOf: notebook, encoding: .utf8)
        text = text.replacingOccurrences(of: "recalltestpkg==1.0", with: "recalltestpkg==2.0")
        try text.write(to: notebook, atomically: true, encoding: .utf8)
        try cli.ok(["import", cli.notes.path])
        let third = try cli.ok(["run", use], deadline: 600)
        XCTAssertTrue(third.stderr.contains("installing the notebook's requirements"), third.stderr)
        XCTAssertTrue(third.stdout.hasPrefix("from-wheel-two "), third.stdout)

        // A requirement that cannot be found: the install fails and says what to do; nothing runs.
        text = text.replacingOccurrences(of: "recalltestpkg==2.0", with: "recalltestpkg==9.9")
        try text.write(to: notebook, atomically: true, encoding: .utf8)
        try cli.ok(["import", cli.notes.path])
        let failed = try cli.run(["run", use], deadline: 600)
        XCTAssertEqual(failed.status, 1, "\(failed)")
        XCTAssertTrue(failed.stderr.contains("installing the notebook's requirements failed (pip exit 1)"), failed.stderr)
        XCTAssertTrue(failed.stderr.contains("fix the `requirements` snippet"), failed.stderr)
        XCTAssertEqual(failed.stdout, "")
    }

    func testMissingPythonSaysWhatToInstall() throws {
        try cli.writeNotebook(name: "py", "---\ntitle: Py\n---\n\n## hi\n\n```python\nprint('hi')\n```\n")
        try cli.ok(["import", cli.notes.path])
        let id = try XCTUnwrap((((try cli.ok(["list", "--json"]).array().first?["notebooks"] as? [[String: Any]])?.first?["snippets"]
                                 as? [[String: Any]])?.first?["id"]) as? String)
        // A PATH with a shell but no python3.
        let bin = cli.path("bin")
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: bin + "/sh", withDestinationPath: "/bin/sh")
        let r = try cli.run(["run", id], env: ["PATH": bin])
        XCTAssertEqual(r.status, 1, "\(r)")
        XCTAssertTrue(r.stderr.contains("python3 is not installed — install it"), r.stderr)

        // A python3 without the venv module (Debian without python3-venv): says which package to install.
        let fake = "#!/bin/sh\necho 'The virtual environment was not created successfully because ensurepip is not available.' >&2\nexit 1\n"
        try fake.write(toFile: bin + "/python3", atomically: true, encoding: .utf8)
        chmod(bin + "/python3", 0o755)
        let noVenv = try cli.run(["run", id], env: ["PATH": bin])
        XCTAssertEqual(noVenv.status, 1, "\(noVenv)")
        XCTAssertTrue(noVenv.stderr.contains("python3 cannot create a virtual environment (The virtual environment was not created successfully because ensurepip is not available.)"), noVenv.stderr)
        XCTAssertTrue(noVenv.stderr.contains("sudo apt-get install python3-venv"), noVenv.stderr)
    }
}
