/// A bounded min-heap keeping the `capacity` highest-scoring (score, row) pairs seen.
struct TopK {
    /// Largest number of entries kept.
    let capacity: Int
    private(set) var scores: [Float]
    private(set) var rows: [Int32]

    /// An empty heap that keeps at most `capacity` entries.
    init(capacity: Int) {
        self.capacity = max(0, capacity)
        scores = []; rows = []
        scores.reserveCapacity(self.capacity); rows.reserveCapacity(self.capacity)
    }

    /// The score a new entry must beat to enter (−∞ until full).
    @inline(__always)
    var threshold: Float { scores.count < capacity ? -.infinity : scores[0] }

    /// Offers an entry; keeps it when the heap is not full or it beats the lowest kept score.
    @inline(__always)
    mutating func offer(_ score: Float, _ row: Int32) {
        if scores.count < capacity {
            scores.append(score); rows.append(row)
            siftUp(scores.count - 1)
        } else if capacity > 0, score > scores[0] {
            scores[0] = score; rows[0] = row
            siftDown(0)
        }
    }

    /// The kept entries, best first (ties broken by lower row for determinism).
    func sorted() -> [(score: Float, row: Int32)] {
        zip(scores, rows).map { (score: $0, row: $1) }.sorted { $0.score != $1.score ? $0.score > $1.score : $0.row < $1.row }
    }

    private mutating func siftUp(_ index: Int) {
        var i = index
        while i > 0 {
            let p = (i - 1) / 2
            guard less(i, p) else { break }
            scores.swapAt(i, p); rows.swapAt(i, p); i = p
        }
    }

    private mutating func siftDown(_ index: Int) {
        var i = index
        let n = scores.count
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < n, less(l, m) { m = l }
            if r < n, less(r, m) { m = r }
            if m == i { return }
            scores.swapAt(i, m); rows.swapAt(i, m); i = m
        }
    }

    /// Heap order: lower score first; among equal scores the higher row is "lower" so lower rows survive.
    @inline(__always)
    private func less(_ a: Int, _ b: Int) -> Bool {
        scores[a] != scores[b] ? scores[a] < scores[b] : rows[a] > rows[b]
    }
}
