import AppCore
import Foundation
import Glibc
import Terminal

/// Notices writes to the database file made by another process (`recall edit`, a second app) without polling: an
/// inotify watch on the database's folder wakes a background thread when the database or its WAL changes; after a
/// short quiet period it posts `.databaseChanged` (the app then re-checks the open snippet and reloads the tree).
/// Writes the app itself made in the last second are not reported (`ownWrite()`), so an autosave does not wake it.
final class DatabaseWatcher: @unchecked Sendable {
    private let fd: Int32
    private let names: Set<String>
    private let mailbox: Mailbox<AppMessage>
    private let lock = NSLock()
    private var lastOwnWrite = DispatchTime(uptimeNanoseconds: 0)
    private var stopped = false

    /// Starts watching `path`'s folder; nil when inotify is unavailable (then changes are noticed on save only).
    init?(path: String, mailbox: Mailbox<AppMessage>) {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let dir = url.deletingLastPathComponent().path
        let base = url.lastPathComponent
        let fd = inotify_init1(Int32(IN_CLOEXEC))
        guard fd >= 0 else { return nil }
        guard inotify_add_watch(fd, dir, UInt32(IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_TO)) >= 0 else { close(fd); return nil }
        self.fd = fd
        names = [base, base + "-wal", base + "-journal"]
        self.mailbox = mailbox
        let thread = Thread { [self] in loop() }
        thread.name = "recall.db-watch"
        thread.start()
    }

    /// The app just wrote: events in the next second are its own.
    func ownWrite() {
        lock.lock()
        lastOwnWrite = DispatchTime.now()
        lock.unlock()
    }

    /// Stops the thread (it wakes on the next event or at close).
    func stop() {
        lock.lock()
        stopped = true
        lock.unlock()
        close(fd)
    }

    private func loop() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let quietNs: UInt64 = 300_000_000
        var lastRelevant: UInt64?  // when the database or its WAL last changed (other files in the folder don't count)
        while true {
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            // Block until an event; once the database changed, wake when it has been quiet for 300 ms.
            var timeout: Int32 = -1
            if let last = lastRelevant {
                let elapsed = DispatchTime.now().uptimeNanoseconds &- last
                timeout = elapsed >= quietNs ? 0 : Int32((quietNs - elapsed) / 1_000_000 + 1)
            }
            let ready = poll(&p, 1, timeout)
            let (stop, own) = lock.withLock { (stopped, DispatchTime.now().uptimeNanoseconds &- lastOwnWrite.uptimeNanoseconds < 1_000_000_000) }
            if stop { return }
            if ready < 0 && errno != EINTR { return }
            if ready > 0 {
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n <= 0 { return }
                var offset = 0
                while offset + MemoryLayout<inotify_event>.size <= n {
                    let (len, name) = buffer.withUnsafeBytes { raw -> (Int, String) in
                        let ev = raw.load(fromByteOffset: offset, as: inotify_event.self)
                        let start = offset + MemoryLayout<inotify_event>.size
                        let bytes = raw[start..<min(n, start + Int(ev.len))].prefix { $0 != 0 }
                        return (Int(ev.len), String(decoding: bytes, as: UTF8.self))
                    }
                    if names.contains(name) { lastRelevant = DispatchTime.now().uptimeNanoseconds }
                    offset += MemoryLayout<inotify_event>.size + len
                }
            }
            if let last = lastRelevant, DispatchTime.now().uptimeNanoseconds &- last >= quietNs {
                lastRelevant = nil
                if !own { mailbox.post(.databaseChanged) }
            }
        }
    }
}
