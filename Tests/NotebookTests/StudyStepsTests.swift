import Foundation
import Notebook
import Testing

/// The progress rules: items are snippets with a status, partial counts half, sub-steps are counted apart.
@Suite struct StudyStepsTests {
    @Test func itemsAreCountedByStatusAndPlainNotesAreSkipped() {
        let statuses: [StudyStatus?] = Array(repeating: .done, count: 15) + Array(repeating: .partial, count: 7)
            + Array(repeating: .todo, count: 10) + [nil, nil, nil]
        let tally = TaskTally(statuses: statuses)
        #expect(tally == TaskTally(done: 15, partial: 7, todo: 10))
        #expect(tally.summary == "58% · 15 done · 7 partial · 10 todo")
    }

    @Test func halfRule() {
        #expect(TaskTally(statuses: [.partial, .todo]).percent == 25)
        #expect(TaskTally(statuses: [.partial]).percent == 50)
        #expect(TaskTally(statuses: [.done, .partial, .todo]).percent == 50)
        #expect(TaskTally(statuses: [nil]).percent == 0)
    }

    @Test func aCheckboxWithNestedCheckboxesIsAGroupNotAStep() {
        let body = """
            - [~] **The AI taxonomy** — concept · about 2 hours
              - [x] List the parts
              - [x] Classify each part
              - [ ] Write the one-page summary
              - [~] Find the gaps
            """
        #expect(StepCount.of(body) == StepCount(done: 2, total: 4))
        #expect(StepCount.of(body).label == "2/4 steps")
    }

    @Test func flatChecklistsAreAllStepsAndCodeIsIgnored() {
        let body = """
            Intro text.
            * [x] one
            1. [X] two
            - [ ] three
            ```
            - [x] not a step
            ```
            - [y] not a checkbox
            """
        #expect(StepCount.of(body) == StepCount(done: 2, total: 3))
        #expect(StepCount.of("no steps here").label == nil)
        #expect(StepCount.of("-[x] no space\n- [ ]glued\n+ [~] plus\n2) [x] paren") == StepCount(done: 1, total: 2))
    }

    @Test func theStatusDoesNotChangeTheStepsAndTheStepsDoNotChangeTheStatus() {
        // A done item whose checkboxes are unticked still counts as done in progress; its steps read 0/2.
        let steps = StepCount.of("- [ ] a\n- [ ] b")
        #expect(steps == StepCount(done: 0, total: 2))
        #expect(TaskTally(statuses: [.done]).percent == 100)
    }
}
