import Foundation
import TestSupport
import XCTest

/// Cards from what you read, in the real binary: select text in the editor, press one key, review the card.
final class TUIStudyCardsTests: XCTestCase {
    override func setUpWithError() throws {
        try TUISession.requirePrerequisites()
    }

    /// Selects `count` characters to the right of the cursor.
    private func selectRight(_ t: TUISession, _ count: Int) throws {
        for _ in 0..<count { try t.keys("S-Right") }
    }

    /// Moves the cursor right by `count` characters.
    private func right(_ t: TUISession, _ count: Int) throws {
        for _ in 0..<count { try t.keys("Right") }
    }

    func testClozeFromTwoSelectionsBuildsOneNoteAndItIsReviewedWithItsSiblingBuried() throws {
        let t = try TUISession.seeded()
        try t.openFirstSnippet()
        // "One mutable or many shared references." is line 3; select "mutable" and make it a gap.
        try t.keys("C-Home", "Down", "Down")
        try right(t, 4)
        try selectRight(t, 7)
        try t.keys("M-c")
        try t.waitFor(text: "Cloze c1 added from “Borrowing rules” (1 card in the note, deck Ownership)")
        // A second selection in the same passage adds c2 to the same note.
        try t.keys("C-Home", "Down", "Down")
        try right(t, 20)
        try selectRight(t, 6)
        try t.keys("M-c")
        try t.waitFor(text: "Cloze c2 added from “Borrowing rules” (2 cards in the note, deck Ownership)")

        let cards = try t.cli(["card", "list", "--json"]).array()
        XCTAssertEqual(Set(cards.compactMap { $0["question"] as? String }),
                       ["# Borrowing\n\nOne [...] or many shared references.", "# Borrowing\n\nOne mutable or many [...] references."],
                       "the note is the passage (heading and paragraph) with one gap per card")
        XCTAssertEqual(Set(cards.compactMap { $0["deck"] as? String }), ["Ownership"])
        XCTAssertEqual(cards.filter { ($0["source_snippet"] as? String)?.isEmpty == false }.count, 2, "\(cards)")

        // Review: the two gaps are siblings, so only one is shown today.
        try t.keys("F4")
        try t.waitFor(text: "One [...] or many shared references.")
        try t.waitFor(text: "1 left · 0 done")
        try t.keys("Space")
        try t.waitFor(text: "One [mutable] or many shared references.")
        try t.keys("4")
        try t.waitFor(text: "Session done: 1 answer on 1 card")
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
        // (asked a moment later: the CLI's clock is whole seconds, the app's grade time is not)
        let later = ISO8601DateFormatter().string(from: Date().addingTimeInterval(2))
        XCTAssertEqual(try t.cli(["due", "--json", "--at", later]).array().count, 0, "the sibling gap is buried until tomorrow")

        // The cards keep their link to the passage: changing it flags them.
        let snippet = try XCTUnwrap(cards.first?["source_snippet"] as? String)
        XCTAssertEqual(try t.cli(["card", "list", "--changed", "--json"]).array().count, 0)
        XCTAssertEqual(try t.cli(["edit", snippet, "--body", "# Borrowing\n\nOne mutable or many shared borrows."]).status, 0)
        XCTAssertEqual(try t.cli(["card", "list", "--changed", "--json"]).array().count, 2)
    }

    func testBasicCardFromASelectionAsksForTheQuestion() throws {
        let t = try TUISession.seeded()
        try t.openFirstSnippet()
        try t.keys("C-Home", "Down", "Down")
        try selectRight(t, 3)
        try t.keys("M-b")
        try t.waitFor(text: "Card — question for “One”")
        try t.type("How many mutable references at once?")
        try t.keys("Enter")
        try t.waitFor(text: "Card added from “Borrowing rules” (deck Ownership)")
        let cards = try t.cli(["card", "list", "--json"]).array()
        XCTAssertEqual(cards.count, 1)
        XCTAssertEqual(cards.first?["question"] as? String, "How many mutable references at once?")
        XCTAssertEqual(cards.first?["answer"] as? String, "One")
        // Nothing selected: a clear message, nothing stored.
        try t.keys("Right", "M-c")
        try t.waitFor(text: "Select the text first")
        XCTAssertEqual(try t.cli(["card", "list", "--json"]).array().count, 1)
    }
}

/// The Review pane's statistics and the due count's timer, in the real binary.
final class TUIReviewStatsTests: XCTestCase {
    override func setUpWithError() throws {
        try TUISession.requirePrerequisites()
    }

