import Execution
import Foundation
import Notebook

/// A notebook's Python virtual environment: created on first use with `python3 -m venv`, and the notebook's
/// requirements pip-installed into it whenever their text changed (the installed text's hash is kept in the venv).
struct PythonEnvironment {
    var workspace: RunWorkspace
    var parentEnvironment: [String: String]

    /// Creates the venv if needed and installs `requirements` if they changed since the last install.
    func ensure(requirements: String?, handle: RunHandle, progress: (RunProgress) -> Void) throws {
        let fm = FileManager.default
        if !fm.isExecutableFile(atPath: workspace.python) {
            progress(.step("creating the notebook's Python environment…"))
            try create()
        }
        guard let requirements, !requirements.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return }
        let hash = ContentHash.of(requirements)
        if (try? String(contentsOfFile: workspace.requirementsStamp, encoding: .utf8)) == hash {
            progress(.installed)
            return
        }
        progress(.installing)
        let file = workspace.src + "/requirements.txt"
        guard fm.createFile(atPath: file, contents: Data(requirements.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw RunError.scratch(path: file, reason: "cannot write the requirements file")
        }
        try? fm.removeItem(atPath: workspace.requirementsStamp)
        let env = RunEnvironment.build(parent: parentEnvironment, home: workspace.home, tmp: workspace.tmp, extra: [
            "VIRTUAL_ENV": workspace.venv, "PIP_NO_INPUT": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1",
            "PATH": workspace.venv + "/bin:" + (parentEnvironment["PATH"] ?? "/usr/bin:/bin"),
        ])
        // `-I`: snippet files in the working directory (a planted `pip.py`) are not importable; run from the root.
        let child = ChildProcess(executable: workspace.python,
                                 argv: [workspace.python, "-I", "-m", "pip", "install", "--no-input", "-r", file],
                                 environment: env, directory: workspace.root, addressSpace: 0, cpuSeconds: 0,
                                 timeout: 900, outputCap: 4 << 20)
        var partial = ""
        let r = try child.run(handle: handle) { chunk in
            partial += chunk.text
            while let nl = partial.firstIndex(of: "\n") {
                let line = String(partial[..<nl]).trimmingCharacters(in: .whitespaces)
                partial = String(partial[partial.index(after: nl)...])
                if !line.isEmpty { progress(.installLine(line)) }
            }
        }
        if !partial.trimmingCharacters(in: .whitespaces).isEmpty { progress(.installLine(partial)) }
        if r.killed == .cancelled { throw RunError.installCancelled }
        guard r.status == 0, r.killed == nil else {
            throw RunError.installFailed(exitCode: r.status, detail: Self.tail(r.transcript, lines: 3))
        }
        _ = fm.createFile(atPath: workspace.requirementsStamp, contents: Data(hash.utf8))
        progress(.installed)
    }

    /// Runs `python3 -I -m venv` with the snippets' allowlisted environment. It used to run with the parent's whole
    /// environment from the working directory, where `-m` puts the directory first on `sys.path`: a snippet that
    /// wrote `venv.py` there and removed the venv had its code run with every credential of the parent on the next
    /// run. Isolated mode (`-I`) imports nothing from the working directory or PYTHON* variables.
    func create() throws {
        guard let python = SnippetRunner.which("python3", path: parentEnvironment["PATH"] ?? "/usr/bin:/bin") else {
            throw RunError.noPython
        }
        try? FileManager.default.removeItem(atPath: workspace.venv)
        let env = RunEnvironment.build(parent: parentEnvironment, home: workspace.home, tmp: workspace.tmp)
        let child = ChildProcess(executable: python, argv: [python, "-I", "-m", "venv", workspace.venv], environment: env,
                                 directory: workspace.root, addressSpace: 0, cpuSeconds: 0, timeout: 300, outputCap: 1 << 20)
        let r = try child.run(handle: RunHandle()) { _ in }
        guard r.status == 0, r.killed == nil, FileManager.default.isExecutableFile(atPath: workspace.python) else {
            try? FileManager.default.removeItem(atPath: workspace.venv)
            throw RunError.noVenv(detail: Self.tail(r.transcript, lines: 2))
        }
    }

    /// The last non-empty lines of a transcript, joined on one line.
    static func tail(_ transcript: [OutputChunk], lines: Int) -> String {
        let all = transcript.map(\.text).joined().split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let t = all.suffix(lines).joined(separator: " / ")
        return t.isEmpty ? "no output" : t
    }
}
