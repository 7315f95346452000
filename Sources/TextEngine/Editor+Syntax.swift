import Foundation

extension Editor {
    /// The syntax state at the start of a line (from the cache, extended on the fly when needed).
    func syntaxState(atLine line: Int) -> LineState {
        if line < syntaxValid { return syntaxStates[line] }
        var state = syntaxStates[syntaxValid - 1]
        for index in (syntaxValid - 1)..<line {
            state = SyntaxHighlighter.highlight(line: document.lines[index], language: language, state: state).1
        }
        return state
    }

    /// Extends the valid cached line states through `line` (called after each command for the visible lines).
    /// Costs O(lines between the first edited line and the view), not O(document), after the first display.
    mutating func refreshSyntax(upTo line: Int) {
        guard language != .plain else { return }
        while syntaxValid <= line {
            let index = syntaxValid - 1
            let next = SyntaxHighlighter.highlight(line: document.lines[index], language: language, state: syntaxStates[index]).1
            if syntaxValid < syntaxStates.count {
                syntaxStates[syntaxValid] = next
            } else {
                syntaxStates.append(next)
            }
            syntaxValid += 1
        }
    }

    /// The spans of one line, for an app that draws lines itself.
    public func highlight(line: Int) -> [TokenSpan] {
        SyntaxHighlighter.highlight(line: document.lines[line], language: language, state: syntaxState(atLine: line)).0
    }
}
