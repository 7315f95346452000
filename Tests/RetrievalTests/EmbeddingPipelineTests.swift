import Foundation
import XCTest
@testable import Retrieval

/// The embedding pipeline against an in-memory store and scripted embedders.
final class EmbeddingPipelineTests: XCTestCase {
    /// An in-memory work queue that records every saved batch.
    final class MemoryStore: EmbeddingStore, @unchecked Sendable {
        let lock = NSLock()
        var chunks: [PendingChunk]
        var saved: [Int64: [Float]] = [:]
        var batches: [[Int64]] = []

        init(_ n: Int, text: (Int) -> String = { "chunk number \($0)" }) {
            chunks = (1...n).map { PendingChunk(id: Int64($0), text: text($0), contentHash: "h\($0)") }
        }

        func pendingChunks(after: Int64, limit: Int) throws -> [PendingChunk] {
            lock.lock(); defer { lock.unlock() }
            return Array(chunks.filter { $0.id > after && saved[$0.id] == nil }.prefix(limit))
        }
        func pendingCount() throws -> Int { lock.lock(); defer { lock.unlock() }; return chunks.count - saved.count }
        func save(_ batch: [EmbeddedChunk], dimension: Int) throws {
            lock.lock(); defer { lock.unlock() }
            for e in batch { saved[e.chunk.id] = e.vector }
            batches.append(batch.map(\.chunk.id))
        }
        func storedDimension() throws -> Int? { lock.lock(); defer { lock.unlock() }; return saved.values.first?.count }
    }

    struct Down: Error {}
    struct TooLong: Error {}

    /// Counts calls; thread-safe.
    final class Counter: @unchecked Sendable {
        let lock = NSLock()
        var calls = 0
        var texts: [String] = []
        func record(_ t: [String]) -> Int { lock.lock(); defer { lock.unlock() }; calls += 1; texts += t; return calls }
    }

    static func vector(_ text: String) -> [Float] { [Float(text.count % 7) + 1, 1, 0, 2] }

