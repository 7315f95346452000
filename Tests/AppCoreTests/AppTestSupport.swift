import Foundation
import Notebook
import TUI
@testable import AppCore

/// Builders shared by the AppCore tests: a keymap and theme from the shipped files, a small outline, a fixed clock.
enum Fixture {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func keymap(_ name: String = "default") -> Keymap {
        var files: [String: Keymap.File] = [:]
        for (n, t) in EmbeddedDefaults.keymaps { files[n] = try! Keymap.parse(toml: t, fallbackName: n) }
        return try! Keymap.resolve(name: name, files: files)
    }

    static func theme(_ name: String = "dark") -> Theme {
        var files: [String: Theme.File] = [:]
        for (n, t) in EmbeddedDefaults.themes { files[n] = try! Theme.parse(toml: t, fallbackName: n) }
        return try! Theme.resolve(name: name, files: files)
    }

    static let outline = Outline(projects: [
        OutlineProject(id: "p1", title: "Rust study", notebooks: [
            OutlineNotebook(id: "n1", title: "Ownership", snippets: [
                OutlineSnippet(id: "s1", title: "Borrowing rules"),
                OutlineSnippet(id: "s2", title: "double.py", kind: .code, language: "python"),
            ]),
            OutlineNotebook(id: "n2", title: "Traits", snippets: [OutlineSnippet(id: "s3", title: "Dyn vs impl")]),
        ]),
        OutlineProject(id: "p2", title: "Japanese 日本語", notebooks: []),
    ])

    /// A state with the outline loaded, at 120×40.
    static func state(width: Int = 120, height: Int = 40, keymap: String = "default") -> AppState {
        var s = AppState(width: width, height: height, keymap: Fixture.keymap(keymap), database: "test.db")
        _ = App.update(&s, .outlineLoaded(outline), now: now)
        return s
    }

    /// Sends keys by name ("j", "enter", "ctrl-s"); returns every effect.
    @discardableResult
    static func press(_ s: inout AppState, _ names: String...) -> [AppEffect] {
        var fx: [AppEffect] = []
        for n in names { fx += App.update(&s, .key(KeyEvent(name: n)!), now: now) }
        return fx
    }

    /// Types text character by character.
    @discardableResult
    static func type(_ s: inout AppState, _ text: String) -> [AppEffect] {
        var fx: [AppEffect] = []
        for c in text { fx += App.update(&s, .key(.char(c)), now: now) }
        return fx
    }

    /// Renders and returns the screen's lines.
    static func screen(_ s: AppState, theme: String = "dark") -> [String] { Render.render(s, theme: Fixture.theme(theme)).lines }
}
