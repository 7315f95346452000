import ArgumentParser
import Foundation
import RecallKit
import Store

/// `recall tui` (and `recall` with no command): the full-screen app.
struct TUICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "Open the full-screen app (the default when no command is given).",
        discussion: """
        Themes and keymaps are TOML files: built-in copies, then `themes/` and `keymaps/` from $RECALL_HOME or the \
        install/checkout directory, then $XDG_CONFIG_HOME/recall/ (themes/, keymaps/, keymap.toml overrides). \
        Choose with RECALL_THEME / RECALL_KEYMAP or [tui] theme/keymap in config.toml. NO_COLOR is honoured. \
        RECALL_AUTOSAVE_MS sets the pause after the last keystroke before an autosave (default 800); \
        RECALL_DUE_REFRESH_MS caps the wait before the status line's due count is refreshed (by default it is refreshed when the next card falls due and at midnight).
        """
    )
    @OptionGroup var global: GlobalOptions

    /// Runs on the main actor, so the main thread owns ncurses and blocks in poll() (a plain sync `run` under the
    /// async root command would block a thread of Swift's cooperative pool for the whole session instead).
    @MainActor
    func run() async throws {
        let env = ProcessInfo.processInfo.environment
        // Check the terminal before touching the database, so a script gets a clear error fast.
        do { try TerminalScreenCheck.check(env) } catch { throw CLIError("\(error)") }
        let autosaveMs = try Self.autosaveDelay(env)
        let dueRefreshMs = try Self.dueRefreshInterval(env)
        let db = try global.openDatabase()
        StartupTrace.mark(.databaseOpen)
        // A first run (a database that has never held a project) starts with the bundled sample notebooks.
        if env["RECALL_NO_SAMPLES"] == nil { _ = try? Bootstrap.importSamplesIfEmpty(db) }
        // The first start of each day snapshots the database into backups/daily/ (a failure never stops the app).
        if let settings = try? BackupSettings.load(environment: env) { _ = try? Backups.dailyIfDue(db, settings: settings) }
        let resources: Resources
        do { resources = try Resources.load(environment: env, executable: CommandLine.arguments.first.map(Self.executablePath) ?? "") } catch {
            throw CLIError("\(error)")
        }
        StartupTrace.mark(.resources)
        try AppRunner(db: db, resources: resources, environment: env, autosaveMs: autosaveMs, dueRefreshMs: dueRefreshMs).run()
    }

    /// `RECALL_AUTOSAVE_MS`: the autosave pause in milliseconds (1 ms to 24 h), or nil for the default.
    static func autosaveDelay(_ env: [String: String]) throws -> Int? {
        guard let text = env["RECALL_AUTOSAVE_MS"], !text.isEmpty else { return nil }
        guard let ms = Int(text), (1...86_400_000).contains(ms) else {
            throw CLIError("RECALL_AUTOSAVE_MS must be the pause before an autosave in whole milliseconds, from 1 to 86400000 (unset it for the default 800)")
        }
        return ms
    }

    /// `RECALL_DUE_REFRESH_MS`: how often the due count is refreshed, in milliseconds (100 ms to 24 h), or nil for the default.
    static func dueRefreshInterval(_ env: [String: String]) throws -> Int? {
        guard let text = env["RECALL_DUE_REFRESH_MS"], !text.isEmpty else { return nil }
        guard let ms = Int(text), (100...86_400_000).contains(ms) else {
            throw CLIError("RECALL_DUE_REFRESH_MS must be the due-count refresh interval in whole milliseconds, from 100 to 86400000 (unset it to refresh only when a card falls due)")
        }
        return ms
    }

    /// The running executable's absolute path.
    static func executablePath(_ arg0: String) -> String {
        if let p = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return p }
        return arg0
    }
}
