import Foundation
import Notebook
@testable import Store
import XCTest

/// Import and export: idempotent re-import, in-place updates with revisions, trash for removed sections, merging
/// into a notebook, and a lossless import → export → import of the bundled sample notebooks.
final class StoreImportTests: StoreTestCase {
    func file(_ text: String, project: String = "Study", source: String = "sqlite.md") -> ImportedNotebook {
        ImportedNotebook(projectTitle: project, sourceName: source, notebook: MarkdownFormat.parse(text, fallbackTitle: "fallback"))
    }

    let v1 = """
        ---
        title: SQLite
        tags: [db]
        ---
        ## WAL
        Readers do not block writers.
        ## FTS5
        <!-- tags: search -->
        BM25 ranking.
        ## Pragmas
        ```sql
        PRAGMA journal_mode = wal;
        ```
        """

    func testGivenAFile_whenImportedTwice_thenTheSecondImportChangesNothing() throws {
        let db = try openDatabase()
        let first = try db.importNotebooks([file(v1)])
        XCTAssertEqual(first.projectsCreated, 1)
        XCTAssertEqual(first.notebooksCreated, 1)
        XCTAssertEqual(first.snippetsCreated, 3)
        let counts = try db.counts()
        let tree = try db.tree()

        let second = try db.importNotebooks([file(v1)])
        XCTAssertEqual(second.projectsCreated, 0)
        XCTAssertEqual(second.notebooksCreated, 0)
        XCTAssertEqual(second.snippetsCreated, 0)
        XCTAssertEqual(second.snippetsUpdated, 0)
        XCTAssertEqual(second.snippetsTrashed, 0)
        XCTAssertEqual(second.snippetsUnchanged, 3)
        let again = try db.counts()
        XCTAssertEqual(again.projects, counts.projects)
        XCTAssertEqual(again.notebooks, counts.notebooks)
        XCTAssertEqual(again.snippets, counts.snippets)
        XCTAssertEqual(again.chunks, counts.chunks)
        XCTAssertEqual(again.revisions, counts.revisions, "an unchanged re-import writes no revision")
        XCTAssertEqual(try db.tree().map { $0.notebooks.map { $0.snippets.map(\.id) } }, tree.map { $0.notebooks.map { $0.snippets.map(\.id) } })
        let code = try XCTUnwrap(tree.first?.notebooks.first?.snippets.last)
        XCTAssertEqual(code.kind, .code)
        XCTAssertEqual(code.language, "sql")
    }

    func testGivenAnImportedFile_whenReimportedWithOneSectionChangedOneRemovedOneAdded_thenOnlyThoseChange() throws {
        let db = try openDatabase()
        _ = try db.importNotebooks([file(v1)])
        let before = try XCTUnwrap(db.tree().first?.notebooks.first)
        let walID = before.snippets[0].id, ftsID = before.snippets[1].id, pragmaID = before.snippets[2].id
        let revisionsBefore = try db.counts().revisions

        let v2 = v1.replacingOccurrences(of: "Readers do not block writers.", with: "Readers never block writers; one writer at a time.")
            .replacingOccurrences(of: "## FTS5\n<!-- tags: search -->\nBM25 ranking.\n", with: "")
            + "\n## Backups\nUse VACUUM INTO for a snapshot.\n"
        let report = try db.importNotebooks([file(v2)])
        XCTAssertEqual(report.snippetsUpdated, 1)
        XCTAssertEqual(report.snippetsTrashed, 1)
        XCTAssertEqual(report.snippetsCreated, 1)
        XCTAssertEqual(report.snippetsUnchanged, 1)
        XCTAssertEqual(report.notebooksUpdated, 1)

        let after = try XCTUnwrap(db.tree().first?.notebooks.first)
        XCTAssertEqual(after.snippets.map(\.title), ["WAL", "Pragmas", "Backups"])
        XCTAssertEqual(after.snippets[0].id, walID)
        XCTAssertEqual(after.snippets[1].id, pragmaID)
        let walRevs = try db.revisions(snippetID: walID)
        XCTAssertEqual(walRevs.map(\.origin), [.import, .import])
        XCTAssertEqual(walRevs.last?.body, "Readers do not block writers.", "the old text is kept in history")
        XCTAssertEqual(try db.revisions(snippetID: pragmaID).count, 1)
        XCTAssertEqual(try db.counts().revisions, revisionsBefore + 2, "one for the change, one for the new snippet")

        XCTAssertEqual(try db.trashed().map(\.id), [ftsID], "the removed section is in the trash, not deleted")
        XCTAssertTrue(try db.search("BM25").isEmpty)
        try db.restoreFromTrash(.snippet(XCTUnwrap(db.snippet(id: ftsID))))
        XCTAssertEqual(try db.snippet(id: ftsID)?.body, "BM25 ranking.")
        XCTAssertEqual(try db.search("BM25").map(\.snippetID), [ftsID])
    }

