import Execution
import Foundation
import XCTest

/// README (`recall run`): "Languages: python, bash, sh (and node, swift, ruby, perl when on `PATH`), from
/// `runners/runners.toml`".
extension RunnerTableTests {
    func testTheBuiltInTableHasEveryLanguageTheReadmeNames() {
        for language in ["python", "bash", "sh", "node", "swift", "ruby", "perl"] {
            XCTAssertEqual(RunnerTable.builtIn.spec(for: language)?.language, language, "runners/runners.toml has no [\(language)]")
        }
    }
}
