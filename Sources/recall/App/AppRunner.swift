import AppCore
import CNcursesw
import Foundation
import RecallKit
import Store
import TUI
import Terminal

/// Runs the full-screen app: the main thread owns ncurses and waits in `poll()` on stdin, the mailbox
/// eventfd and the signal pipe; every wake-up applies messages through the pure `App.update` and draws
/// one frame through the pure `Render.render`, written as a diff.
final class AppRunner {
    private let db: AppDatabase
    private var resources: Resources
    private let environment: [String: String]
    private var timers: [TimerID: UInt64] = [:]
    private var screen: TerminalScreen!
    private var mailbox: Mailbox<AppMessage>!
    private var store: StoreQueue!
    private var storeEffects: StoreEffects!
    private var reviewEffects: ReviewEffects!
    private var cardsEffects: CardsEffects!
    private var packEffects: PackEffects!
    private var searchEffects: SearchEffects!
    private var askEffects: AskEffects!
    private var indexing: IndexEffects!
    private var jobs: JobCenter!
    private var runs: RunEffects!
    private var assistEffects: AssistEffects!
    private var storeWatcher: DatabaseWatcher?
    private var theme: Theme
    private var themeName: String
    private var needsFullRedraw = false
    /// The first frame with the outline was marked for `recall bench startup` (StartupTrace).
    private var startupTraced = false
    /// Background embedding was started (after the first outline, see `run`).
    private var indexingKicked = false

    /// The autosave pause from `RECALL_AUTOSAVE_MS`, replacing the app's default when set.
    private let autosaveMs: Int?

    /// The longest wait before the due count is refreshed, from `RECALL_DUE_REFRESH_MS` (nil: only when a card falls due).
    private let dueRefreshMs: Int?

    init(db: AppDatabase, resources: Resources, environment: [String: String], autosaveMs: Int? = nil, dueRefreshMs: Int? = nil) {
        self.db = db
        self.autosaveMs = autosaveMs
        self.dueRefreshMs = dueRefreshMs
        self.resources = resources
        self.environment = environment
        themeName = resources.themeName
        theme = resources.theme(named: resources.themeName)
    }

