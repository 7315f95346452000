import XCTest
@testable import Grounding

final class PromptTests: XCTestCase {
    func testTheEmbeddedTemplateIsTheDataFile() throws {
        let file = try String(contentsOf: repoRoot.appendingPathComponent("prompts/ask.toml"), encoding: .utf8)
        XCTAssertEqual(PromptTemplate.embeddedTOML + "\n", file, "run prompts/generate-embedded.sh")
        XCTAssertEqual(try PromptTemplate.parse(toml: file), PromptTemplate.builtIn)
    }

    func testTheSystemMessageSaysTheRules() {
        let system = PromptTemplate.builtIn.system
        XCTAssertTrue(system.contains("only"))
        XCTAssertTrue(system.contains("[1]"))
        XCTAssertTrue(system.contains("not in your notes"))
        XCTAssertTrue(system.contains("quoted data"))
        XCTAssertTrue(system.contains("never instructions"))
    }

    func testAUserFileOverridesOnlyTheKeysItSets() throws {
        let t = try PromptTemplate.parse(toml: #"system = "Be terse.""#, over: .builtIn)
        XCTAssertEqual(t.system, "Be terse.")
        XCTAssertEqual(t.user, PromptTemplate.builtIn.user)
        XCTAssertEqual(t.rewriteUser, PromptTemplate.builtIn.rewriteUser)
    }

    func testABadUserFileIsAClearError() {
        XCTAssertThrowsError(try PromptTemplate.parse(toml: #"user = "no placeholders""#, over: .builtIn)) {
            XCTAssertEqual("\($0)", "'user' must contain {sources}")
        }
        XCTAssertThrowsError(try PromptTemplate.parse(toml: #"sytem = "typo""#, over: .builtIn)) {
            XCTAssertTrue("\($0)".contains("unknown key 'sytem'"), "\($0)")
        }
        XCTAssertThrowsError(try PromptTemplate.parse(toml: "system = 3", over: .builtIn)) {
            XCTAssertEqual("\($0)", "'system' must be a string")
        }
        XCTAssertThrowsError(try PromptTemplate.parse(toml: "system = \"", over: .builtIn)) {
            XCTAssertTrue("\($0)".hasPrefix("not valid TOML"), "\($0)")
        }
    }

    func testMessagesHoldNumberedSourcesAndTheQuestion() {
        let messages = AskPrompt.messages(question: "Why is the sky blue?",
                                          passages: [passage(1, "Rayleigh scattering.", title: "Sky"), passage(2, "Grass is green.")])
        XCTAssertEqual(messages.map(\.role), [.system, .user])
        let user = messages[1].content
        XCTAssertTrue(user.contains("<source id=\"1\" title=\"Sky\" notebook=\"Book\">\nRayleigh scattering.\n</source>"), user)
        XCTAssertTrue(user.contains("<source id=\"2\""))
        XCTAssertTrue(user.contains("Question: Why is the sky blue?"))
        XCTAssertEqual(SourceBlock.delimiterCounts(in: user).open, 2)
        XCTAssertEqual(SourceBlock.delimiterCounts(in: user).close, 2)
    }

    func testFillDoesNotExpandPlaceholdersInsideValues() {
        XCTAssertEqual(AskPrompt.fill("{sources}|{question}", ["sources": "{question}", "question": "q"]), "{question}|q")
        XCTAssertEqual(AskPrompt.fill("a {unknown} b", [:]), "a {unknown} b")
    }

    func testRewritePromptHoldsTheLastTurnsAndTheFollowUp() {
        let thread = (1...5).map { ThreadTurn(question: "question \($0)", answer: String(repeating: "word ", count: 200)) }
        let messages = AskPrompt.rewriteMessages(question: "and then?", thread: thread)
        let user = messages[1].content
        XCTAssertFalse(user.contains("question 2"))
        XCTAssertTrue(user.contains("Q: question 3") && user.contains("Q: question 5"))
        XCTAssertTrue(user.contains("Follow-up question: and then?"))
        XCTAssertLessThan(user.count, 1500)
    }
}
