import ArgumentParser
import Foundation
import RecallKit
import Store

/// `recall progress`: study progress from each snippet's status, with sub-steps, card coverage and weak topics.
struct ProgressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "progress", abstract: "Study progress from each snippet's status (todo/partial/done).",
        discussion: """
            A study item is a snippet with a status (`recall edit ID --status todo|partial|done`, a `todo`/`partial`/`done` \
            tag in an imported file, or the s key in the app). Progress = (done + ½·partial) / items: 15 done, 7 partial, \
            10 todo → 58%. Checkboxes (- [ ], - [x]) inside an item are its sub-steps, counted apart ("3/5 steps").
            """)
    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this project (id or title).") var project: String?
    @Option(help: "Only this notebook (id or title).") var notebook: String?

    func run() throws {
        let db = try global.openForReading()
        let projectID = try project.map { try resolveProject(db, $0).id }
        let notebookID = try notebook.map { try resolveNotebook(db, $0).id }
        let report = try StudyProgressReport.make(db, projectID: projectID, notebookID: notebookID)
        if global.json { try Output.json(report) } else { print(Output.safe(report.text)) }
    }
}