    func testGivenAReimportWithANewTitleAndTags_whenImported_thenTheSameNotebookIsUpdated() throws {
        let db = try openDatabase()
        _ = try db.importNotebooks([file(v1)])
        let id = try XCTUnwrap(db.tree().first?.notebooks.first?.notebook.id)
        _ = try db.importNotebooks([file(v1.replacingOccurrences(of: "title: SQLite", with: "title: SQLite in depth").replacingOccurrences(of: "[db]", with: "[db, sql]"))])
        let nb = try XCTUnwrap(db.notebook(id: id))
        XCTAssertEqual(nb.title, "SQLite in depth")
        XCTAssertEqual(nb.tags, ["db", "sql"])
        XCTAssertEqual(try db.counts().notebooks, 1)
    }

    func testGivenAnExistingNotebook_whenAFileIsImportedIntoIt_thenItsSnippetsAreAddedAndNothingIsTrashed() throws {
        let db = try openDatabase()
        let nb = try makeNotebook(db, project: "Mine", notebook: "Scratch")
        let own = try db.createSnippet(notebookID: nb.id, title: "My own note", body: "keep me")
        let report = try db.importNotebooks([file(v1)], intoNotebook: nb.id)
        XCTAssertEqual(report.snippetsCreated, 3)
        XCTAssertEqual(report.snippetsTrashed, 0)
        XCTAssertEqual(report.notebooksCreated, 0)
        XCTAssertEqual(report.projectsCreated, 0)
        let snippets = try db.snippets(inNotebook: nb.id)
        XCTAssertEqual(snippets.map(\.title), ["My own note", "WAL", "FTS5", "Pragmas"])
        XCTAssertEqual(snippets.first?.id, own.id)
        XCTAssertEqual(try db.tree().count, 1, "no project was created for the file")

        let again = try db.importNotebooks([file(v1)], intoNotebook: nb.id)
        XCTAssertEqual(again.snippetsCreated, 0)
        XCTAssertEqual(again.snippetsUnchanged, 3)
        XCTAssertEqual(try db.snippets(inNotebook: nb.id).count, 4)
    }

    func testGivenANotebookThatDoesNotExist_whenImportedInto_thenNothingIsWritten() throws {
        let db = try openDatabase()
        XCTAssertThrowsError(try db.importNotebooks([file(v1)], intoNotebook: "no-such-notebook"))
        XCTAssertTrue(try db.isEmpty())
    }

    // MARK: Samples round trip

    func testGivenTheSampleNotebooks_whenImportedExportedAndReimported_thenTheTreeIsIdenticalAndExportIsIdempotent() throws {
        let samples = try SampleNotebooks.load()
        XCTAssertGreaterThanOrEqual(samples.count, 3, "sample notebooks not found under \(SampleNotebooks.folder.path)")
        XCTAssertGreaterThan(samples.flatMap(\.notebook.snippets).filter { $0.kind == .code }.count, 0, "the samples hold code snippets")

        let first = try openDatabase("first.db")
        _ = try first.importNotebooks(samples)
        let export1 = try first.exportNotebooks()
        XCTAssertEqual(export1.count, samples.count)
        assertSameTree(export1, samples.sorted(by: { ($0.projectTitle, $0.sourceName) < ($1.projectTitle, $1.sourceName) }), "database vs files")

        // Write the export as files would be, read them back into a fresh database.
        let rendered = export1.map { ImportedNotebook(projectTitle: $0.projectTitle, sourceName: $0.sourceName,
                                                      notebook: MarkdownFormat.parse(MarkdownFormat.render($0.notebook), fallbackTitle: "x")) }
        let second = try openDatabase("second.db")
        _ = try second.importNotebooks(rendered)
        let export2 = try second.exportNotebooks()
        assertSameTree(export2, export1, "after import → export → import")
        XCTAssertEqual(export2.map { MarkdownFormat.render($0.notebook) }, export1.map { MarkdownFormat.render($0.notebook) }, "export twice gives identical bytes")

        let report = try first.importNotebooks(rendered)
        XCTAssertEqual(report.snippetsCreated, 0)
        XCTAssertEqual(report.snippetsUpdated, 0)
        XCTAssertEqual(report.snippetsTrashed, 0)
        XCTAssertEqual(report.notebooksCreated, 0)
    }