    func testEmbedsInBatchesSavesEachAtomicallyAndReportsProgress() async throws {
        let store = MemoryStore(10)
        let counter = Counter()
        var reports: [IndexProgress] = []
        let result = try await EmbeddingPipeline(batchSize: 4).run(store: store, model: "m", embed: { texts in
            _ = counter.record(texts); return texts.map(Self.vector)
        }, progress: { reports.append($0) })
        XCTAssertEqual(store.batches, [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10]])
        XCTAssertEqual(reports.map(\.event.rawValue), ["start", "progress", "progress", "progress", "done"])
        XCTAssertEqual(reports.map(\.done), [0, 4, 8, 10, 10])
        XCTAssertEqual(result.total, 10)
        XCTAssertEqual(result.dimension, 4)
        XCTAssertEqual(reports[1].statusLine, "indexing 4/10 (40%)")
        XCTAssertEqual(result.statusLine, "index ready: 10 chunks embedded with m")
    }

    func testServerDyingMidwayKeepsFinishedBatchesAndTheNextRunResumes() async throws {
        let store = MemoryStore(10)
        let counter = Counter()
        do {
            try await EmbeddingPipeline(batchSize: 3).run(store: store, model: "m", embed: { texts in
                if counter.record(texts) == 3 { throw Down() }
                return texts.map(Self.vector)
            })
            XCTFail("expected the dead server to stop the run")
        } catch is Down {}
        // Two whole batches saved, the third not at all
        XCTAssertEqual(store.batches, [[1, 2, 3], [4, 5, 6]])
        let resumed = try await EmbeddingPipeline(batchSize: 3).run(store: store, model: "m", embed: { $0.map(Self.vector) })
        XCTAssertEqual(resumed.done, 4)
        XCTAssertEqual(store.saved.count, 10)
    }

    /// Holds the task handle so the embedder can cancel its own run (as Ctrl-C does in the CLI).
    final class TaskBox: @unchecked Sendable {
        let lock = NSLock()
        var task: Task<IndexProgress, any Error>?
        func get() -> Task<IndexProgress, any Error>? { lock.lock(); defer { lock.unlock() }; return task }
        func set(_ t: Task<IndexProgress, any Error>) { lock.lock(); task = t; lock.unlock() }
    }

    static func runCancellingItself(_ store: MemoryStore, _ box: TaskBox) async throws -> IndexProgress {
        try await EmbeddingPipeline(batchSize: 2).run(store: store, model: "m", embed: { texts in
            var handle = box.get()
            while handle == nil { await Task.yield(); handle = box.get() }
            handle?.cancel()  // the user pressed Ctrl-C while this batch was in flight
            return texts.map(Self.vector)
        })
    }

    func testCancellationStopsBetweenBatches() async throws {
        let store = MemoryStore(6)
        let box = TaskBox()
        let task = Task.detached { try await EmbeddingPipelineTests.runCancellingItself(store, box) }
        box.set(task)
        do { _ = try await task.value; XCTFail("expected cancellation") } catch is CancellationError {}
        XCTAssertEqual(store.batches, [], "the batch in flight when cancelled is not saved; nothing is half-written")
    }

    func testBadVectorsStopWithTheChunkNamed() async throws {
        for (bad, expected) in [([Float](repeating: 0, count: 4), RetrievalError.zeroVector), ([1, .nan, 0, 0], .nonFiniteVector)] {
            let store = MemoryStore(3)
            do {
                try await EmbeddingPipeline(batchSize: 1).run(store: store, model: "m", embed: { texts in
                    texts.map { $0.hasSuffix("2") ? bad : Self.vector($0) }
                })
                XCTFail("expected rejection")
            } catch let e as EmbeddingPipelineError {
                XCTAssertEqual(e, .rejected(chunkID: 2, reason: expected))
                XCTAssertTrue(e.description.hasPrefix("chunk 2: "))
            }
            XCTAssertEqual(Array(store.saved.keys), [1])
        }
        // A vector of another length than the ones stored is a dimension error
        let store = MemoryStore(2)
        do {
            try await EmbeddingPipeline(batchSize: 1).run(store: store, model: "m", embed: { texts in
                texts.map { $0.hasSuffix("2") ? [1, 2, 3] : Self.vector($0) }
            })
            XCTFail("expected rejection")
        } catch let e as EmbeddingPipelineError {
            XCTAssertEqual(e, .rejected(chunkID: 2, reason: .dimensionMismatch(expected: 4, got: 3)))
        }
    }

    func testOverlongTextIsCutAndRejectedBatchesAreRetriedOneByOneShorter() async throws {
        // Given one chunk longer than the limit and a server that refuses anything over 120 characters
        let store = MemoryStore(4) { $0 == 3 ? String(repeating: "word ", count: 100) : "short text \($0)" }
        let counter = Counter()
        let result = try await EmbeddingPipeline(batchSize: 4, maxCharacters: 400, minCharacters: 50).run(
            store: store, model: "m",
            embed: { texts in
                _ = counter.record(texts)
                if texts.contains(where: { $0.count > 120 }) { throw TooLong() }
                return texts.map(Self.vector)
            },
            shrinkable: { $0 is TooLong })
        // Then every chunk is embedded; the long one was cut (counted once), never failing the batch
        XCTAssertEqual(store.saved.count, 4)
        XCTAssertEqual(result.truncated, 1)
        XCTAssertTrue(counter.texts.allSatisfy { $0.count <= 400 })
        XCTAssertEqual(EmbeddingPipeline.fit("alpha beta gamma", limit: 12).text, "alpha beta")
        XCTAssertEqual(EmbeddingPipeline.fit("short", limit: 12).truncated, false)
    }

    func testAChunkRefusedEvenWhenShortStopsClearly() async throws {
        let store = MemoryStore(1)
        do {
            try await EmbeddingPipeline(batchSize: 1, maxCharacters: 400, minCharacters: 5).run(
                store: store, model: "m", embed: { _ in throw TooLong() }, shrinkable: { $0 is TooLong })
            XCTFail("expected a rejection")
        } catch let e as EmbeddingPipelineError {
            guard case .rejectedText(1, _) = e else { return XCTFail("\(e)") }
        }
    }
}
