import Foundation
import TUI
import XCTest
@testable import AppCore

/// The status line: fields (database, model, due, index, jobs), then the message or the keys that work here.
final class StatusLineTests: XCTestCase {
    func testTheIndexFieldSaysWhatIndexingDoesWithoutRepeatingItsLabel() {
        var s = Fixture.state(width: 120)
        _ = App.update(&s, .indexStatus(.indexing(done: 40, total: 118)), now: Fixture.now)
        XCTAssertTrue(Fixture.screen(s).last!.contains("index 40/118 (33%)"), Fixture.screen(s).last!)
        _ = App.update(&s, .indexStatus(.ready(chunks: 181, model: "smollm2-embed")), now: Fixture.now)
        XCTAssertTrue(Fixture.screen(s).last!.contains("index ready: 181 chunks embedded with smollm2-embed"), Fixture.screen(s).last!)
        XCTAssertFalse(Fixture.screen(s).last!.contains("index index"), Fixture.screen(s).last!)
        _ = App.update(&s, .indexStatus(nil), now: Fixture.now)
        XCTAssertFalse(Fixture.screen(s).last!.contains("index "), Fixture.screen(s).last!)
    }

    func testAMessageIsReadWholeNextToALongIndexField_whichShortensWhileItShows() {
        var s = Fixture.state(width: 100)
        _ = App.update(&s, .indexStatus(.ready(chunks: 181, model: "a-long-embedding-model-name")), now: Fixture.now)
        _ = App.flash(&s, "Accepted — saved as an assistant revision")
        let line = Fixture.screen(s).last!
        XCTAssertTrue(line.contains("Accepted — saved as an assistant revision"), line)
        XCTAssertTrue(line.contains("index ready "), "the field stays, short: \(line)")
        _ = App.update(&s, .timer(.clearMessage), now: Fixture.now)
        XCTAssertTrue(Fixture.screen(s).last!.contains("index ready: 181 chunks embedded with a-long"), Fixture.screen(s).last!)
    }
}
