// Test-only code: XCTest exists for test builds; the static release build that the man-page plugin makes
// (scripts/install) has no XCTest, and compiles this file to nothing.
#if canImport(XCTest)
import Foundation
import XCTest

extension RecallCLI {
    /// A started process whose stdout and stderr are collected on background threads as they arrive, so a
    /// test can wait for a line while it runs and no pipe ever fills up and blocks the child.
    public final class Running: @unchecked Sendable {
        /// The process.
        public let process = Process()
        /// Seconds `wait()` allows by default, counted from its call.
        public let deadline: TimeInterval
        private let lock = NSLock()
        private var out = Data(), err = Data()
        private var waiters: [(needle: String, signal: DispatchSemaphore)] = []
        private let exited = DispatchSemaphore(value: 0)
        private let readers = DispatchGroup()

        /// Starts `executable ARGS` with exactly `environment`, feeding `stdin` (then closing it).
        public init(_ executable: URL, _ args: [String], environment: [String: String], stdin: Data? = nil, cwd: URL? = nil,
                    deadline: TimeInterval) throws {
            self.deadline = deadline
            process.executableURL = executable
            process.arguments = args
            process.environment = environment
            if let cwd { process.currentDirectoryURL = cwd }
            let o = Pipe(), e = Pipe(), i = Pipe()
            process.standardOutput = o
            process.standardError = e
            process.standardInput = i
            process.terminationHandler = { [exited] _ in exited.signal() }
            try process.run()
            for (pipe, isOut) in [(o, true), (e, false)] {
                readers.enter()
                Thread.detachNewThread { [self] in
                    while true {
                        let chunk = pipe.fileHandleForReading.availableData
                        if chunk.isEmpty { break }
                        append(chunk, toStdout: isOut)
                    }
                    readers.leave()
                }
            }
            if let stdin { i.fileHandleForWriting.write(stdin) }
            try? i.fileHandleForWriting.close()
        }

        private func append(_ chunk: Data, toStdout: Bool) {
            lock.lock(); defer { lock.unlock() }
            if toStdout { out.append(chunk) } else { err.append(chunk); return }
            guard !waiters.isEmpty else { return }
            let text = String(decoding: out, as: UTF8.self)
            waiters.removeAll { w in
                if text.contains(w.needle) { w.signal.signal(); return true }
                return false
            }
        }

        /// The process id.
        public var pid: Int32 { process.processIdentifier }

        /// Blocks until stdout contains `needle` (true) or `deadline` seconds pass (false).
        public func waitForOutput(containing needle: String, deadline: TimeInterval) -> Bool {
            let sem = DispatchSemaphore(value: 0)
            lock.lock()
            if String(decoding: out, as: UTF8.self).contains(needle) { lock.unlock(); return true }
            waiters.append((needle, sem))
            lock.unlock()
            return sem.wait(timeout: .now() + deadline) == .success
        }

        /// Sends a signal to the process.
        public func signal(_ sig: Int32) { kill(process.processIdentifier, sig) }

        /// Waits for the exit and the end of its output. Past the deadline the process is killed and the test fails.
        public func wait(deadline: TimeInterval? = nil, file: StaticString = #filePath, line: UInt = #line) -> Result {
            var timedOut = false
            if exited.wait(timeout: .now() + (deadline ?? self.deadline)) == .timedOut {
                timedOut = true
                process.terminate()
                if exited.wait(timeout: .now() + 5) == .timedOut { kill(process.processIdentifier, SIGKILL); exited.wait() }
                XCTFail("\(process.executableURL?.lastPathComponent ?? "") \((process.arguments ?? []).joined(separator: " ")) did not finish within \(deadline ?? self.deadline) s",
                        file: file, line: line)
            }
            // A child that inherited the pipes may keep them open; the output so far is enough then.
            _ = readers.wait(timeout: .now() + 10)
            lock.lock(); defer { lock.unlock() }
            return Result(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                          stderr: String(decoding: err, as: UTF8.self), timedOut: timedOut, pid: process.processIdentifier, stdoutData: out)
        }
    }
}
#endif
