import CNcursesw
import Foundation
import RecallKit
import Terminal

/// Hands the snippet to `$EDITOR` from inside the full-screen app: leaves curses mode, gives the editor a
/// blocking stdin, runs RecallKit's `ExternalEditor`, and returns to curses mode.
enum TUIExternalEdit {
    enum Outcome {
        case success(String)
        case failure(String)
    }

    static func edit(text: String, fileExtension: String, environment env: [String: String], screen: TerminalScreen) -> Outcome {
        screen.pause()
        defer { screen.resume() }
        // The child shares our stdin: give it a blocking descriptor, as a shell would.
        let flags = fcntl(STDIN_FILENO, F_GETFL)
        _ = fcntl(STDIN_FILENO, F_SETFL, flags & ~O_NONBLOCK)
        defer { _ = fcntl(STDIN_FILENO, F_SETFL, flags) }
        do {
            var result = try ExternalEditor.edit(text, fileExtension: fileExtension, environment: env)
            // Editors add a final newline; drop it if the snippet had none.
            if !text.hasSuffix("\n"), result.hasSuffix("\n") { result.removeLast() }
            return .success(result)
        } catch {
            return .failure("$EDITOR: \(error) — the snippet is unchanged")
        }
    }
}
