import ArgumentParser
import Foundation
import Store

/// One line of `recall doctor`: what was checked, whether it passed, and what to do if not.
struct DoctorCheck: Codable, Sendable {
    var name: String
    var ok: Bool
    var detail: String
    var fix: String?
}

/// `recall doctor`: the database (path, schema, integrity, sizes) and the model server.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "doctor", abstract: "Check the database and the model server.")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Skip the model-server checks.") var noModel = false

    func run() async throws {
        var checks: [DoctorCheck] = []
        var report: DatabaseReport?
        do {
            let db = try global.openForReading()
            let r = try db.report()
            report = r
            checks.append(DoctorCheck(name: "database", ok: true, detail: r.path))
            checks.append(DoctorCheck(name: "schema", ok: true, detail: r.schema.last ?? "empty"))
            checks.append(DoctorCheck(name: "integrity", ok: r.integrity == "ok", detail: r.integrity,
                                      fix: r.integrity == "ok" ? nil : "restore from a backup: `recall backup` keeps snapshots next to the database"))
            checks.append(DoctorCheck(name: "size", ok: true, detail: "\(Self.bytes(r.fileBytes)) (+\(Self.bytes(r.walBytes)) WAL), journal \(r.journalMode), SQLite \(r.sqliteVersion)"))
            checks.append(DoctorCheck(name: "contents", ok: true, detail: "\(r.projects) projects, \(r.notebooks) notebooks, \(r.snippets) snippets, \(r.chunks) chunks, \(r.revisions) revisions, \(r.trashed) in trash"))
        } catch StoreError.noDatabase(let path, let folderMissing) {
            // A fresh install has no database yet: not a failure, and a check never creates one.
            checks.append(DoctorCheck(name: "database", ok: true,
                                      detail: "no database at \(path) yet\(folderMissing ? " (nor its folder)" : "") — `recall new` or `recall import` creates it"))
        } catch {
            checks.append(DoctorCheck(name: "database", ok: false, detail: "\(error)", fix: nil))
        }
        if !noModel { checks += await modelServerChecks(global: global) }
        if global.json {
            struct Out: Encodable { var ok: Bool; var database: DatabaseReport?; var checks: [DoctorCheck] }
            try Output.json(Out(ok: checks.allSatisfy(\.ok), database: report, checks: checks))
        } else {
            for c in checks {
                print("\(c.ok ? "ok  " : "FAIL")  \(c.name.padding(toLength: 12, withPad: " ", startingAt: 0)) \(c.detail)")
                if let fix = c.fix, !c.ok { print("      → \(fix)") }
            }
        }
        if !checks.allSatisfy(\.ok) { throw ExitCode(1) }
    }

    static func bytes(_ n: Int64) -> String {
        n >= 1_048_576 ? String(format: "%.1f MB", Double(n) / 1_048_576) : String(format: "%.1f KB", Double(n) / 1024)
    }
}
