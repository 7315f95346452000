import Foundation
import Notebook
@testable import Store
import XCTest

/// The streamed tree (`walkTree`, for `recall list`) and the navigator's lean tree (`outlineTree`, for the app's
/// start-up) give exactly what `tree()` gives: same projects, notebooks and snippets, same order, trash left out.
final class StoreTreeWalkTests: StoreTestCase {
    func testWalkAndOutlineTreesEqualTheFullTree() throws {
        let db = try openDatabase()
        var notebooks: [ImportedNotebook] = []
        for n in 0..<6 {
            // Titles whose order differs by case, and tags and a status, so ordering and decoding are both checked.
            let snippets = (0..<7).map { i in
                ParsedSnippet(title: ["beta \(i)", "Alpha \(i)", "gamma \(i)"][i % 3], kind: i % 3 == 0 ? .code : .markdown,
                              language: i % 3 == 0 ? "swift" : nil, tags: i % 2 == 0 ? ["t\(i)", "done"] : [], body: "Body \(n).\(i)")
            }
            notebooks.append(ImportedNotebook(projectTitle: n < 3 ? "Zed" : "apple", sourceName: "nb\(n).md",
                                              notebook: ParsedNotebook(title: ["Notes \(n)", "notes \(n)"][n % 2], snippets: snippets)))
        }
        _ = try db.importNotebooks(notebooks)
        let full = try db.tree()
        let victim = try XCTUnwrap(full.first?.notebooks.first?.snippets.dropFirst().first)
        try db.trash(try db.resolve(victim.id))
        let tree = try db.tree()

        var walked: [String] = []
        try db.walkTree { step in
            switch step {
            case .project(let p, let count): walked.append("P \(p.id) \(count)")
            case .notebook(let n, let snippets): walked.append("N \(n.id) " + snippets.map(\.id).joined(separator: ","))
            }
        }
        var expected: [String] = []
        for p in tree {
            expected.append("P \(p.project.id) \(p.notebooks.count)")
            for n in p.notebooks { expected.append("N \(n.notebook.id) " + n.snippets.map(\.id).joined(separator: ",")) }
        }
        XCTAssertEqual(walked, expected)
        XCTAssertFalse(walked.joined().contains(victim.id), "the trashed snippet is not walked")

        let outline = try db.outlineTree()
        XCTAssertEqual(outline.map(\.project.id), tree.map(\.project.id))
        for (o, t) in zip(outline, tree) {
            XCTAssertEqual(o.notebooks.map(\.notebook.id), t.notebooks.map(\.notebook.id))
            for (on, tn) in zip(o.notebooks, t.notebooks) {
                XCTAssertEqual(on.snippets, tn.snippets.map {
                    SnippetHeading(id: $0.id, title: $0.title, kind: $0.kind, language: $0.language, status: $0.status, tags: $0.tags)
                })
            }
        }
        XCTAssertTrue(outline.flatMap { $0.notebooks.flatMap(\.snippets) }.contains { $0.status != nil && $0.kind == .code && !$0.tags.isEmpty },
                      "status, kind and tags are read")
    }
}
