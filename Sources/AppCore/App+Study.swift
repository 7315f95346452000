import Foundation
import Notebook
import TUI

/// Study status and tags of a snippet: cycling the status (navigator and editor) and the tags prompt.
extension App {
    /// The snippet the navigator has selected, if the selected row is a snippet.
    static func selectedSnippetID(_ s: AppState) -> String? {
        guard let row = s.navigator.selectedRow, case .snippet(let id) = row.ref else { return nil }
        return id
    }

    /// Cycles the selected snippet's status: none → todo → partial → done → none.
    static func navigatorCycleStatus(_ s: inout AppState) -> [AppEffect] {
        guard let id = selectedSnippetID(s) else { return flash(&s, "Select a snippet to set its study status", error: true) }
        return cycleStatus(&s, snippet: id)
    }

    /// Cycles the open snippet's status.
    static func editorCycleStatus(_ s: inout AppState) -> [AppEffect] {
        guard let id = s.editor?.doc.id else { return flash(&s, "Open a snippet to set its study status", error: true) }
        return cycleStatus(&s, snippet: id)
    }

    /// Sets the next status at once in the tree (percentages follow) and writes it in the background.
    static func cycleStatus(_ s: inout AppState, snippet id: String) -> [AppEffect] {
        guard let snippet = s.navigator.outline.snippet(id) else { return flash(&s, "That snippet is not in the tree — reload", error: true) }
        let next = StudyStatus.cycled(snippet.status)
        return setStatus(&s, snippet: id, next)
    }

    /// Sets a snippet's status in the tree and the open progress view, and asks the store to keep it.
    static func setStatus(_ s: inout AppState, snippet id: String, _ status: StudyStatus?) -> [AppEffect] {
        guard let snippet = s.navigator.outline.snippet(id) else { return [] }
        s.navigator.update(snippet: id, status: status)
        progressViewSetStatus(&s, snippet: id, status)
        let label = status.map { "\($0.mark) \($0.rawValue)" } ?? "no status (a plain note)"
        var notebook = ""
        if let loc = s.navigator.outline.location(ofSnippet: id) {
            let t = loc.notebook.tally
            if t.total > 0 { notebook = " — \(loc.notebook.title) \(t.percent)%" }
        }
        return [.store(.setStatus(snippetId: id, status: status))] + flash(&s, "“\(snippet.title)”: \(label)\(notebook)")
    }

    /// Asks for the selected snippet's tags.
    static func navigatorEditTags(_ s: inout AppState) -> [AppEffect] {
        guard let id = selectedSnippetID(s) else { return flash(&s, "Select a snippet to edit its tags", error: true) }
        return editTags(&s, snippet: id)
    }

    /// Asks for the open snippet's tags.
    static func editorEditTags(_ s: inout AppState) -> [AppEffect] {
        guard let id = s.editor?.doc.id else { return flash(&s, "Open a snippet to edit its tags", error: true) }
        return editTags(&s, snippet: id)
    }

    /// Opens the tags prompt filled with the snippet's tags (comma-separated).
    static func editTags(_ s: inout AppState, snippet id: String) -> [AppEffect] {
        guard let snippet = s.navigator.outline.snippet(id) else { return flash(&s, "That snippet is not in the tree — reload", error: true) }
        s.overlay = .prompt(PromptOverlay(title: "Tags for “\(snippet.title)” (a, b; todo/partial/done sets the status)",
                                          input: LineInput(snippet.tags.joined(separator: ", ")), purpose: .editTags(snippetId: id)))
        return []
    }

    /// Saves the typed tags; a status word among them sets the status (the same rule as import).
    static func acceptTags(_ s: inout AppState, snippet id: String, text: String) -> [AppEffect] {
        guard let snippet = s.navigator.outline.snippet(id) else { return [] }
        let parsed = Tags.parse(text)
        let split = StatusTags.split(parsed)
        let status = split.status ?? snippet.status
        s.navigator.update(snippet: id, status: status, tags: split.tags)
        progressViewSetStatus(&s, snippet: id, status)
        let shown = split.tags.isEmpty ? "no tags" : split.tags.map { "#" + $0 }.joined(separator: " ")
        let statusNote = split.status.map { " · status \($0.rawValue)" } ?? ""
        return [.store(.setTags(snippetId: id, tags: parsed))] + flash(&s, "“\(snippet.title)”: \(shown)\(statusNote)")
    }
}
