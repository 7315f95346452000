import Foundation
import TestSupport
import XCTest

/// `recall pack export/import`: a round trip keeps ids, texts, tags and card schedules; re-import is a no-op; a
/// conflicting edit is kept as a revision; and malicious packs are refused with nothing written anywhere.
final class PackCLITests: XCTestCase {
    var cli: RecallCLI!
    var source: String { cli.path("source.db") }
    var target: String { cli.path("target.db") }

    override func setUpWithError() throws {
        cli = try RecallCLI()
        guard TestRequirement.executable("python3") != nil else {
            try TestRequirement.missing("python3 (to read databases and build malicious zips)", install: "apt-get install python3 (scripts/setup does)")
        }
        try cli.ok(["new", "project", "Rust", "--db", source])
        try cli.ok(["new", "notebook", "--project", "Rust", "Ownership", "--db", source])
        try cli.ok(["new", "snippet", "--notebook", "Ownership", "Owners", "--body", "Each value has one owner.\n\nMoves transfer it.", "--tags", "core,memory", "--status", "partial", "--db", source])
        try cli.ok(["new", "snippet", "--notebook", "Ownership", "Tricky", "--body", "a line\n## not a section\nend", "--db", source])
        try cli.ok(["new", "notebook", "--project", "Rust", "Borrowing", "--db", source])
        try cli.ok(["new", "snippet", "--notebook", "Borrowing", "Refs", "--body", "Many readers or one writer.", "--status", "done", "--db", source])
        try cli.ok(["new", "project", "Other", "--db", source])
        try cli.ok(["new", "notebook", "--project", "Other", "Elsewhere", "--db", source])
        try cli.ok(["new", "snippet", "--notebook", "Elsewhere", "Not packed", "--body", "stays home", "--db", source])
        let owners = try snippetID("Owners", db: source)
        let card = try cli.ok(["card", "add", "--front", "Who owns a value?", "--back", "exactly one owner", "--from-snippet", owners, "--db", source])
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try cli.ok(["card", "add", "--cloze", "A {{c1::borrow}} is a reference", "--from-snippet", try snippetID("Refs", db: source), "--db", source])
        try cli.ok(["grade", card, "good", "--at", "2026-01-02T10:00:00Z", "--db", source])
        try cli.ok(["grade", card, "good", "--at", "2026-01-02T10:20:00Z", "--db", source])
    }

    override func tearDown() { cli?.cleanUp() }

    func snippetID(_ title: String, db: String) throws -> String {
        let tree = try cli.ok(["list", "--json", "--db", db]).array()
        for p in tree {
            for nb in p["notebooks"] as? [[String: Any]] ?? [] {
                for s in nb["snippets"] as? [[String: Any]] ?? [] where s["title"] as? String == title { return try XCTUnwrap(s["id"] as? String) }
            }
        }
        XCTFail("no snippet \(title)"); return ""
    }

    /// Rows of the tables a pack carries, read with python3's sqlite3 (the test reads the files as they are).
    func rows(_ db: String, project: String = "Rust") throws -> String {
        let script = """
            import sqlite3, sys
            c = sqlite3.connect(sys.argv[1]); p = sys.argv[2]
            nb = "SELECT n.id FROM notebook n JOIN project p ON p.id = n.project_id WHERE p.title = ?"
            q = [("project", "SELECT id, title FROM project WHERE title = ?"),
                 ("notebook", "SELECT id, project_id, title, tags, source_name, position FROM notebook WHERE id IN (" + nb + ") ORDER BY id"),
                 ("snippet", "SELECT id, notebook_id, title, kind, language, tags, body, content_hash, position, created_at, updated_at, status FROM snippet WHERE notebook_id IN (" + nb + ") ORDER BY id"),
                 ("card", "SELECT c.id, c.note_id, c.deck_id, c.kind, c.front, c.back, c.cloze_index, c.tags, c.source_snippet_id, c.source_hash, c.state, c.step, c.stability, c.difficulty, c.reps, c.lapses, c.interval_seconds, c.due, c.last_review FROM card c JOIN snippet s ON s.id = c.source_snippet_id WHERE s.notebook_id IN (" + nb + ") ORDER BY c.id"),
                 ("review", "SELECT r.card_id, rating, reviewed_at, schedule_after FROM review_log r JOIN card c ON c.id = r.card_id JOIN snippet s ON s.id = c.source_snippet_id WHERE s.notebook_id IN (" + nb + ") ORDER BY r.id")]
            for name, sql in q:
                for r in c.execute(sql, (p,)): print(name, repr(r))
            """
        return try python(script, [db, project])
    }

