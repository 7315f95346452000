import Foundation
import SRS
import XCTest

/// A stability from outside (an imported card) can be any Double: the interval is clamped, never a trap.
final class FSRSBoundsTests: XCTestCase {
    func testGivenAHugeNegativeOrNaNStability_whenTheIntervalIsComputed_thenItIsClampedToOneDayOrTheMaximum() {
        let fsrs = FSRS(maximumInterval: 36500)
        XCTAssertEqual(fsrs.nextIntervalDays(stability: 1e308), 36500)
        XCTAssertEqual(fsrs.nextIntervalDays(stability: .infinity), 36500)
        XCTAssertEqual(fsrs.nextIntervalDays(stability: -1e300), 1)
        XCTAssertEqual(fsrs.nextIntervalDays(stability: .nan), 1)
        XCTAssertEqual(fsrs.nextIntervalDays(stability: 10), FSRS(maximumInterval: 36500).nextIntervalDays(stability: 10))
        XCTAssertGreaterThan(fsrs.nextIntervalDays(stability: 10), 1)
    }

    func testGivenStepsOrAMaximumIntervalPastOneHundredYears_whenValidated_thenTheyAreRefused() {
        var s = DeckSettings.defaults
        s.maximumInterval = 36501
        XCTAssertThrowsError(try s.validate())
        s = DeckSettings.defaults
        s.learningSteps = [36500 * 86400 + 1]
        XCTAssertThrowsError(try s.validate())
        XCTAssertNoThrow(try DeckSettings.defaults.validate())
    }
}
