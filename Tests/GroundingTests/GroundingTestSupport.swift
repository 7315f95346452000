import Foundation
@_exported import Seeded
@testable import Grounding

/// A passage for tests.
func passage(_ n: Int, _ text: String, title: String = "Note", chunk: Int64? = nil) -> Passage {
    Passage(n: n, chunkID: chunk ?? Int64(100 + n), snippetID: "snip-\(n)", title: title, notebook: "Book", text: text, score: 1)
}

/// A candidate for tests.
func candidate(_ id: Int64, _ text: String, previous: NeighbourChunk? = nil, next: NeighbourChunk? = nil) -> PassageCandidate {
    PassageCandidate(chunkID: id, snippetID: "s\(id)", title: "T\(id)", notebook: "Book", text: text, score: Double(100 - id),
                     previous: previous, next: next)
}

/// The repository root.
let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
