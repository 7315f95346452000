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

        var removed = Set<Int>(), inserted = Set<Int>()
        if middleA.isEmpty {
            inserted = Set(0..<middleB.count)
        } else if middleB.isEmpty {
            removed = Set(0..<middleA.count)
        } else {
            for change in middleB.difference(from: middleA) {
                switch change {
                case .remove(let offset, _, _): removed.insert(offset)
                case .insert(let offset, _, _): inserted.insert(offset)
                }
            }
        }

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
}
