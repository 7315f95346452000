import Foundation
import Testing
import Notebook

/// Task-item progress: `[ ]` todo, `[~]` partial (counts half), `[x]` done, per heading.
@Suite struct StudyProgressTests {
    @Test func seedExampleGivesFiftyEightPercent() {
        let tally = TaskTally(done: 15, partial: 7, todo: 10)
        #expect(tally.total == 32)
        #expect(tally.percent == 58)
        #expect(tally.summary == "58% · 15 done · 7 partial · 10 todo")
    }

    @Test func countsPerHeadingWithRollUp() {
        let md = """
        # Phase 1 — Foundations
        - [x] taxonomy
        - [~] neural networks
        ## Reading
        * [ ] CS229 lecture 1
        1. [X] Karpathy
        ```
        - [x] inside code is ignored
        ```
        # Phase 2
        - [ ] async
          - [~] nested partial
        - [y] not a task
        -[x] not a task either
        - [ ]no space is still text
        """
        let p = StudyProgress.parse(md)
        #expect(p.tally == TaskTally(done: 2, partial: 2, todo: 2))
        #expect(p.sections.map(\.title) == ["Phase 1 — Foundations", "Reading", "Phase 2"])
        #expect(p.sections[0].tally == TaskTally(done: 2, partial: 1, todo: 1))
        #expect(p.sections[1].tally == TaskTally(done: 1, partial: 0, todo: 1))
        #expect(p.sections[2].tally == TaskTally(done: 0, partial: 1, todo: 1))
        #expect(p.sections[0].tally.percent == 63)
    }

    @Test func emptyTextHasNoProgress() {
        let p = StudyProgress.parse("just prose\n# Heading without items\n")
        #expect(p.tally.total == 0 && p.tally.percent == 0 && p.sections.isEmpty)
    }

    @Test func bars() {
        #expect(ProgressBar.render(0, width: 4) == "░░░░")
        #expect(ProgressBar.render(1, width: 4) == "████")
        #expect(ProgressBar.render(0.5, width: 4) == "██░░")
        #expect(ProgressBar.render(0.58, width: 10) == "█████▊░░░░")
        #expect(ProgressBar.render(2, width: 3).count == 3)
    }
}
