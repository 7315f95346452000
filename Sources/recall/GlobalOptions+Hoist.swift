import ArgumentParser

extension GlobalOptions {
    /// The arguments with `--db PATH`, `--db=PATH` and `--json` moved from before the subcommand path to after it,
    /// so `recall --db notes.db search x` parses like `recall search x --db notes.db` (the git/cargo habit).
    ///
    /// Only global options met while walking the subcommand names are moved, and only when at least one subcommand
    /// name follows them; anything else (`--help`, `--version`, a bare `recall --db x` for the app) is left alone.
    /// They go at the end, before a `--` terminator, where the leaf command reads them as its own options.
    static func hoisted(_ arguments: [String], root: ParsableCommand.Type) -> [String] {
        var command = root
        var path: [String] = []
        var globals: [String] = []
        var i = 0
        walk: while i < arguments.count {
            let token = arguments[i]
            switch token {
            case "--json":
                globals.append(token)
            case "--db" where i + 1 < arguments.count:
                globals += [token, arguments[i + 1]]
                i += 1
            case _ where token.hasPrefix("--db="):
                globals.append(token)
            default:
                guard let sub = subcommand(named: token, of: command) else { break walk }
                path.append(token)
                command = sub
            }
            i += 1
        }
        guard !path.isEmpty, !globals.isEmpty else { return arguments }
        var rest = Array(arguments[i...])
        let end = rest.firstIndex(of: "--") ?? rest.endIndex
        rest.insert(contentsOf: globals, at: end)
        return path + rest
    }

    /// The subcommand of `command` called `name` (or one of its aliases), if any.
    private static func subcommand(named name: String, of command: ParsableCommand.Type) -> ParsableCommand.Type? {
        command.configuration.subcommands.first { sub in
            sub.configuration.commandName == name || sub.configuration.aliases.contains(name)
        }
    }
}
