import ArgumentParser
import Foundation
import Notebook
import RecallKit

extension Recall {
    /// The entry point: parses and runs a command, then prints any error through the terminal sanitizer (an id
    /// or file name the user typed is echoed in messages, so it must not reach the terminal raw). Before any
    /// command runs, temporary editor files left by a killed `recall edit` are removed. Global options may come
    /// before the subcommand (`recall --db notes.db search x`): they are moved after it before parsing.
    static func main() async {
        StartupTrace.mark(.main)
        ExternalEditor.removeStaleFiles()
        do {
            var command = try parseAsRoot(GlobalOptions.hoisted(Array(CommandLine.arguments.dropFirst()), root: Recall.self))
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            let text = fullMessage(for: error)
            if !text.isEmpty {
                if code == .success { Output.out(text + "\n") } else { Output.err(text + "\n") }
            }
            Foundation.exit(code.rawValue)
        }
    }
}
