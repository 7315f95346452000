import Foundation
import Testing
import Notebook

/// The tally's percentage (partial counts half) and the progress bar.
@Suite struct StudyProgressTests {
    @Test func seedExampleGivesFiftyEightPercent() {
        let tally = TaskTally(done: 15, partial: 7, todo: 10)
        #expect(tally.total == 32)
        #expect(tally.percent == 58)
        #expect(tally.summary == "58% · 15 done · 7 partial · 10 todo")
    }

    @Test func bars() {
        #expect(ProgressBar.render(0, width: 4) == "░░░░")
        #expect(ProgressBar.render(1, width: 4) == "████")
        #expect(ProgressBar.render(0.5, width: 4) == "██░░")
        #expect(ProgressBar.render(0.58, width: 10) == "█████▊░░░░")
        #expect(ProgressBar.render(2, width: 3).count == 3)
    }
}
