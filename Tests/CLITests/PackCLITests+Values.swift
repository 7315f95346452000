import Foundation
import TestSupport
import XCTest

/// Values inside a well-formed pack that the store cannot hold: each used to be imported and then crash every later
/// command that read the row (a date past year 9999 cannot be read back; a huge stability trapped on the next grade).
extension PackCLITests {
    /// Rewrites one JSON file of a good pack with a python expression over `d`, fixing the manifest's checksums.
    static let mutate = #"""
import sys, zipfile, json, hashlib
good, out, fname, code = sys.argv[1:5]
src = zipfile.ZipFile(good)
items = {i.filename: src.read(i.filename) for i in src.infolist()}
d = json.loads(items[fname]); exec(code); items[fname] = json.dumps(d).encode()
m = json.loads(items["manifest.json"])
for e in m["entries"]:
    e["bytes"] = len(items[e["path"]]); e["sha256"] = hashlib.sha256(items[e["path"]]).hexdigest()
items["manifest.json"] = json.dumps(m).encode()
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for k, v in items.items(): z.writestr(k, v)
"""#

    func testGivenAPackWithImpossibleDatesOrNumbers_whenImported_thenItIsRefusedAndTheDatabaseStaysReadable() throws {
        let good = cli.path("good.zip")
        try cli.ok(["pack", "export", good, "--project", "Rust", "--with-scheduling", "--with-revisions", "--db", source])
        let cases: [(String, String, String)] = [
            ("card-due", "cards.json", #"[c["schedule"].update(due=9223372036854775807) for c in d["cards"] if c.get("schedule")]"#),
            ("card-due-negative", "cards.json", #"[c["schedule"].update(due=-9223372036854775807) for c in d["cards"] if c.get("schedule")]"#),
            ("stability", "cards.json", #"[c["schedule"].update(stability=1e308) for c in d["cards"] if c.get("schedule")]"#),
            ("interval", "cards.json", #"[c["schedule"].update(intervalSeconds=9223372036854775807) for c in d["cards"] if c.get("schedule")]"#),
            ("snippet-date", "metadata.json", #"d["snippets"][0]["createdAt"] = 9223372036854775807"#),
            ("project-date", "metadata.json", #"d["projects"][0]["updatedAt"] = -9223372036854775807"#),
            ("revision-date", "revisions.json", #"d[0]["createdAt"] = 253402300800000"#),
            ("undo-schedule", "cards.json", #"import json as J; x = J.loads(d["reviews"][0]["scheduleBefore"]); x["due"] = 1e15; d["reviews"][0]["scheduleBefore"] = J.dumps(x)"#),
        ]
        for (name, file, code) in cases {
            let pack = cli.path("\(name).zip"), db = cli.path("\(name).db")
            _ = try python(Self.mutate, [good, pack, file, code])
            let r = try cli.run(["pack", "import", pack, "--db", db])
            XCTAssertNotEqual(r.status, 0, "\(name) was accepted: \(r)")
            XCTAssertTrue(r.stderr.contains("pack refused: the pack holds an impossible value") && r.stderr.contains("nothing was written"), "\(name): \(r.stderr)")
            // Whatever happened, every command still reads the database (before the fix `list`/`due` died with SIGILL).
            for args in [["list"], ["due"], ["stats"], ["progress"]] {
                let after = try cli.run(args + ["--db", db])
                XCTAssertLessThanOrEqual(after.status, 1, "\(name): recall \(args) crashed: \(after)")
            }
        }
        // The deck settings a pack brings are bounded like `recall deck`'s: steps and intervals at most 100 years.
        for (name, code) in [("steps", #"d["decks"][0]["settings"]["learningSteps"] = [1e17]"#),
                             ("max-interval", #"d["decks"][0]["settings"]["maximumInterval"] = 10**15"#)] {
            let pack = cli.path("\(name).zip")
            _ = try python(Self.mutate, [good, pack, "cards.json", code])
            let r = try cli.run(["pack", "import", pack, "--db", cli.path("\(name).db")])
            XCTAssertNotEqual(r.status, 0, "\(name) was accepted: \(r)")
            XCTAssertTrue(r.stderr.contains("at most 36500 days"), "\(name): \(r.stderr)")
        }
        // The untouched pack still imports.
        try cli.ok(["pack", "import", good, "--db", cli.path("fine.db")])
    }

    func testGivenAReviewTimePastTheStorableYears_whenGraded_thenItIsRefusedAndTheCardStaysReadable() throws {
        let card = try XCTUnwrap(try cli.ok(["due", "--json", "--at", "2030-01-01T00:00:00Z", "--db", source]).array().first?["id"] as? String)
        let r = try cli.run(["grade", card, "good", "--at", "99999-01-01T00:00:00Z", "--db", source])
        XCTAssertEqual(r.status, 64, "refused as a usage error, not a crash: \(r)")
        XCTAssertTrue(r.stderr.contains("outside the years 1970–9000"), r.stderr)
        try cli.ok(["due", "--at", "2030-01-01T00:00:00Z", "--db", source])
    }
}