    func testStatisticsShowWhenNothingIsDueAndTheDueCountRefreshesWhenTheNextCardFallsDue() throws {
        let t = try TUISession()
        XCTAssertEqual(try t.cli(["card", "add", "--front", "Capital of France?", "--back", "Paris"]).status, 0)
        XCTAssertEqual(try t.cli(["deck", "set", "Default", "--fuzz", "off"]).status, 0)
        // A second card that only becomes due a few seconds after the app starts: only the timer can show it.
        let soon = Date().addingTimeInterval(12)
        let f = ISO8601DateFormatter()
        XCTAssertEqual(try t.cli(["card", "add", "--front", "Largest planet?", "--back", "Jupiter", "--at", f.string(from: soon)]).status, 0)
        try t.start()
        try t.waitFor("one card due") { $0.split(separator: "\n").last?.contains("due 1") == true }
        try t.keys("F4")
        try t.waitFor(text: "Capital of France?")
        try t.keys("Space")
        try t.waitFor(text: "4 Easy")
        try t.keys("4")
        // Nothing left: the summary, then the statistics.
        let screen = try t.waitFor("the statistics under the session summary") {
            $0.contains("Session done: 1 answer on 1 card") && $0.contains("Due today 0 · tomorrow 0 · streak 1 day")
                && $0.contains("Last 90 days: 1 reviews") && $0.contains("Default")
        }
        XCTAssertTrue(screen.contains("Next 30 days: 1 due"), screen)
        try t.waitFor("nothing due after the answer") { $0.split(separator: "\n").last?.contains("due 0") == true }
        // The second card falls due while the app sits open: a timer set to its due time updates the count, no key.
        try t.waitFor("the timer's refreshed due count", timeout: 30) { $0.split(separator: "\n").last?.contains("due 1") == true }
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
    }

    func testAnInvalidRefreshIntervalIsRefusedWithWhatToSet() throws {
        let t = try TUISession()
        try t.start(env: ["RECALL_DUE_REFRESH_MS": "fast"])
        try t.waitFor(text: "RECALL_DUE_REFRESH_MS must be the due-count refresh interval in whole milliseconds")
        try t.waitFor(text: "EXIT=1")
    }
}

/// "Generate cards from this snippet" in the real binary against the loopback Ollama test server.
final class TUIGenerateCardsTests: XCTestCase {
    override func setUpWithError() throws {
        try TUISession.requirePrerequisites()
    }

    static let proposals = """
        {"cards":[
          {"kind":"basic","front":"What does the borrow checker allow?","back":"One mutable or many shared references"},
          {"kind":"basic","front":"Is this card worth keeping?","back":"No"},
          {"kind":"basic","front":"Can two mutable references coexist?","back":"No, only one at a time"}
        ]}
        """

    /// The seeded app against `server`, "Borrowing rules" open, "Generate cards from this snippet" run.
    private func generateCards(from server: ReviewFakeModelServer) throws -> TUISession {
        let t = try TUISession.seeded()
        try t.start(env: ["RECALL_PROVIDER": "ollama", "RECALL_BASE_URL": server.baseURL, "RECALL_CHAT_MODEL": "fake"])
        try t.waitFor(text: "▸ Ownership")
        try t.keys("j", "l", "j", "Enter")
        try t.waitFor(text: "│ Borrowing rules")
        try t.palette("Generate cards", entry: "Generate cards from this snippet")
        return t
    }

    func testAcceptTwoOfThreeProposalsOneEditedAndDropOne() throws {
        let server = try ReviewFakeModelServer(content: Self.proposals)
        defer { server.stop() }
        let t = try generateCards(from: server)
        try t.waitFor(text: "1/3 · kept 0")
        try t.waitFor(text: "Q: What does the borrow checker allow?")
        // Edit the first: the question, then the answer; then keep it.
        try t.keys("e")
        try t.waitFor(text: "Question: What does the borrow checker allow?")
        try t.type(" (Rust)")
        try t.keys("Enter")
        try t.waitFor(text: "Answer: One mutable or many shared references")
        try t.keys("Enter")
        try t.waitFor(text: "Q: What does the borrow checker allow? (Rust)")
        try t.keys("y")
        try t.waitFor(text: "2/3 · kept 1")
        try t.keys("n")
        try t.waitFor(text: "3/3 · kept 1")
        try t.keys("Enter")
        try t.waitFor(text: "Kept 2 of 3 proposed cards")
        let cards = try t.waitForCLI(["card", "list", "--json"]) { $0.contains("coexist") && $0.contains("(Rust)") }
        XCTAssertFalse(cards.contains("worth keeping"), "the dropped proposal is not stored: \(cards)")
        let list = try t.cli(["card", "list", "--json"]).array()
        XCTAssertEqual(list.count, 2)
        XCTAssertTrue(list.allSatisfy { ($0["source_snippet"] as? String)?.isEmpty == false && $0["deck"] as? String == "Ownership" }, "\(list)")
        // The generation was a job: the jobs view lists it as finished with what it proposed.
        try t.keys("F7")
        try t.waitFor(text: "3 proposals")
        try t.keys("Escape")  // alone: Escape and the next key in one read would be Alt plus that key
        try t.waitFor("the jobs view closed") { !$0.contains("3 proposals") }
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
        XCTAssertTrue(server.requests.contains { $0.contains("<note") && $0.contains("One mutable or many shared references.") },
                      "the model was sent the snippet as quoted note data")
    }

    func testAnAnswerThatIsNotCardsSaysWhatHappenedAndStoresNothing() throws {
        let server = try ReviewFakeModelServer(content: "Sure! Here are some cards: Q1 A1")
        defer { server.stop() }
        let t = try generateCards(from: server)
        try t.waitFor(text: "Card generation for “Borrowing rules” failed")
        XCTAssertEqual(try t.cli(["card", "list", "--json"]).array().count, 0)
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
    }
}
