import Foundation
import TestSupport
import XCTest

/// README: "A keymap file that names an unknown command or context stops the app at start with the file and line."
extension TUIEndToEndTests {
    func testAKeymapWithAnUnknownCommandOrContextStopsTheAppAtStartNamingFileAndLine() throws {
        let t = try TUISession.seeded()
        let keymap = try t.dir.appendingPathComponent("config/recall/keymap.toml").creatingParent()
        try "[global]\n\"alt-h\" = \"app.hlep\"\n[nowhere]\n\"x\" = \"app.quit\"\n".write(to: keymap, atomically: true, encoding: .utf8)
        try t.start(width: 300)
        let screen = try t.waitFor(text: "EXIT=")
        XCTAssertTrue(screen.contains("keymap.toml:2: unknown command \"app.hlep\""), screen)
        XCTAssertTrue(screen.contains("keymap.toml:3: unknown context [nowhere]"), screen)
        XCTAssertFalse(screen.contains("EXIT=0"), "the app does not start: \(screen)")
        XCTAssertFalse(screen.contains("Notebooks"), "no screen was drawn: \(screen)")
    }
}
