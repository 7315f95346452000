import Foundation
import TestSupport
import XCTest

/// README's "The two commands" names the packages `scripts/setup` installs; the list must be the script's own.
final class ReadmeSetupClaimsTests: XCTestCase {
    func testTheReadmeListsExactlyThePackagesScriptsSetupInstalls() throws {
        let root = RecallCLI.repositoryRoot
        let setup = try String(contentsOf: root.appendingPathComponent("scripts/setup"), encoding: .utf8)
        let pkgsLine = try XCTUnwrap(setup.split(separator: "\n").first { $0.hasPrefix("pkgs=(") }, "scripts/setup has a pkgs=(…) line")
        let installed = Set(pkgsLine.dropFirst("pkgs=(".count).prefix { $0 != ")" }.split(separator: " ").map(String.init))
        XCTAssertGreaterThan(installed.count, 3, "\(pkgsLine)")
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8).components(separatedBy: "\n")
        var claimLine = 0
        var text = ""
        for (i, line) in readme.enumerated() where line.contains("The packages installed are") {
            claimLine = i + 1
            text = readme[i...].prefix(2).joined(separator: " ")
        }
        XCTAssertGreaterThan(claimLine, 0, "README.md says which packages scripts/setup installs")
        let listed = text.components(separatedBy: "The packages installed are").last?
            .split(separator: "`", omittingEmptySubsequences: false).dropFirst().first.map { Set($0.split(separator: " ").map(String.init)) } ?? []
        XCTAssertEqual(listed, installed, "README.md:\(claimLine) lists other packages than scripts/setup's pkgs: "
                       + "missing \(installed.subtracting(listed).sorted()), extra \(listed.subtracting(installed).sorted())")
    }
}
