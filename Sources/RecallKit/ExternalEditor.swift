import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs the user's `$VISUAL`/`$EDITOR` on a temporary copy of a text and reads the result back.
///
/// The copy never exists outside a private place: it lives in `$TMPDIR/recall-UID/` (a folder created 0700 and
/// refused unless it is ours and private) and is created 0600 with `O_EXCL` before the first byte is written.
/// It is removed on every way out: return, error, and SIGTERM/SIGHUP while the editor runs (SIGINT and SIGQUIT
/// are left to the editor, as `system()` does). A copy left by `kill -9` carries the dead process id in its name
/// and is removed by `removeStaleFiles()`, which every `recall` start calls.
public enum ExternalEditor {
    /// Failure to edit: nothing is saved.
    public struct Failure: Error, CustomStringConvertible { public var description: String }

    /// Edits `text` and returns the new text.
    public static func edit(_ text: String, fileExtension: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        let editor = [environment["VISUAL"], environment["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty } ?? "vi"
        let safeExt = String(fileExtension.filter { $0.isASCII && ($0.isLetter || $0.isNumber) }.prefix(10))
        let path = try createPrivateFile(text, fileExtension: safeExt.isEmpty ? "txt" : safeExt)
        defer { _ = unlink(path) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        // The editor command may carry arguments (`code -w`); the file path is passed as "$1", never interpolated.
        p.arguments = ["-c", editor + " \"$1\"", "recall-editor", path]
        p.standardInput = FileHandle.standardInput
        p.standardOutput = FileHandle.standardOutput
        p.standardError = FileHandle.standardError
        do { try p.run() } catch { throw Failure(description: "cannot start the editor '\(editor)' — set $EDITOR") }
        let guardHandlers = CleanupOnSignal(path: path)
        p.waitUntilExit()
        guardHandlers.restore()
        guard p.terminationStatus == 0 else {
            throw Failure(description: "the editor '\(editor)' exited with status \(p.terminationStatus); nothing was saved")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw Failure(description: "the edited file disappeared; nothing was saved") }
        guard let out = String(data: data, encoding: .utf8) else { throw Failure(description: "the edited text is not valid UTF-8; nothing was saved") }
        return out
    }

    /// The private folder for editor copies: `$TMPDIR/recall-UID`, created 0700; refused unless it is a real
    /// folder owned by this user with no access for anyone else.
    public static func privateDirectory() throws -> String {
        let base = NSTemporaryDirectory().hasSuffix("/") ? String(NSTemporaryDirectory().dropLast()) : NSTemporaryDirectory()
        let dir = base + "/recall-\(getuid())"
        if mkdir(dir, 0o700) == 0 {
            _ = chmod(dir, 0o700)
        } else if errno != EEXIST {
            throw Failure(description: "cannot create the private folder \(dir) (errno \(errno)) — check TMPDIR")
        }
        var st = stat()
        guard lstat(dir, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR, st.st_uid == getuid(), st.st_mode & 0o077 == 0 else {
            throw Failure(description: "\(dir) is not a private folder of yours (it must be a directory you own with mode 0700) — remove it and try again")
        }
        return dir
    }

    /// Creates `edit-PID-RANDOM.EXT` in the private folder with mode 0600 from the first byte and writes `text`.
    static func createPrivateFile(_ text: String, fileExtension: String) throws -> String {
        let dir = try privateDirectory()
        let path = dir + "/edit-\(getpid())-\(UUID().uuidString.prefix(8)).\(fileExtension)"
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Failure(description: "cannot create a temporary file in \(dir) (errno \(errno)) — check TMPDIR") }
        _ = fchmod(fd, 0o600)   // a umask may have taken the owner's write bit
        var ok = true
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; ok = false; break }
            written += n
        }
        if close(fd) != 0 { ok = false }
        guard ok else {
            _ = unlink(path)
            throw Failure(description: "cannot write the temporary file in \(dir) (disk full?) — nothing was changed")
        }
        return path
    }

    /// Removes editor copies whose process is gone (left by `kill -9` or a power cut). Never fails: a folder that
    /// is missing or not private is left alone.
    public static func removeStaleFiles() {
        let base = NSTemporaryDirectory().hasSuffix("/") ? String(NSTemporaryDirectory().dropLast()) : NSTemporaryDirectory()
        let dir = base + "/recall-\(getuid())"
        var st = stat()
        guard lstat(dir, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR, st.st_uid == getuid() else { return }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
        for name in names where name.hasPrefix("edit-") {
            let parts = name.split(separator: "-")
            guard parts.count >= 3, let pid = pid_t(parts[1]) else { continue }
            if pid == getpid() { continue }
            if kill(pid, 0) == 0 || errno == EPERM { continue }   // still running
            _ = unlink(dir + "/" + name)
        }
    }
}

// A signal handler cannot capture context: the path to remove lives here while the editor runs.
nonisolated(unsafe) private var pendingEditorPath: UnsafeMutablePointer<CChar>?

private func removeEditorCopyAndDie(_ sig: Int32) {
    if let p = pendingEditorPath { _ = unlink(p) }
    signal(sig, SIG_DFL)
    raise(sig)
}

/// While the editor runs: SIGTERM and SIGHUP remove the copy before the process dies (their previous handlers,
/// e.g. the app's, are kept if they do not kill), SIGINT and SIGQUIT are left to the editor.
private struct CleanupOnSignal {
    var saved: [(Int32, sigaction)] = []

    init(path: String) {
        pendingEditorPath = strdup(path)
        for sig in [SIGTERM, SIGHUP, SIGINT, SIGQUIT] {
            var old = sigaction()
            sigaction(sig, nil, &old)
            saved.append((sig, old))
            // Keep a handler someone installed (the app forwards signals to its loop); replace only the default.
            guard old.__sigaction_handler.sa_handler == nil else { continue }
            var action = sigaction()
            if sig == SIGINT || sig == SIGQUIT {
                action.__sigaction_handler.sa_handler = SIG_IGN
            } else {
                action.__sigaction_handler.sa_handler = removeEditorCopyAndDie
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(sig, &action, nil)
        }
    }

    func restore() {
        for (sig, old) in saved {
            var o = old
            sigaction(sig, &o, nil)
        }
        let p = pendingEditorPath
        pendingEditorPath = nil
        free(p)
    }
}
