import ArgumentParser
import Foundation
import RecallKit
import Store

/// `recall bench import`: imports folders of small markdown files (the real reader and store, fresh databases) and
/// reports the time per file at a quarter of the size and at the full size (equal when import is linear), plus an
/// unchanged re-import of the full folder against its first import.
struct BenchImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "Import many small files; report per-file time at two sizes and an unchanged re-import.")
    @Option(help: "Number of files in the large folder (the small one holds a quarter).") var files = 10_000
    @Option(help: "Folder for temporary files (default: the system temp dir).") var dir: String?

    /// The figures of one run.
    struct Figures {
        var smallSeconds: Double
        var largeSeconds: Double
        var reimportSeconds: Double
        /// Process CPU seconds of the same three runs (steadier than wall time on a shared machine).
        var smallCPU: Double
        var largeCPU: Double
        var reimportCPU: Double
        /// Of the large import: seconds reading and parsing the files, and seconds in the store.
        var largeReadSeconds: Double
        var largeStoreSeconds: Double
    }

    /// CPU time used by this process so far, in seconds.
    static func cpuSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    func run() throws {
        let n = max(files, 4)
        let f = try Self.measure(files: n, base: dir ?? NSTemporaryDirectory())
        let small = n / 4
        print(String(format: "import %d files: %.2f s (%.0f µs per file)", small, f.smallSeconds, f.smallSeconds / Double(small) * 1e6))
        print(String(format: "import %d files: %.2f s (%.0f µs per file)", n, f.largeSeconds, f.largeSeconds / Double(n) * 1e6))
        print(String(format: "ratio per-file time %d vs %d files: %.2f (1.0 = linear)", n, small,
                     (f.largeSeconds / Double(n)) / max(f.smallSeconds / Double(small), 1e-9)))
        print(String(format: "unchanged re-import of %d files: %.2f s, %.2f× the first import", n, f.reimportSeconds, f.reimportSeconds / max(f.largeSeconds, 1e-9)))
        print(String(format: "CPU: %d files %.2f s, %d files %.2f s, ratio per file %.2f; re-import %.2f s (%.2f× the first import)", small, f.smallCPU, n, f.largeCPU,
                     (f.largeCPU / Double(n)) / max(f.smallCPU / Double(small), 1e-9), f.reimportCPU, f.reimportCPU / max(f.largeCPU, 1e-9)))
        print(String(format: "large import: reading and parsing %.2f s, store %.2f s", f.largeReadSeconds, f.largeStoreSeconds))
    }

    /// Writes the folders, imports them and returns the timings.
    static func measure(files n: Int, base: String) throws -> Figures {
        let root = (base as NSString).appendingPathComponent("recall-bench-import-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(atPath: root) }
        func folder(_ name: String, count: Int) throws -> String {
            let d = root + "/" + name
            try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
            for i in 0..<count {
                let text = "# Note \(i)\n\n## First \(i)\n\nSome words about topic \(i % 97) and idea \(i % 13).\n\n## Second\n\n- [ ] item \(i)\n"
                try Data(text.utf8).write(to: URL(fileURLWithPath: d + String(format: "/note-%06d.md", i)))
            }
            return d
        }
        func importing(_ folder: String, into db: AppDatabase) throws -> (wall: Double, cpu: Double, read: Double, store: Double) {
            let t0 = DispatchTime.now().uptimeNanoseconds, c0 = cpuSeconds()
            let (notebooks, problems) = MarkdownImporter().collect([folder])
            guard problems.isEmpty else { throw CLIError("bench: unexpected import problems: \(problems.prefix(3))") }
            let t1 = DispatchTime.now().uptimeNanoseconds
            _ = try db.importNotebooks(notebooks)
            let t2 = DispatchTime.now().uptimeNanoseconds
            return (Double(t2 - t0) / 1e9, cpuSeconds() - c0, Double(t1 - t0) / 1e9, Double(t2 - t1) / 1e9)
        }
        let smallDir = try folder("small", count: n / 4)
        let largeDir = try folder("large", count: n)
        let small = try importing(smallDir, into: AppDatabase(path: root + "/small.db"))
        let largeDB = try AppDatabase(path: root + "/large.db")
        let large = try importing(largeDir, into: largeDB)
        let again = try importing(largeDir, into: largeDB)
        return Figures(smallSeconds: small.wall, largeSeconds: large.wall, reimportSeconds: again.wall,
                       smallCPU: small.cpu, largeCPU: large.cpu, reimportCPU: again.cpu,
                       largeReadSeconds: large.read, largeStoreSeconds: large.store)
    }
}
