import Foundation
import TUI

/// Effects of the pack commands (export the selected project, import a pack file).
public enum PackEffect: Hashable, Sendable {
    /// Write the project to a new pack file (posts `packReport`).
    case export(projectId: String, path: String)
    /// Check and merge a pack file (posts `packReport`).
    case importPack(path: String)
    /// Check a pack file and plan its merge without writing (posts `packPreview`, or `packReport` when refused).
    case previewImport(path: String)
}

/// A finished pack command's report, shown in an overlay (the same lines `recall pack` prints).
public struct ReportOverlay: Equatable, Sendable {
    /// Title.
    public var title: String
    /// The report's lines.
    public var lines: [String]
    /// First visible line.
    public var scroll: Int
    /// A dry-run preview of importing this pack file: Enter (or `y`) imports it, Esc (or `n`) writes nothing.
    public var confirmImport: String?

    /// A report scrolled to its top.
    public init(title: String, lines: [String], scroll: Int = 0, confirmImport: String? = nil) {
        self.title = title; self.lines = lines; self.scroll = scroll; self.confirmImport = confirmImport
    }
}

extension Commands {
    /// Pack commands: palette only (no default keys).
    static let packs: [Command] = [
        Command("pack.export", "Export the selected project as a pack…", .global) { s in App.packExportPrompt(&s) },
        Command("pack.import", "Import a pack…", .global) { s in App.packImportPrompt(&s) },
    ]
}

extension App {
    /// Asks where to write the selected project's pack.
    static func packExportPrompt(_ s: inout AppState) -> [AppEffect] {
        guard let p = s.navigator.targetProject else { return flash(&s, "Select a project to export first", error: true) }
        var input = LineInput()
        input.insert("~/" + packFileName(p.title))
        s.overlay = .prompt(PromptOverlay(title: "Export “\(p.title)” to pack file", input: input, purpose: .packExport(projectId: p.id)))
        return []
    }

    /// Asks which pack file to import.
    static func packImportPrompt(_ s: inout AppState) -> [AppEffect] {
        s.overlay = .prompt(PromptOverlay(title: "Import pack file", input: LineInput(), purpose: .packImport))
        return []
    }

    /// The prompt's answer: start the export or import.
    static func acceptPackPrompt(_ s: inout AppState, _ purpose: PromptPurpose, path: String) -> [AppEffect] {
        guard !path.isEmpty else { return flash(&s, "Give a file path", error: true) }
        switch purpose {
        case .packExport(let id):
            _ = flash(&s, "Exporting…")
            return [.packs(.export(projectId: id, path: path))]
        case .packImport:
            _ = flash(&s, "Checking the pack…")
            return [.packs(.previewImport(path: path))]
        default: return []
        }
    }

    /// A pack command finished: show its report; after an import, reload the tree.
    static func packReported(_ s: inout AppState, title: String, lines: [String], imported: Bool) -> [AppEffect] {
        s.overlay = .report(ReportOverlay(title: title, lines: lines))
        return imported ? [.store(.loadOutline)] : []
    }

    /// What importing a pack would do (a dry run): shown with the keys to import it or to leave it.
    static func packPreviewed(_ s: inout AppState, path: String, lines: [String]) -> [AppEffect] {
        s.overlay = .report(ReportOverlay(title: "Import this pack?", lines: lines, confirmImport: path))
        return []
    }

    /// Keys in the report overlay: scroll, and close on accept or close; a preview imports on yes, writes nothing on no.
    static func reportKey(_ s: inout AppState, _ o: ReportOverlay, _ k: KeyEvent) -> [AppEffect] {
        var o = o
        if let path = o.confirmImport {
            switch overlayAction(s, .report(o), k) {
            case .confirm(true)?:
                s.overlay = nil
                return [.packs(.importPack(path: path))] + flash(&s, "Importing…")
            case .confirm(false)?:
                s.overlay = nil
                return flash(&s, "Import cancelled — nothing was written")
            default:
                if k == .ctrl("q") { return quit(&s) }
                return []
            }
        }
        guard case .list(let a)? = overlayAction(s, .report(o), k) else { return [] }
        switch a {
        case .up: o.scroll = max(0, o.scroll - 1)
        case .down: o.scroll = min(max(0, o.lines.count - 1), o.scroll + 1)
        case .pageUp: o.scroll = max(0, o.scroll - 10)
        case .pageDown: o.scroll = min(max(0, o.lines.count - 1), o.scroll + 10)
        case .close, .accept: s.overlay = nil; return []
        case .cycleRanking: break
        }
        s.overlay = .report(o)
        return []
    }

    /// `rust-study.zip` from "Rust study".
    static func packFileName(_ title: String) -> String {
        var out = ""
        for ch in title.lowercased() {
            if ch.isLetter || ch.isNumber { out.append(ch) } else if !out.isEmpty && out.last != "-" { out.append("-") }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return (out.isEmpty ? "pack" : String(out.prefix(60))) + ".zip"
    }
}

extension Render {
    /// The report overlay: a scrolling list of lines.
    static func report(_ o: ReportOverlay, _ s: AppState, full: Rect, into f: inout Frame, theme: Theme) {
        let menu = theme.style("ui.menu")
        let keys = o.confirmImport == nil ? "esc closes" : "enter imports · esc cancels"
        let title = o.title + " (\(keys))"
        let width = min(max(50, (o.lines.map(TextWidth.of).max() ?? 0) + 6, TextWidth.of(title) + 8), s.width - 4)
        let r = full.centered(width: width, height: min(full.height - 2, o.lines.count + 2))
        f.box(r, style: menu, borderStyle: theme.style("ui.menu.border"), title: title)
        let inner = r.height - 2
        let top = min(o.scroll, max(0, o.lines.count - inner))
        for (i, line) in o.lines.dropFirst(top).prefix(inner).enumerated() {
            f.put(line, x: r.x + 2, y: r.y + 1 + i, style: menu, maxX: r.maxX - 2)
        }
        f.cursor = nil
    }
}