    func python(_ script: String, _ args: [String]) throws -> String {
        let r = try RecallCLI.Running(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script] + args, environment: cli.environment, cwd: cli.root,
                                      deadline: 60).wait()
        XCTAssertEqual(r.status, 0, r.description)
        return r.stdout
    }

    func testGivenAProjectWithScheduledCards_whenPackedAndImportedIntoAnEmptyDatabase_thenEverythingIsIdenticalAndReimportIsANoOp() throws {
        let pack = cli.path("rust.zip")
        let exported = try cli.ok(["pack", "export", pack, "--project", "Rust", "--with-scheduling", "--json", "--db", source]).object()
        let counts = try XCTUnwrap((exported["manifest"] as? [String: Any])?["counts"] as? [String: Int])
        XCTAssertEqual(counts["notebooks"], 2); XCTAssertEqual(counts["snippets"], 3); XCTAssertEqual(counts["cards"], 2); XCTAssertEqual(counts["reviews"], 2)

        let report = try cli.ok(["pack", "import", pack, "--json", "--db", target]).object()["report"] as? [String: Any]
        XCTAssertEqual(report?["snippets_added"] as? Int, 3)
        XCTAssertEqual(report?["cards_added"] as? Int, 2)
        let before = try rows(source)
        XCTAssertTrue(before.contains("stays home") == false && before.contains("not a section") && before.contains("review")
                      && before.contains("'partial')") && before.contains("'done')"), before)
        XCTAssertEqual(try rows(target), before, "ids, texts, tags, statuses and schedules are identical")
        XCTAssertEqual(try rows(target, project: "Other"), "", "only the named project was packed")
        let search = try cli.ok(["search", "readers", "--json", "--db", target]).array()
        XCTAssertEqual(search.count, 1, "imported snippets are chunked and searchable")

        let again = try XCTUnwrap(try cli.ok(["pack", "import", pack, "--json", "--db", target]).object()["report"] as? [String: Any])
        XCTAssertEqual(again["snippets_unchanged"] as? Int, 3)
        XCTAssertEqual(again["cards_skipped"] as? Int, 2)
        for key in ["projects_added", "notebooks_added", "snippets_added", "snippets_updated", "cards_added", "reviews_added", "revisions_added"] {
            XCTAssertEqual(again[key] as? Int, 0, key)
        }
        XCTAssertEqual((again["conflicts"] as? [Any])?.count, 0)
        XCTAssertEqual(try rows(target), before, "re-import changed nothing")
    }

    func testGivenBothSidesEdited_whenImported_thenLocalTextStaysAndThePacksBecomesAConflictRevision() throws {
        let first = cli.path("v1.zip"), second = cli.path("v2.zip")
        try cli.ok(["pack", "export", first, "--notebook", "Ownership", "--db", source])
        try cli.ok(["pack", "import", first, "--db", target])
        let owners = try snippetID("Owners", db: source), refsTricky = try snippetID("Tricky", db: source)
        // Source edits both snippets; target edits only Owners.
        try cli.ok(["edit", owners, "--body", "Source says: one owner.", "--db", source])
        try cli.ok(["edit", refsTricky, "--body", "Source rewrote the tricky one.", "--db", source])
        try cli.ok(["edit", owners, "--body", "Target says: one owner, locally.", "--db", target])
        try cli.ok(["pack", "export", second, "--notebook", "Ownership", "--db", source])

        let dry = try cli.ok(["pack", "import", second, "--dry-run", "--json", "--db", target]).object()["report"] as? [String: Any]
        XCTAssertEqual(dry?["snippets_updated"] as? Int, 1)
        XCTAssertEqual((dry?["conflicts"] as? [Any])?.count, 1)
        XCTAssertTrue(try cli.ok(["show", refsTricky, "--db", target]).stdout.contains("not a section"), "--dry-run wrote nothing")

        let text = try cli.ok(["pack", "import", second, "--db", target]).stdout
        XCTAssertTrue(text.contains("conflicts: 1") && text.contains("Ownership ▸ Owners"), text)
        XCTAssertTrue(try cli.ok(["show", owners, "--db", target]).stdout.contains("Target says"), "the newer local text stays")
        XCTAssertTrue(try cli.ok(["show", refsTricky, "--db", target]).stdout.contains("Source rewrote"), "an untouched local text takes the pack's newer one")
        let history = try cli.ok(["history", owners, "--json", "--db", target]).array()
        let conflict = history.first { $0["origin"] as? String == "conflict" }
        XCTAssertNotNil(conflict, "the pack's text is kept as a conflict revision: \(history)")
        XCTAssertEqual(conflict?["body"] as? String, "Source says: one owner.", "the revision holds the pack's text")

        let again = try cli.ok(["pack", "import", second, "--json", "--db", target]).object()["report"] as? [String: Any]
        XCTAssertEqual(again?["snippets_updated"] as? Int, 0, "re-import after the merge is a no-op")
    }

    func testGivenRevisions_whenPackedWithRevisions_thenTheHistoryArrivesAndADryRunCreatesNoDatabase() throws {
        let owners = try snippetID("Owners", db: source)
        try cli.ok(["edit", owners, "--body", "Second text.", "--db", source])
        try cli.ok(["edit", owners, "--body", "Third text.", "--db", source])
        let pack = cli.path("history.zip")
        try cli.ok(["pack", "export", pack, "--notebook", "Ownership", "--with-revisions", "--db", source])
        let again = try cli.run(["pack", "export", pack, "--notebook", "Ownership", "--db", source])
        XCTAssertNotEqual(again.status, 0)
        XCTAssertTrue(again.stderr.contains("already exists"), again.stderr)

        let dry = try cli.ok(["pack", "import", pack, "--dry-run", "--json", "--db", target]).object()["report"] as? [String: Any]
        XCTAssertEqual(dry?["snippets_added"] as? Int, 2)
        XCTAssertEqual(dry?["dry_run"] as? Bool, true)
        XCTAssertFalse(FileManager.default.fileExists(atPath: target), "a dry run into a missing database creates none")

        try cli.ok(["pack", "import", pack, "--db", target])
        let bodies = { (db: String) in try self.cli.ok(["history", owners, "--json", "--db", db]).array().compactMap { $0["body"] as? String } }
        XCTAssertEqual(try bodies(target), try bodies(source), "every revision arrives, in order")
        XCTAssertEqual(try bodies(target).first, "Third text.")
    }

    /// Variants of a good pack, each broken one way, written by python3's zipfile next to it.
    static let malicious = #"""
