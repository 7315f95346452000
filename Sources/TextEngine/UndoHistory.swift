import Foundation

/// One undo step: edits applied in order, and the selection before and after them.
public struct UndoStep: Hashable, Sendable {
    /// The edits, in the order they were applied.
    public var edits: [Edit]
    /// The selection to restore on undo.
    public var selectionBefore: Selection
    /// The selection to restore on redo.
    public var selectionAfter: Selection
    /// The kind of change, for grouping.
    public var kind: EditKind
    /// When the last edit of the step happened (injected by the caller).
    public var lastTime: Date
    /// A unique identity of this step's content, for the dirty flag.
    public var id: Int
}

/// An undo tree: every state the text has been in stays reachable.
///
/// Undo and redo walk the current branch (redo follows the branch last undone or taken). A change made after
/// undoing starts a new branch instead of discarding the old one; `earlier`/`later` step through all states in
/// the order they were created, crossing branches (like vim's `g-`/`g+`).
///
/// Grouping: a change merges into the current step when it is the newest step, both are of the same mergeable
/// kind (typing, delete backward, delete forward), no boundary was set in between, and it comes within
/// `groupInterval` seconds of the previous one. Any cursor motion, paste, cut, undo, redo or save sets a boundary.
public struct UndoHistory: Hashable, Sendable {
    /// A node of the tree: the step that leads to it from its parent.
    public struct Revision: Hashable, Sendable {
        /// Index of the parent revision (the root is its own parent).
        public var parent: Int
        /// The step from the parent to this revision (empty for the root).
        public var step: UndoStep
        /// The child that redo goes to.
        public var redoChild: Int?
    }

    /// All revisions in creation order; index 0 is the loaded text.
    public private(set) var revisions: [Revision]
    /// The revision the text is in now.
    public private(set) var current = 0
    /// Seconds within which same-kind changes group into one step.
    public var groupInterval: TimeInterval
    /// Whether the next change starts a new step.
    public private(set) var sealed = true
    private var nextID = 1

    /// Creates a history holding only the loaded text.
    public init(groupInterval: TimeInterval = 1.0) {
        self.groupInterval = groupInterval
        let root = UndoStep(edits: [], selectionBefore: Selection(caret: .zero), selectionAfter: Selection(caret: .zero),
                            kind: .other, lastTime: .distantPast, id: 0)
        revisions = [Revision(parent: 0, step: root, redoChild: nil)]
    }

    /// The identity of the current state (0 for the loaded text): compare with a saved identity for dirtiness.
    public var stateID: Int { revisions[current].step.id }

    /// Whether there is something to undo.
    public var canUndo: Bool { current != 0 }

    /// Whether there is something to redo on the current branch.
    public var canRedo: Bool { revisions[current].redoChild != nil }

    /// Number of undo steps between the loaded text and the current state.
    public var undoDepth: Int {
        var depth = 0
        var node = current
        while node != 0 {
            node = revisions[node].parent
            depth += 1
        }
        return depth
    }

    /// Ends the current group: the next change starts a new undo step.
    public mutating func seal() { sealed = true }

    /// Records edits just applied to the document.
    public mutating func record(_ edits: [Edit], kind: EditKind, before: Selection, after: Selection, at time: Date) {
        guard !edits.isEmpty else { return }
        let id = nextID
        nextID += 1
        let last = revisions[current].step
        if !sealed, kind.merges, current != 0, current == revisions.count - 1, revisions[current].redoChild == nil,
           last.kind == kind, time >= last.lastTime, time.timeIntervalSince(last.lastTime) <= groupInterval {
            revisions[current].step.edits.append(contentsOf: edits)
            revisions[current].step.selectionAfter = after
            revisions[current].step.lastTime = time
            revisions[current].step.id = id
        } else {
            let step = UndoStep(edits: edits, selectionBefore: before, selectionAfter: after, kind: kind, lastTime: time, id: id)
            revisions.append(Revision(parent: current, step: step, redoChild: nil))
            revisions[current].redoChild = revisions.count - 1
            current = revisions.count - 1
        }
        sealed = !kind.merges
    }

    /// Moves to the parent revision and returns the step to undo.
    public mutating func popUndo() -> UndoStep? {
        guard current != 0 else { return nil }
        let step = revisions[current].step
        let parent = revisions[current].parent
        revisions[parent].redoChild = current
        current = parent
        sealed = true
        return step
    }

    /// Moves to the redo child and returns the step to redo.
    public mutating func popRedo() -> UndoStep? {
        guard let child = revisions[current].redoChild else { return nil }
        current = child
        sealed = true
        return revisions[child].step
    }

    /// Moves to any revision: returns the steps to undo (in order) and then to redo (in order) to get there.
    public mutating func travel(to target: Int) -> (undo: [UndoStep], redo: [UndoStep]) {
        guard target >= 0 && target < revisions.count && target != current else { return ([], []) }
        var ancestors: Set<Int> = [0]
        var node = target
        while node != 0 {
            ancestors.insert(node)
            node = revisions[node].parent
        }
        var undo: [UndoStep] = []
        node = current
        while !ancestors.contains(node) {
            undo.append(revisions[node].step)
            let parent = revisions[node].parent
            revisions[parent].redoChild = node
            node = parent
        }
        let common = node
        var path: [Int] = []
        node = target
        while node != common {
            path.append(node)
            node = revisions[node].parent
        }
        var redo: [UndoStep] = []
        var parent = common
        for child in path.reversed() {
            revisions[parent].redoChild = child
            redo.append(revisions[child].step)
            parent = child
        }
        current = target
        sealed = true
        return (undo, redo)
    }
}
