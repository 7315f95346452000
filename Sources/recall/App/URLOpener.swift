import AppCore
import Foundation
import Terminal

/// Opens a web address for the app: `$BROWSER` (its first entry; `%s` stands for the address) or `xdg-open` when
/// there is a display (`DISPLAY` or `WAYLAND_DISPLAY`); without one, or when no program starts, the caller copies it.
enum URLOpener {
    /// What happened.
    enum Outcome: Equatable {
        /// A program was started with the address (it runs on its own; a failure is posted later).
        case launched(program: String)
        /// Nothing was started; the reason to show next to "copied".
        case copied(reason: String)
    }

    /// Starts the browser in its own process group with no terminal (stdin/stdout/stderr on /dev/null).
    static func open(_ url: String, environment: [String: String], mailbox: Mailbox<AppMessage>) -> Outcome {
        let hasDisplay = !(environment["DISPLAY"] ?? "").isEmpty || !(environment["WAYLAND_DISPLAY"] ?? "").isEmpty
        guard hasDisplay else { return .copied(reason: "No display") }
        let argv = command(for: url, browser: environment["BROWSER"])
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd: Int32 in [0, 1, 2] { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0) }
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        posix_spawnattr_setpgroup(&attr, 0)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attr, &empty)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK))
        var cargs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for a in cargs { free(a) } }
        let env = environment.map { "\($0.key)=\($0.value)" }
        var cenv: [UnsafeMutablePointer<CChar>?] = env.map { strdup($0) } + [nil]
        defer { for e in cenv { free(e) } }
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, argv[0], &actions, &attr, &cargs, &cenv)
        guard rc == 0 else { return .copied(reason: "Could not start \(argv[0]) (\(String(cString: strerror(rc))))") }
        let program = argv[0], child = pid
        Thread.detachNewThread {
            var status: Int32 = 0
            while waitpid(child, &status, 0) < 0 && errno == EINTR {}
            let exited = (status & 0x7f) == 0, code = (status >> 8) & 0xff
            if !exited || code != 0 {
                mailbox.post(.failure("\(program) could not open \(url) (exit status \(exited ? code : -1)) — set $BROWSER to your browser"))
            }
        }
        return .launched(program: program)
    }

    /// The command line: `$BROWSER`'s first entry (`a:b` lists several) with `%s` replaced or the address appended,
    /// else `xdg-open URL`.
    static func command(for url: String, browser: String?) -> [String] {
        if let first = browser?.split(separator: ":").first {
            let words = first.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            if !words.isEmpty {
                return words.contains { $0.contains("%s") } ? words.map { $0.replacingOccurrences(of: "%s", with: url) } : words + [url]
            }
        }
        return ["xdg-open", url]
    }
}