import sys, zipfile, json, hashlib, os
good, out = sys.argv[1], sys.argv[2]
src = zipfile.ZipFile(good)
entries = [(i, src.read(i.filename)) for i in src.infolist()]
def write(name, items, comment=None):
    with zipfile.ZipFile(os.path.join(out, name), "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            z.writestr(info, data)
def with_manifest(items, change):
    res = []
    for info, data in items:
        if info.filename == "manifest.json":
            m = json.loads(data); change(m); data = json.dumps(m).encode()
        res.append((info, data))
    return res
def add(items, info, data, listed=True):
    def change(m):
        if listed: m["entries"].append({"path": info.filename, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()})
    return with_manifest(items, change) + [(info, data)]
def plain(name):
    i = zipfile.ZipInfo(name); i.compress_type = zipfile.ZIP_DEFLATED; return i
escape = "../" * 12 + out.lstrip("/") + "/escaped.md"
write("traversal.zip", add(entries, plain("notebooks/../../escaped.md"), b"# x\n"))
write("traversal-deep.zip", add(entries, plain(escape), b"# x\n"))
write("absolute.zip", add(entries, plain(out + "/absolute.md"), b"# x\n"))
link = zipfile.ZipInfo("notebooks/rust/link.md"); link.create_system = 3; link.external_attr = (0o120777 << 16)
write("symlink.zip", add(entries, link, b"/etc/passwd"))
fifo = zipfile.ZipInfo("notebooks/rust/pipe.md"); fifo.create_system = 3; fifo.external_attr = (0o010644 << 16)
write("fifo.zip", add(entries, fifo, b""))
write("bomb.zip", add(entries, plain("notebooks/rust/bomb.md"), b"\0" * (40 << 20)))
write("newer.zip", with_manifest(entries, lambda m: m.update(formatVersion=2)))
write("unknown-format.zip", with_manifest(entries, lambda m: m.update(format="someone-elses-pack")))
def tamper(items):
    res = []
    for info, data in items:
        if info.filename == "metadata.json": data = data.replace(b"Ownership", b"Ownershiq", 1)
        res.append((info, data))
    return res
write("checksum.zip", tamper(entries))
md = [i for i, d in entries if i.filename.endswith(".md")][0]
bad = []
for info, data in entries:
    if info.filename == md.filename: data = data + b"\xff\xfe\x00binary"
    bad.append((info, data))
def fix(m):
    for e in m["entries"]:
        if e["path"] == md.filename:
            d = dict(bad)[md]; e["bytes"] = len(d); e["sha256"] = hashlib.sha256(d).hexdigest()
write("binary.zip", with_manifest(bad, fix))
write("unlisted-config.zip", add(entries, plain("config.toml"), b"api_key = 'x'", listed=False))
raw = open(good, "rb").read()
open(os.path.join(out, "truncated.zip"), "wb").write(raw[: len(raw) // 2])
"""#

    func testGivenMaliciousPacks_whenImported_thenEachIsRefusedWithItsReasonAndNothingIsWritten() throws {
        let good = cli.path("good.zip")
        try cli.ok(["pack", "export", good, "--project", "Rust", "--db", source])
        let dir = cli.path("evil")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        _ = try python(Self.malicious, [good, dir])
        let existing = cli.path("existing.db")
        try cli.ok(["new", "project", "Mine", "--db", existing])
        let before = try rows(existing, project: "Mine") + (try rows(existing))
        let cases: [(String, String)] = [
            ("traversal.zip", "climbs out of the archive"), ("traversal-deep.zip", "climbs out of the archive"),
            ("absolute.zip", "absolute path"), ("symlink.zip", "symbolic link"), ("fifo.zip", "is a fifo"),
            ("bomb.zip", "zip bomb"), ("newer.zip", "newer than this Recall reads"), ("unknown-format.zip", "unknown pack format"),
            ("checksum.zip", "checksum mismatch in 'metadata.json'"), ("binary.zip", "is not text"),
            ("unlisted-config.zip", "'config.toml' is not part of a Recall pack"), ("truncated.zip", "truncated or corrupt"),
        ]
        for (name, reason) in cases {
            let fresh = cli.path("fresh-\(name).db")
            for (db, dryRun) in [(fresh, false), (existing, false), (existing, true)] {
                let r = try cli.run(["pack", "import", dir + "/" + name, "--db", db] + (dryRun ? ["--dry-run"] : []))
                XCTAssertNotEqual(r.status, 0, "\(name) was accepted: \(r)")
                XCTAssertTrue(r.stderr.contains("pack refused: ") && r.stderr.contains(reason) && r.stderr.contains("nothing was written"), "\(name): \(r.stderr)")
                XCTAssertEqual(r.stderr.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").count, 1, "one line: \(r.stderr)")
            }
            XCTAssertFalse(FileManager.default.fileExists(atPath: fresh), "\(name): no database was created")
        }
        XCTAssertEqual(try rows(existing, project: "Mine") + (try rows(existing)), before, "the existing database is unchanged")
        // Nothing from a pack ever reaches the disk: no escaped or extracted file anywhere under the test's folder or /tmp.
        let found = FileManager.default.enumerator(atPath: cli.root.path)?.compactMap { $0 as? String }
            .filter { $0.hasSuffix("escaped.md") || $0.hasSuffix("absolute.md") || $0.hasSuffix("link.md") || $0.hasSuffix("bomb.md") } ?? []
        XCTAssertEqual(found, [])
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/tmp/escaped.md"))
    }
}
