/// A run of changed cells on one row: what the backend must write.
public struct FrameRun: Equatable, Sendable {
    /// Row.
    public var y: Int
    /// First column.
    public var x: Int
    /// The cells to write from `x` on (continuation cells included; the backend skips them).
    public var cells: [Cell]
}

/// Computes the cells that changed between two frames, keeping wide characters whole.
public enum FrameDiff {
    /// The runs to write to turn `old` into `new` on screen; everything when there is no old frame or the size changed.
    public static func runs(from old: Frame?, to new: Frame) -> [FrameRun] {
        var result: [FrameRun] = []
        let full = old == nil || old!.width != new.width || old!.height != new.height
        for y in 0..<new.height {
            let newRow = new.row(y)
            if full {
                result.append(FrameRun(y: y, x: 0, cells: Array(newRow)))
                continue
            }
            let oldRow = old!.row(y)
            let base = newRow.startIndex, obase = oldRow.startIndex
            var x = 0
            while x < new.width {
                if newRow[base + x] == oldRow[obase + x] { x += 1; continue }
                var start = x
                // Begin at the left half of a wide character (on either screen).
                if start > 0, newRow[base + start].isContinuation || oldRow[obase + start].isContinuation { start -= 1 }
                var end = x
                while end < new.width, newRow[base + end] != oldRow[obase + end] { end += 1 }
                // Include the right half of a wide character at the end.
                if end < new.width, newRow[base + end].isContinuation { end += 1 }
                result.append(FrameRun(y: y, x: start, cells: Array(newRow[(base + start)..<(base + end)])))
                x = end
            }
        }
        return result
    }

    /// Number of cells the runs write (continuation cells not counted).
    public static func cellCount(_ runs: [FrameRun]) -> Int {
        runs.reduce(0) { $0 + $1.cells.filter { !$0.isContinuation }.count }
    }
}