    func assertSameTree(_ a: [ImportedNotebook], _ b: [ImportedNotebook], _ context: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.map(\.projectTitle), b.map(\.projectTitle), context, file: file, line: line)
        XCTAssertEqual(a.map(\.sourceName), b.map(\.sourceName), context, file: file, line: line)
        for (x, y) in zip(a, b) {
            XCTAssertEqual(x.notebook.title, y.notebook.title, "\(context): \(x.sourceName)", file: file, line: line)
            XCTAssertEqual(x.notebook.tags, Tags.normalize(y.notebook.tags), "\(context): \(x.sourceName)", file: file, line: line)
            XCTAssertEqual(x.notebook.snippets.map(\.title), y.notebook.snippets.map(\.title), "\(context): \(x.sourceName) order", file: file, line: line)
            for (s, t) in zip(x.notebook.snippets, y.notebook.snippets) where s != t {
                XCTFail("\(context): \(x.sourceName) ▸ \(s.title)\n  got      \(s)\n  expected \(t)", file: file, line: line)
            }
        }
    }
}

/// Re-import details: reordered and repeated section titles, ids and prefixes.
final class StoreReimportDetailTests: StoreTestCase {
    func parsed(_ text: String) -> [ImportedNotebook] {
        [ImportedNotebook(projectTitle: "P", sourceName: "n.md", notebook: MarkdownFormat.parse(text, fallbackTitle: "n"))]
    }

    func testGivenSectionsReordered_whenReimported_thenTheOrderFollowsTheFileAndNoTextChanges() throws {
        let db = try openDatabase()
        _ = try db.importNotebooks(parsed("## A\na\n## B\nb\n## C\nc"))
        let revs = try db.counts().revisions
        let r = try db.importNotebooks(parsed("## C\nc\n## A\na\n## B\nb"))
        XCTAssertEqual(r.snippetsUpdated, 0)
        XCTAssertEqual(try db.tree().first?.notebooks.first?.snippets.map(\.title), ["C", "A", "B"])
        XCTAssertEqual(try db.counts().revisions, revs, "moving a section is not a text change")
        XCTAssertEqual(try db.exportNotebooks().first?.notebook.snippets.map(\.title), ["C", "A", "B"])
    }

    func testGivenRepeatedSectionTitles_whenReimported_thenTheyAreMatchedInOrderAndNothingIsDuplicated() throws {
        let db = try openDatabase()
        let text = "## Notes\nfirst\n## Notes\nsecond\n## Other\nx"
        _ = try db.importNotebooks(parsed(text))
        let ids = try XCTUnwrap(db.tree().first?.notebooks.first?.snippets.map(\.id))
        let r = try db.importNotebooks(parsed(text))
        XCTAssertEqual(r.snippetsUnchanged, 3)
        XCTAssertEqual(try db.tree().first?.notebooks.first?.snippets.map(\.id), ids)
        let r2 = try db.importNotebooks(parsed("## Notes\nfirst\n## Notes\nsecond, edited\n## Other\nx"))
        XCTAssertEqual(r2.snippetsUpdated, 1)
        XCTAssertEqual(try db.snippet(id: ids[1])?.body, "second, edited")
    }

    func testGivenIDs_whenResolvedByPrefix_thenUniquePrefixesOfAnyLengthWorkAndAmbiguousOnesAreRefused() throws {
        let db = try openDatabase()
        let nb = try makeNotebook(db)
        let s = try db.createSnippet(notebookID: nb.id, title: "S", body: "x")
        XCTAssertEqual(try db.resolve(s.id).id, s.id)
        XCTAssertEqual(try db.resolve(String(s.id.prefix(8)).uppercased()).id, s.id)
        // The README promises that a unique prefix is enough, however short; one shared with another id is refused.
        let others = [nb.id, nb.projectID]
        for length in 1...3 {
            let prefix = String(s.id.prefix(length))
            if others.contains(where: { $0.hasPrefix(prefix) }) {
                XCTAssertThrowsError(try db.resolve(prefix)) { XCTAssertTrue("\($0)".contains("ambiguous"), "\($0)") }
            } else {
                XCTAssertEqual(try db.resolve(prefix).id, s.id)
            }
        }
        XCTAssertThrowsError(try db.resolve("'; DROP TABLE snippet; --"))
        XCTAssertThrowsError(try db.resolve("%%%%"), "LIKE wildcards are not accepted as an id")
        XCTAssertThrowsError(try db.resolve("____"))
        XCTAssertEqual(try db.counts().snippets, 1)
    }
}
