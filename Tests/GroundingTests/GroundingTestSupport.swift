import Foundation
@testable import Grounding

/// A small deterministic generator for property tests (SplitMix64).
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

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
