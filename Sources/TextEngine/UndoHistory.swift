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

/// A linear undo/redo history. A new change discards the redo stack.
///
/// Grouping: a change merges into the previous step when both are of the same mergeable kind (typing,
/// delete backward, delete forward), no boundary was set in between, and it comes within `groupInterval`
/// seconds of the previous one. Any cursor motion, paste, cut, undo, redo or save sets a boundary.
public struct UndoHistory: Hashable, Sendable {
    /// Steps that can be undone, oldest first.
    public private(set) var undoStack: [UndoStep] = []
    /// Steps that can be redone, the next redo last.
    public private(set) var redoStack: [UndoStep] = []
    /// Seconds within which same-kind changes group into one step.
    public var groupInterval: TimeInterval
    /// Whether the next change starts a new step.
    public private(set) var sealed = true
    private var nextID = 1

    /// Creates an empty history.
    public init(groupInterval: TimeInterval = 1.0) {
        self.groupInterval = groupInterval
    }

    /// The identity of the current state (0 for the loaded text): compare with a saved identity for dirtiness.
    public var stateID: Int { undoStack.last?.id ?? 0 }

    /// Whether there is something to undo.
    public var canUndo: Bool { !undoStack.isEmpty }

    /// Whether there is something to redo.
    public var canRedo: Bool { !redoStack.isEmpty }

    /// Ends the current group: the next change starts a new undo step.
    public mutating func seal() { sealed = true }

    /// Records edits just applied to the document.
    public mutating func record(_ edits: [Edit], kind: EditKind, before: Selection, after: Selection, at time: Date) {
        guard !edits.isEmpty else { return }
        redoStack.removeAll()
        let id = nextID
        nextID += 1
        if !sealed, kind.merges, let last = undoStack.last, last.kind == kind,
           time >= last.lastTime, time.timeIntervalSince(last.lastTime) <= groupInterval {
            let top = undoStack.count - 1
            undoStack[top].edits.append(contentsOf: edits)
            undoStack[top].selectionAfter = after
            undoStack[top].lastTime = time
            undoStack[top].id = id
        } else {
            undoStack.append(UndoStep(edits: edits, selectionBefore: before, selectionAfter: after, kind: kind, lastTime: time, id: id))
        }
        sealed = !kind.merges
    }

    /// Takes the step to undo, moving it to the redo stack.
    public mutating func popUndo() -> UndoStep? {
        guard let step = undoStack.popLast() else { return nil }
        redoStack.append(step)
        sealed = true
        return step
    }

    /// Takes the step to redo, moving it back to the undo stack.
    public mutating func popRedo() -> UndoStep? {
        guard let step = redoStack.popLast() else { return nil }
        undoStack.append(step)
        sealed = true
        return step
    }
}
