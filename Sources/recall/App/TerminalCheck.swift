import Foundation
import Terminal

/// The environment check the `tui` command runs before opening the database.
enum TerminalScreenCheck {
    static func check(_ env: [String: String]) throws { try TerminalScreen.checkEnvironment(env) }
}
