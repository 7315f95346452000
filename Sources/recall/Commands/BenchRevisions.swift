import ArgumentParser
import Foundation
import Notebook
import Store

/// `recall bench revisions`: saves a large note again and again with one small change each time (as autosave does)
/// and reports what each save adds to the database file, against the note's own size (what a full copy per
/// revision costs), plus the time per save.
struct BenchRevisionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revisions", abstract: "Autosave a large note repeatedly; report bytes added and time per save.")
    @Option(help: "Size of the note in MB.") var mb = 16
    @Option(help: "Number of saves.") var saves = 10
    @Option(help: "Folder for the temporary database (default: the system temp dir).") var dir: String?

    func run() throws {
        let base = dir ?? NSTemporaryDirectory()
        let path = (base as NSString).appendingPathComponent("recall-bench-rev-\(UUID().uuidString.prefix(8)).db")
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        let db = try AppDatabase(path: path)
        let p = try db.createProject(title: "Bench")
        let nb = try db.createNotebook(projectID: p.id, title: "Bench")
        var lines: [String] = []
        var size = 0
        var i = 0
        while size < mb * 1_048_576 {
            // Paragraphs of five lines, as notes have (chunk boundaries then stay put around an edit).
            let l = "line \(i): value \((i &* 2_654_435_761) % 1_000_003), topic \(i % 97), and some ordinary words to fill the line." + (i % 5 == 4 ? "\n" : "")
            lines.append(l); size += l.utf8.count + 1; i += 1
        }
        let s = try db.createSnippet(notebookID: nb.id, title: "Large", body: lines.joined(separator: "\n"))
        let start = try db.checkpointForBench()
        let revStart = try db.revisionStorageBytes()
        var times: [Double] = []
        for k in 0..<saves {
            lines[(k * 7_919) % lines.count] += " typed \(k)"
            let body = lines.joined(separator: "\n")
            let t0 = DispatchTime.now().uptimeNanoseconds
            try db.saveSnippet(id: s.id, changes: SnippetChanges(body: body), origin: .editor)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
        }
        let end = try db.checkpointForBench()
        let grown = end.usedBytes - start.usedBytes
        let revGrown = try db.revisionStorageBytes() - revStart
        print(String(format: "revisions: %d saves added %.1f KB of revision data (%.2f KB per save); the first revision takes %.2f MB for a %.1f MB note",
                     saves, Double(revGrown) / 1024, Double(revGrown) / Double(saves) / 1024, Double(revStart) / 1_048_576, Double(size) / 1_048_576))
        times.sort()
        print(String(format: "note %.1f MB, %d saves with one small change each: all pages in use grew %.2f MB (%.1f KB per save; chunks re-packed after the edit and FTS5 segments included), the file %.2f MB; a full copy per revision alone would add %.1f MB per save",
                     Double(size) / 1_048_576, saves, Double(grown) / 1_048_576, Double(grown) / Double(saves) / 1024,
                     Double(end.fileBytes - start.fileBytes) / 1_048_576, Double(size) / 1_048_576))
        print(String(format: "save time: median %.2f s, max %.2f s (hash, re-chunk, delta, one transaction)", times[times.count / 2], times.last ?? 0))
        let revs = try db.revisions(snippetID: s.id)
        print("read back: \(revs.count) revisions, newest \(revs.first?.body == lines.joined(separator: "\n") ? "exact" : "DIFFERENT")")
    }
}
