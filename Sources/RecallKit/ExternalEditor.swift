import Foundation

/// Runs the user's `$VISUAL`/`$EDITOR` on a temporary copy of a text and reads the result back.
public enum ExternalEditor {
    /// Failure to edit: nothing is saved.
    public struct Failure: Error, CustomStringConvertible { public var description: String }

    /// Edits `text` and returns the new text. The temporary file is private (0600) and removed afterwards.
    public static func edit(_ text: String, fileExtension: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        let editor = [environment["VISUAL"], environment["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty } ?? "vi"
        let safeExt = String(fileExtension.filter { $0.isLetter || $0.isNumber }.prefix(10))
        let path = NSTemporaryDirectory() + "recall-\(UUID().uuidString.prefix(8)).\(safeExt.isEmpty ? "txt" : safeExt)"
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw Failure(description: "cannot create a temporary file in \(NSTemporaryDirectory()) — check TMPDIR")
        }
        defer { try? FileManager.default.removeItem(atPath: path) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        // The editor command may carry arguments (`code -w`); the file path is passed as "$1", never interpolated.
        p.arguments = ["-c", editor + " \"$1\"", "recall-editor", path]
        p.standardInput = FileHandle.standardInput
        p.standardOutput = FileHandle.standardOutput
        p.standardError = FileHandle.standardError
        do { try p.run() } catch { throw Failure(description: "cannot start the editor '\(editor)' — set $EDITOR") }
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw Failure(description: "the editor '\(editor)' exited with status \(p.terminationStatus); nothing was saved")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw Failure(description: "the edited file disappeared; nothing was saved") }
        guard let out = String(data: data, encoding: .utf8) else { throw Failure(description: "the edited text is not valid UTF-8; nothing was saved") }
        return out
    }
}
