import SRS
import TUI

extension Render {
    /// The card proposals overlay: which one of how many, its question and answer, what was decided, the keys.
    static func proposalsView(_ o: ProposalsOverlay, _ s: AppState, into f: inout Frame, rect full: Rect, theme: Theme) {
        let menu = theme.style("ui.menu")
        let dim = theme.style("ui.menu.dim")
        let r = full.centered(width: min(90, s.width - 4), height: min(full.height - 2, 16))
        f.box(r, style: menu, borderStyle: theme.style("ui.menu.border"), title: "Cards from “\(o.title)”")
        let lines = proposalLines(o, width: r.width - 4)
        for (i, line) in lines.enumerated() where r.y + 1 + i < r.maxY - 2 {
            f.put(line, x: r.x + 2, y: r.y + 1 + i, style: i == 0 ? theme.style("ui.menu.highlight") : menu, maxX: r.maxX - 2)
        }
        f.cursor = nil
        if let edit = o.editing {
            let label = edit.field == .front ? "Question: " : "Answer: "
            let y = r.maxY - 3
            f.put(label, x: r.x + 2, y: y, style: theme.style("ui.menu.key"))
            let cx = edit.input.draw(into: &f, x: r.x + 2 + label.count, y: y, width: r.width - 4 - label.count, style: menu)
            f.cursor = CursorPosition(x: cx, y: y)
        }
        f.put(proposalsHint(o, s.keymap), x: r.x + 2, y: r.maxY - 2, style: dim, maxX: r.maxX - 2)
    }

    /// The overlay's text lines (pure, for screen-as-text tests).
    static func proposalLines(_ o: ProposalsOverlay, width: Int) -> [String] {
        guard o.proposals.indices.contains(o.selected) else { return [] }
        let p = o.proposals[o.selected]
        let decided = p.decision == .kept ? " — kept" : p.decision == .dropped ? " — dropped" : ""
        var out = ["\(o.selected + 1)/\(o.proposals.count) · kept \(o.kept)" + (o.refused > 0 ? " · \(o.refused) refused or already present" : "") + decided]
        guard let d = p.drafts.first else { return out }
        let kind = d.kind == .cloze ? "cloze ×\(p.drafts.count)" : d.kind == .reversed ? "reversed pair" : "basic"
        out.append("[\(kind)]")
        out += ReviewPaneText.wrap("Q: " + d.question, width: width)
        out += ReviewPaneText.wrap("A: " + d.answer, width: width)
        return out
    }

    /// The keys line, from the keymap.
    static func proposalsHint(_ o: ProposalsOverlay, _ keymap: Keymap) -> String {
        if o.editing != nil { return "enter: next / done · esc: stop editing" }
        func key(_ cmd: String) -> String? {
            let names = keymap.keys(for: cmd, in: ["proposals"]).map(\.description).sorted { ($1.count, $0) < ($0.count, $1) }
            return names.isEmpty ? nil : names.joined(separator: "/")
        }
        return [key("proposals.keep").map { "\($0): keep" }, key("proposals.edit").map { "\($0): edit" },
                key("proposals.drop").map { "\($0): drop" }, key("list.down").map { "\($0): next" },
                key("list.close").map { "\($0): close" }].compactMap { $0 }.joined(separator: " · ")
    }
}
