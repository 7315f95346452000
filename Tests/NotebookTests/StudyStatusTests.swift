import Foundation
import Notebook
import Testing

/// The status field's pure rules: cycling, marks, and how status words among tags become the field.
@Suite struct StudyStatusTests {
    @Test func cyclingGoesThroughEveryStatusAndBackToAPlainNote() {
        var s: StudyStatus? = nil
        var seen: [StudyStatus?] = []
        for _ in 0..<4 { s = StudyStatus.cycled(s); seen.append(s) }
        #expect(seen == [.todo, .partial, .done, nil])
    }

    @Test func marks() {
        #expect(StudyStatus.allCases.map(\.mark) == ["○", "◐", "✓"])
        #expect(StudyStatus.mark(nil) == " ")
    }

    @Test func statusWordsAmongTagsBecomeTheStatusAndTheFurthestAlongWins() {
        #expect(StatusTags.split(["rust", "done"]) == (["rust"], .done))
        #expect(StatusTags.split(["#Partial", "x"]).status == .partial)
        #expect(StatusTags.split(["done", "todo"]).status == .done)
        #expect(StatusTags.split(["todo", "partial"]).status == .partial)
        #expect(StatusTags.split(["notes", "doneish"]) == (["notes", "doneish"], nil))
    }

    @Test func exportWritesTheStatusAsTheLastTag() {
        #expect(StatusTags.joined(["a", "b"], status: .partial) == ["a", "b", "partial"])
        #expect(StatusTags.joined(["a", "done"], status: .todo) == ["a", "todo"])
        #expect(StatusTags.joined(["a"], status: nil) == ["a"])
    }
}
