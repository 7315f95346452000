import TUI
import XCTest
@testable import AppCore

/// The chat model is one keystroke away: `m` in the Ask pane asks the server for its models, a picker lists them
/// with the one in use marked, and choosing one switches the model (kept by the app) and updates the status.
final class ModelPickerTests: XCTestCase {
    func testMInTheAskPaneListsModelsAndChoosingOneSwitchesTheChatModel() {
        var s = Fixture.state()
        Fixture.press(&s, "2")
        XCTAssertTrue(Fixture.press(&s, "alt-m").contains(.model(.listModels)))

        _ = App.update(&s, .modelChoices(["llama3.2:latest", "qwen3:4b"], current: "llama3.2:latest"), now: Fixture.now)
        guard case .picker(let p)? = s.overlay else { return XCTFail("the model picker should be open") }
        XCTAssertEqual(p.purpose, .chatModel)
        let screen = Fixture.screen(s).joined(separator: "\n")
        XCTAssertTrue(screen.contains("llama3.2:latest  (in use)"), screen)
        XCTAssertTrue(screen.contains("qwen3:4b"), screen)

        Fixture.press(&s, "down")
        XCTAssertEqual(Fixture.press(&s, "enter"), [.model(.chooseChatModel("qwen3:4b"))])
        XCTAssertNil(s.overlay)
        _ = App.update(&s, .modelStatus(.ready("qwen3:4b")), now: Fixture.now)
        XCTAssertTrue(Fixture.screen(s).joined(separator: "\n").contains("qwen3:4b ready"))
    }

    func testAServerWithoutChatModelsSaysWhatToPull() {
        var s = Fixture.state()
        Fixture.press(&s, "2")
        _ = App.update(&s, .modelChoices([], current: "llama3.2"), now: Fixture.now)
        XCTAssertNil(s.overlay)
        XCTAssertTrue(Fixture.screen(s).joined(separator: "\n").contains("ollama pull"))
    }
}
