import Foundation
import TUI

extension App {
    /// Opens the web address under the editor's cursor (a browser when there is a display, else the clipboard).
    static func editorOpenURL(_ s: inout AppState) -> [AppEffect] {
        guard let e = s.editor else { return flash(&s, "Open a snippet first", error: true) }
        let cursor = e.editor.cursor
        let line = e.editor.document.line(cursor.line)
        guard let url = LinkFinder.url(in: line, atByte: cursor.offset) else {
            return flash(&s, "No web address under the cursor — put it on a link (https://…, host.org/path, [text](url))", error: true)
        }
        return [.ui(.openURL(url))]
    }
}
