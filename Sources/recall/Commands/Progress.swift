import ArgumentParser
import Foundation
import RecallKit
import Store

/// `recall progress`: study progress from task items, card coverage and weak topics.
struct ProgressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "progress", abstract: "Study progress from todo/partial/done items.",
        discussion: "- [ ] is todo, - [~] partial, - [x] done. A partial item counts half: 15 done, 7 partial, 10 todo → (15 + 3.5)/32 = 58%.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this notebook (id or title).") var notebook: String?

    func run() throws {
        let db = try global.openForReading()
        let id = try notebook.map { try resolveNotebook(db, $0).id }
        let report = try StudyProgressReport.make(db, notebookID: id)
        if global.json { try Output.json(report) } else { print(Output.safe(report.text)) }
    }
}