    /// Runs until the user quits; the terminal is restored on every way out.
    func run() throws {
        try TerminalScreen.checkEnvironment(environment)
        mailbox = try Mailbox<AppMessage>()
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        screen = try TerminalScreen(noColor: noColor)
        defer { screen.end() }
        // After curses starts, so these handlers replace any ncurses installed (its SIGTSTP handler would stop
        // the process without going through our suspend path).
        let signals = try SignalWatcher()
        defer { signals.uninstall() }
        theme = theme.adapted(to: screen.depth)
        store = StoreQueue(db: db, mailbox: mailbox)
        storeEffects = StoreEffects(store: store)
        reviewEffects = ReviewEffects(store: store)
        packEffects = PackEffects(store: store, environment: environment)
        let planner = RetrievalPlanner(db: db, environment: environment)
        planner.prepareIndex()  // mapped from the index file in the background: the first search does not wait for it
        let queryLog = try? QueryLog.open(databasePath: db.path, origin: .app, profile: try? LLMConfigLoader.load(environment: environment),
                                          environment: environment)
        searchEffects = SearchEffects(mailbox: mailbox, planner: planner, queryLog: queryLog)
        askEffects = AskEffects(db: db, mailbox: mailbox, environment: environment, planner: planner)
        jobs = JobCenter(mailbox: mailbox)
        cardsEffects = CardsEffects(store: store, environment: environment, jobs: jobs)
        indexing = IndexEffects(db: db, environment: environment, mailbox: mailbox, planner: planner, jobs: jobs)
        runs = RunEffects(db: db, mailbox: mailbox, jobs: jobs, environment: environment)
        assistEffects = AssistEffects(db: db, store: store, environment: environment, jobs: jobs)
        defer { jobs.cancelAll(); indexing.cancel(); askEffects.cancelAll(); runs.cancelAll(); assistEffects.cancelAll() }
        let waiter = EventWaiter(mailbox: mailbox, signals: signals)

        let size = screen.size
        var state = AppState(width: size.width, height: size.height, keymap: resources.keymap,
                             database: (db.path as NSString).lastPathComponent)
        perform(App.start(&state), &state)
        ModelStatusProbe.start(environment: environment, chatModel: (try? db.setting(ModelEffects.chatModelKey)) ?? nil, mailbox: mailbox)
        // Embedding starts once the outline is on screen: its first look at the store (counting pending chunks) would
        // otherwise compete with the first full frame for the CPU (`recall bench startup`).
        let watcher = DatabaseWatcher(path: db.path, mailbox: mailbox)
        defer { watcher?.stop() }
        storeWatcher = watcher
        if let w = resources.warnings.first { perform(App.update(&state, .failure(w), now: Date()), &state) }
        draw(state)
        StartupTrace.mark(.firstFrame)

        while !state.quitting {
            let wakes = waiter.wait(timeoutMs: nextTimeout())
            for wake in wakes {
                switch wake {
                case .input(let events):
                    for e in events {
                        let msg: AppMessage
                        switch e {
                        case .key(let k): msg = .key(k)
                        case .paste(let text): msg = .paste(text)
                        }
                        perform(App.update(&state, msg, now: Date()), &state)
                    }
                case .messages(let ms):
                    for m in ms {
                        // A saved snippet has new chunks to embed (vector search finds them soon after).
                        if case .saved = m { indexing.kick() }
                        if case .outlineLoaded = m, !startupTraced {
                            StartupTrace.mark(.outlineLoaded)
                            if !indexingKicked { indexingKicked = true; indexing.kick() }
                        }
                        // Background embedding and saved answers are the app's own writes, not another process's.
                        switch m {
                        case .indexStatus, .ask(_, .finished), .ask(_, .stopped), .run(_, .finished): storeWatcher?.ownWrite()
                        default: break
                        }
                        perform(App.update(&state, m, now: Date()), &state)
                    }
                case .signals(let sigs):
                    handle(signals: sigs, &state)
                case .timeout:
                    fireTimers(&state)
                case .hangup:
                    // The terminal went away: save and leave (running jobs are cancelled, not asked about).
                    perform(App.quitNow(&state), &state)
                }
            }
            if !state.quitting { draw(state) }
            if !startupTraced && !state.navigator.outline.projects.isEmpty {
                startupTraced = true
                StartupTrace.mark(.fullFrame)
            }
        }
        // Let queued saves finish, then make sure nothing unsaved is lost.
        store.finish()
        for m in mailbox.drain() {
            switch m {
            case .saved, .saveFailed, .saveConflict: _ = App.update(&state, m, now: Date())
            default: break
            }
        }
        let failedSaves = state.failedSaves
        if !failedSaves.isEmpty, let e = state.editor {
            screen.end()
            let path = recoveryPath(for: e.doc.id)
            try? e.text.write(toFile: path, atomically: true, encoding: .utf8)
            throw CLIError("could not save “\(e.doc.title)” (\(failedSaves.values.first ?? "")) — your text was written to \(path); bring it back with `recall edit` or copy it in")
        }
    }

    private func recoveryPath(for id: String) -> String {
        let dir = (db.path as NSString).deletingLastPathComponent
        return (dir.isEmpty ? "." : dir) + "/recall-recovered-\(id.prefix(8)).txt"
    }

    private func draw(_ state: AppState) {
        if needsFullRedraw {
            screen.invalidate()
            needsFullRedraw = false
        }
        screen.draw(Render.render(state, theme: theme))
    }

    private func handle(signals sigs: [Int32], _ state: inout AppState) {
        var resized = false
        for sig in sigs {
            switch sig {
            case SIGWINCH: resized = true
            case SIGINT, SIGTERM, SIGHUP, SIGQUIT: perform(App.quitNow(&state), &state)
            case SIGTSTP: suspend(&state)
            case SIGCONT:
                screen.resume()
                resized = true
            default: break
            }
        }
        if resized {
            // A burst of SIGWINCH is handled once, with the size the tty has now.
            let s = screen.updateSize()
            needsFullRedraw = true
            perform(App.update(&state, .resize(width: s.width, height: s.height), now: Date()), &state)
        }
    }

