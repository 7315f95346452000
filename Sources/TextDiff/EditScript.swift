/// One step of an edit script that turns sequence `a` into sequence `b`.
enum EditStep: Hashable, Sendable {
    /// `a[i]` equals `b[j]` and is kept.
    case keep(Int, Int)
    /// `a[i]` is removed.
    case remove(Int)
    /// `b[j]` is inserted.
    case insert(Int)
}

/// Builds edit scripts from Swift's `CollectionDifference` (a Myers diff): removals before insertions in a change.
enum EditScript {
    /// The steps, in order, that turn `a` into `b`.
    static func between<Element: Hashable>(_ a: [Element], _ b: [Element]) -> [EditStep] {
        // Strip the common prefix and suffix first: cheap, and it keeps the diff anchored on unchanged text.
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        let middleA = Array(a[prefix..<(a.count - suffix)]), middleB = Array(b[prefix..<(b.count - suffix)])

        let (removed, inserted) = changes(middleA, middleB)

        var steps: [EditStep] = []
        steps.reserveCapacity(a.count + inserted.count)
        for k in 0..<prefix { steps.append(.keep(k, k)) }
        var i = 0, j = 0
        while i < middleA.count || j < middleB.count {
            if i < middleA.count, removed.contains(i) {
                steps.append(.remove(prefix + i)); i += 1
            } else if j < middleB.count, inserted.contains(j) {
                steps.append(.insert(prefix + j)); j += 1
            } else {
                steps.append(.keep(prefix + i, prefix + j)); i += 1; j += 1
            }
        }
        for k in 0..<suffix { steps.append(.keep(a.count - suffix + k, b.count - suffix + k)) }
        return steps
    }

    /// Above this many lines on both sides together, a stretch is not handed to Myers (O((N+M)·D) time: a rewritten
    /// 20,000-line note froze the app for minutes) but split on lines that occur once on each side (patience diff).
    static let myersLimit = 2_000

    /// The removed offsets of `a` and the inserted offsets of `b`: Myers for small stretches; larger ones are cut at
    /// the longest in-order run of lines unique to both sides and each stretch between is diffed the same way; a large
    /// stretch with no such line is replaced as a whole. Kept lines always form a common subsequence of `a` and `b`.
    static func changes<Element: Hashable>(_ a: [Element], _ b: [Element]) -> (removed: Set<Int>, inserted: Set<Int>) {
        var removed = Set<Int>(), inserted = Set<Int>()
        var work: [(Range<Int>, Range<Int>)] = [(0..<a.count, 0..<b.count)]
        while var (ra, rb) = work.popLast() {
            // Common ends of this stretch are kept.
            while !ra.isEmpty, !rb.isEmpty, a[ra.lowerBound] == b[rb.lowerBound] { ra = (ra.lowerBound + 1)..<ra.upperBound; rb = (rb.lowerBound + 1)..<rb.upperBound }
            while !ra.isEmpty, !rb.isEmpty, a[ra.upperBound - 1] == b[rb.upperBound - 1] { ra = ra.lowerBound..<(ra.upperBound - 1); rb = rb.lowerBound..<(rb.upperBound - 1) }
            if ra.isEmpty || rb.isEmpty {
                removed.formUnion(ra); inserted.formUnion(rb); continue
            }
            if ra.count + rb.count <= myersLimit {
                for change in b[rb].difference(from: a[ra]) {
                    switch change {
                    case .remove(let offset, _, _): removed.insert(ra.lowerBound + offset)
                    case .insert(let offset, _, _): inserted.insert(rb.lowerBound + offset)
                    }
                }
                continue
            }
            let anchors = uniqueAnchors(a, ra, b, rb)
            if anchors.isEmpty { removed.formUnion(ra); inserted.formUnion(rb); continue }
            var lowA = ra.lowerBound, lowB = rb.lowerBound
            for (i, j) in anchors {
                work.append((lowA..<i, lowB..<j))
                lowA = i + 1; lowB = j + 1
            }
            work.append((lowA..<ra.upperBound, lowB..<rb.upperBound))
        }
        return (removed, inserted)
    }

    /// The longest run of (i, j) pairs, increasing in both, of elements that occur exactly once in `a[ra]` and once
    /// in `b[rb]` (patience sorting, O(k log k)).
    static func uniqueAnchors<Element: Hashable>(_ a: [Element], _ ra: Range<Int>, _ b: [Element], _ rb: Range<Int>) -> [(Int, Int)] {
        var inA: [Element: Int] = [:]   // index in a, or -1 when repeated
        for i in ra { inA[a[i]] = inA[a[i]] == nil ? i : -1 }
        var inB: [Element: Int] = [:]
        for j in rb where inA[b[j]] != nil { inB[b[j]] = inB[b[j]] == nil ? j : -1 }
        var pairs: [(Int, Int)] = []
        for i in ra { if let j = inB[a[i]], j >= 0, inA[a[i]] == i { pairs.append((i, j)) } }
        // Longest increasing subsequence of the j's (pairs are in i order).
        var tails: [Int] = []               // index into pairs of the smallest tail of each length
        var previous = [Int](repeating: -1, count: pairs.count)
        for (k, p) in pairs.enumerated() {
            var lo = 0, hi = tails.count
            while lo < hi { let mid = (lo + hi) / 2; if pairs[tails[mid]].1 < p.1 { lo = mid + 1 } else { hi = mid } }
            if lo > 0 { previous[k] = tails[lo - 1] }
            if lo == tails.count { tails.append(k) } else { tails[lo] = k }
        }
        var result: [(Int, Int)] = []
        var k = tails.last ?? -1
        while k >= 0 { result.append(pairs[k]); k = previous[k] }
        return result.reversed()
    }
}