    private func suspend(_ state: inout AppState) {
        screen.pause()
        SignalWatcher.stopSelf()
        screen.resume()
        let s = screen.updateSize()
        perform(App.update(&state, .resize(width: s.width, height: s.height), now: Date()), &state)
    }

    private func nextTimeout() -> Int32 {
        guard let next = timers.values.min() else { return -1 }
        let now = DispatchTime.now().uptimeNanoseconds
        if next <= now { return 0 }
        return Int32(min(UInt64(Int32.max), (next - now + 999_999) / 1_000_000))
    }

    private func fireTimers(_ state: inout AppState) {
        let now = DispatchTime.now().uptimeNanoseconds
        for (id, deadline) in timers where deadline <= now {
            timers[id] = nil
            perform(App.update(&state, .timer(id), now: Date()), &state)
        }
    }

    /// Performs effects: each group by its interpreter (a total switch: an effect nobody performs does not compile).
    private func perform(_ fx: [AppEffect], _ state: inout AppState) {
        for e in fx {
            switch e {
            case .store(let x):
                if x.writes { storeWatcher?.ownWrite() }
                storeEffects.perform(x)
            case .search(let x): searchEffects.perform(x)
            case .review(let x): reviewEffects.perform(x)
            case .model(let x): ModelEffects.perform(x, db: db, environment: environment, mailbox: mailbox)
            case .ask(let x): askEffects.perform(x)
            case .cards(let x):
                storeWatcher?.ownWrite()
                cardsEffects.perform(x)
            case .ui(let x): perform(x, &state)
            case .jobs(let x): jobs.perform(x)
            case .packs(let x):
                if case .importPack = x { storeWatcher?.ownWrite() }
                packEffects.perform(x)
            case .run(let x): runs.perform(x)
            case .assist(let x):
                if case .create = x { storeWatcher?.ownWrite() }
                assistEffects.perform(x)
            }
        }
    }

    /// The loop's own effects: timers, clipboard, theme, suspend, `$EDITOR`, quit.
    private func perform(_ e: UIEffect, _ state: inout AppState) {
        switch e {
        case .startTimer(let id, let ms):
            let delay: Int
            switch id {
            case .autosave: delay = autosaveMs ?? ms
            case .dueRefresh: delay = min(ms, dueRefreshMs ?? ms)
            default: delay = ms
            }
            timers[id] = DispatchTime.now().uptimeNanoseconds + UInt64(delay) * 1_000_000
        case .cancelTimer(let id):
            timers[id] = nil
        case .copyToClipboard(let text):
            screen.copyToClipboard(text)
        case .openURL(let url):
            switch URLOpener.open(url, environment: environment, mailbox: mailbox) {
            case .launched(let program):
                perform(App.update(&state, .info("Opening \(url) with \(program)…"), now: Date()), &state)
            case .copied(let reason):
                screen.copyToClipboard(url)
                perform(App.update(&state, .info("\(reason) — copied \(url) to the clipboard (OSC 52)"), now: Date()), &state)
            }
        case .redraw:
            needsFullRedraw = true
        case .nextTheme:
            let names = resources.themeNames
            let i = names.firstIndex(of: themeName).map { ($0 + 1) % names.count } ?? 0
            themeName = names[i]
            theme = resources.theme(named: themeName).adapted(to: screen.depth)
            needsFullRedraw = true
            perform(App.update(&state, .info("Theme: \(themeName)"), now: Date()), &state)
        case .suspend:
            suspend(&state)
        case .quit:
            state.quitting = true
        case .externalEdit(let id, let text, let ext):
            let result = TUIExternalEdit.edit(text: text, fileExtension: ext, environment: environment, screen: screen)
            needsFullRedraw = true
            let s = screen.updateSize()
            perform(App.update(&state, .resize(width: s.width, height: s.height), now: Date()), &state)
            switch result {
            case .success(let newText):
                perform(App.update(&state, .externalEditFinished(snippetId: id, text: newText == text ? nil : newText), now: Date()), &state)
            case .failure(let message):
                perform(App.update(&state, .failure(message), now: Date()), &state)
            }
        }
    }
}
