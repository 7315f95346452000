import CCurl
import Foundation

/// The libcurl transport: one background thread per transfer, driven through a curl multi handle so that
/// cancellation and timeouts are noticed within ~100 ms, whatever the server does.
public struct CurlHTTPClient: HTTPTransport {
    /// Creates the client; libcurl is initialised once per process on first use.
    public init() {
        _ = curlGlobalInit
    }

    /// Starts a transfer on its own thread (see `HTTPTransport.start`).
    @discardableResult
    public func start(_ request: HTTPRequest, mode: HTTPBodyMode,
                      onEvent: @escaping @Sendable (HTTPBodyEvent) -> Void,
                      onComplete: @escaping @Sendable (Result<Void, any Error>) -> Void) -> HTTPTransferHandle {
        let transfer = CurlTransfer(request: request, mode: mode, onEvent: onEvent)
        let thread = Thread {
            let result = transfer.run()
            onComplete(result)
        }
        thread.name = "recall.http"
        thread.start()
        return HTTPTransferHandle { transfer.cancel() }
    }
}

/// `curl_global_init` must run once before any other libcurl call; Swift globals initialise once, thread-safely.
private let curlGlobalInit: Void = {
    curl_global_init(Int(CURL_GLOBAL_ALL))
}()

/// Why the transfer loop stopped a transfer on its own.
private enum AbortReason {
    case cancelled
    case firstByteTimeout
    case idleTimeout
    case totalTimeout
    case stalled(what: String, seconds: Double)
    case serverStuck(detail: String)
    case tooLarge
    case errorBodyCut
    case callbackError(any Error)
}

/// What the liveness probe found (see `HTTPRequest.probeURL`).
private enum ProbeState {
    case notStarted
    case running
    case answered
    case failed(String)
}

/// The state of one libcurl transfer. Callbacks run on the transfer thread; only `cancel` comes from elsewhere.
final class CurlTransfer: @unchecked Sendable {
    private let request: HTTPRequest
    private let mode: HTTPBodyMode
    private let onEvent: @Sendable (HTTPBodyEvent) -> Void

    // Guarded by `lock`: read by `cancel()` from any thread.
    private let lock = NSLock()
    private var cancelRequested = false
    private var multi: UnsafeMutableRawPointer?

    // Transfer-thread state.
    private var easy: UnsafeMutableRawPointer?
    private var lines = LineBuffer()
    private var headerFields: [String: String] = [:]
    private var head: HTTPResponseHead?
    private var errorBody = Data()
    private var wholeBody = Data()
    private let started = ContinuousClock.now
    private var lastBodyByte: ContinuousClock.Instant?
    private var waitingReported = false
    private var abortReason: AbortReason?
    private var bodyStarted: ContinuousClock.Instant?
    private var partialLineSince: ContinuousClock.Instant?
    private var receivedBytes = 0

    // Guarded by `lock`: written by the probe's completion on its own thread.
    private var probeState = ProbeState.notStarted
    private var probeHandle: HTTPTransferHandle?
    // Transfer-thread state of the probe.
    private var lastProbeStart: ContinuousClock.Instant?

    init(request: HTTPRequest, mode: HTTPBodyMode, onEvent: @escaping @Sendable (HTTPBodyEvent) -> Void) {
        self.request = request
        self.mode = mode
        self.onEvent = onEvent
    }

    /// Asks the transfer to stop and wakes its poll loop at once.
    func cancel() {
        lock.withLock {
            cancelRequested = true
            if let multi { curl_multi_wakeup(multi) }
        }
    }

    private var isCancelled: Bool { lock.withLock { cancelRequested } }

    /// Runs the transfer to the end on the calling thread.
    func run() -> Result<Void, any Error> {
        guard request.url.hasPrefix("http://") || request.url.hasPrefix("https://") else {
            return .failure(HTTPError.invalidURL(request.url))
        }
        guard let easyHandle = curl_easy_init() else {
            return .failure(HTTPError.transport(code: -1, detail: "curl_easy_init failed"))
        }
        guard let multiHandle = curl_multi_init() else {
            curl_easy_cleanup(easyHandle)
            return .failure(HTTPError.transport(code: -1, detail: "curl_multi_init failed"))
        }
        easy = easyHandle
        lock.withLock { multi = multiHandle }
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer {
            let probe = lock.withLock { () -> HTTPTransferHandle? in
                multi = nil
                return probeHandle
            }
            probe?.cancel()
            curl_multi_remove_handle(multiHandle, easyHandle)
            curl_easy_cleanup(easyHandle)
            curl_multi_cleanup(multiHandle)
            curl_slist_free_all(headerList)
            easy = nil
        }

        let context = Unmanaged.passUnretained(self).toOpaque()
        recall_curl_setopt_string(easyHandle, CURLOPT_URL, request.url)
        recall_curl_setopt_long(easyHandle, CURLOPT_NOSIGNAL, 1)
        recall_curl_setopt_long(easyHandle, CURLOPT_CONNECTTIMEOUT_MS, Int(request.timeouts.connect * 1000))
        recall_curl_setopt_long(easyHandle, CURLOPT_NOPROGRESS, 0)
        recall_curl_setopt_xferinfo(easyHandle, curlProgressCallback)
        recall_curl_setopt_pointer(easyHandle, CURLOPT_XFERINFODATA, context)
        recall_curl_setopt_data_callback(easyHandle, CURLOPT_WRITEFUNCTION, curlWriteCallback)
        recall_curl_setopt_pointer(easyHandle, CURLOPT_WRITEDATA, context)
        recall_curl_setopt_data_callback(easyHandle, CURLOPT_HEADERFUNCTION, curlHeaderCallback)
        recall_curl_setopt_pointer(easyHandle, CURLOPT_HEADERDATA, context)
        // Never send credentials anywhere else: no redirects are followed.
        recall_curl_setopt_long(easyHandle, CURLOPT_FOLLOWLOCATION, 0)
        // A proxy from the environment must never see loopback traffic (a local model server).
        let inherited = ProcessInfo.processInfo.environment["no_proxy"] ?? ProcessInfo.processInfo.environment["NO_PROXY"] ?? ""
        recall_curl_setopt_string(easyHandle, CURLOPT_NOPROXY,
                                  ([inherited, "localhost", "127.0.0.1", "::1"].filter { !$0.isEmpty }).joined(separator: ","))
        // No Accept-Encoding is sent, so the stream arrives uncompressed, as the server writes it.
        recall_curl_setopt_string(easyHandle, CURLOPT_CUSTOMREQUEST, request.method)
        if let body = request.body {
            recall_curl_setopt_long(easyHandle, CURLOPT_POST, 1)
            recall_curl_setopt_off(easyHandle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
            if body.isEmpty {
                recall_curl_setopt_string(easyHandle, CURLOPT_COPYPOSTFIELDS, "")
            } else {
                body.withUnsafeBytes { raw in
                    // COPYPOSTFIELDS copies the bytes, so the body need not outlive this call.
                    if let bytes = raw.baseAddress {
                        _ = recall_curl_setopt_pointer(easyHandle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes))
                    }
                }
            }
        } else if request.method == "GET" {
            recall_curl_setopt_long(easyHandle, CURLOPT_HTTPGET, 1)
        }
        var hasExpect = false
        for header in request.headers {
            headerList = curl_slist_append(headerList, "\(header.name): \(header.value)")
            if header.name.lowercased() == "expect" { hasExpect = true }
        }
        // No "Expect: 100-continue" round trip for larger bodies.
        if !hasExpect { headerList = curl_slist_append(headerList, "Expect:") }
        recall_curl_setopt_slist(easyHandle, CURLOPT_HTTPHEADER, headerList)

        curl_multi_add_handle(multiHandle, easyHandle)
        var running: Int32 = 1
        var code = CURLE_OK
        while true {
            let mc = curl_multi_perform(multiHandle, &running)
            if mc != CURLM_OK {
                return .failure(HTTPError.transport(code: Int(mc.rawValue), detail: String(cString: curl_multi_strerror(mc))))
            }
            if running == 0 { break }
            checkTimers()
            if abortReason != nil { break }
            curl_multi_poll(multiHandle, nil, 0, 100, nil)
            checkTimers()
            if abortReason != nil { break }
        }
        if abortReason == nil {
            var queued: Int32 = 0
            while let message = curl_multi_info_read(multiHandle, &queued) {
                if message.pointee.msg == CURLMSG_DONE { code = message.pointee.data.result }
            }
        }
        return finish(code: code)
    }

    /// True when `elapsed` is past a finite `limit` in seconds (an infinite limit never passes).
    private static func past(_ elapsed: Duration, _ limit: Double) -> Bool {
        limit.isFinite && elapsed > .milliseconds(Int64(max(0, limit) * 1000))
    }

    /// Sets `abortReason` when cancelled or when a timer ran out; called by the loop and the progress callback.
    fileprivate func checkTimers() {
        if abortReason != nil { return }
        if isCancelled { abortReason = .cancelled; return }
        let now = ContinuousClock.now
        let t = request.timeouts
        if Self.past(now - started, t.total) { abortReason = .totalTimeout; return }
        if let since = partialLineSince, Self.past(now - since, t.line) {
            abortReason = .stalled(what: "a line", seconds: t.line)
            return
        }
        if let since = bodyStarted, mode == .whole || head?.isSuccess == false, Self.past(now - since, t.body) {
            abortReason = .stalled(what: "the answer", seconds: t.body)
            return
        }
        if let last = lastBodyByte {
            if Self.past(now - last, t.idle) { abortReason = .idleTimeout }
        } else {
            let waited = now - started
            if Self.past(waited, t.firstByte) {
                abortReason = .firstByteTimeout
            } else if Self.past(waited, t.waitingNotice) {
                if !waitingReported {
                    waitingReported = true
                    onEvent(.stream(.waiting(seconds: Double(waited.components.seconds)
                                             + Double(waited.components.attoseconds) / 1e18)))
                }
                checkProbe(now: now)
            }
        }
    }

    /// While no answer has started: probe the server now and then; a probe that gets no answer means it is stuck.
    private func checkProbe(now: ContinuousClock.Instant) {
        guard let probeURL = request.probeURL else { return }
        let t = request.timeouts
        switch lock.withLock({ probeState }) {
        case .failed(let detail):
            abortReason = .serverStuck(detail: detail)
        case .running:
            // The probe has its own overall deadline; this only guards against a probe that never reports.
            if let since = lastProbeStart, Self.past(now - since, t.probe + 5) {
                abortReason = .serverStuck(detail: "no answer")
            }
        case .notStarted, .answered:
            if let since = lastProbeStart, !Self.past(now - since, t.probeInterval) { return }
            lastProbeStart = now
            var probe = HTTPRequest(url: probeURL,
                                    headers: request.headers.filter { !["content-type", "expect"].contains($0.name.lowercased()) },
                                    timeouts: HTTPTimeouts(connect: t.probe, firstByte: t.probe, idle: t.probe, waitingNotice: t.probe + 1,
                                                           total: t.probe, line: t.probe, body: t.probe))
            probe.maxBodyBytes = 1 << 20
            lock.withLock { probeState = .running }
            let handle = CurlHTTPClient().start(probe, mode: .whole, onEvent: { _ in }, onComplete: { [self] result in
                let state: ProbeState?
                switch result {
                case .success: state = .answered
                case .failure(HTTPError.status): state = .answered  // any HTTP answer shows the server is alive
                case .failure(is CancellationError): state = nil
                case .failure(let error): state = .failed(Self.probeDetail(error))
                }
                if let state { lock.withLock { probeState = state } }
            })
            lock.withLock { probeHandle = handle }
        }
    }

    /// A short reason why the probe failed.
    private static func probeDetail(_ error: any Error) -> String {
        switch error as? HTTPError {
        case .connectionFailed(_, let detail)?: return detail
        case .totalTimeout?, .firstByteTimeout?, .connectTimeout?, .stalled?: return "no answer"
        case .connectionLost(_, let detail)?: return "the connection closed: \(detail)"
        default: return "\(error)"
        }
    }

    fileprivate var shouldAbort: Bool {
        checkTimers()
        return abortReason != nil
    }

    private func finish(code: CURLcode) -> Result<Void, any Error> {
        if let reason = abortReason {
            switch reason {
            case .cancelled: return .failure(CancellationError())
            case .firstByteTimeout: return .failure(HTTPError.firstByteTimeout(url: request.url, seconds: request.timeouts.firstByte))
            case .idleTimeout: return .failure(HTTPError.idleTimeout(url: request.url, seconds: request.timeouts.idle))
            case .totalTimeout: return .failure(HTTPError.totalTimeout(url: request.url, seconds: request.timeouts.total))
            case .stalled(let what, let seconds): return .failure(HTTPError.stalled(url: request.url, what: what, seconds: seconds))
            case .serverStuck(let detail):
                return .failure(HTTPError.serverStuck(url: request.url, probe: request.probeURL ?? request.url,
                                                      seconds: request.timeouts.probe, detail: detail))
            case .tooLarge: return .failure(HTTPError.bodyTooLarge(url: request.url, limit: request.maxBodyBytes))
            case .errorBodyCut:
                let head = ensureHead()
                return .failure(HTTPError.status(code: head.status, body: errorBody, head: head))
            case .callbackError(let error): return .failure(error)
            }
        }
        if code != CURLE_OK {
            return .failure(mapCurlError(code))
        }
        let head = ensureHead()
        if !head.isSuccess {
            return .failure(HTTPError.status(code: head.status, body: errorBody, head: head))
        }
        switch mode {
        case .lines:
            if let last = lines.finish() { onEvent(.stream(.line(last))) }
        case .whole:
            onEvent(.body(wholeBody))
        }
        return .success(())
    }

    private func mapCurlError(_ code: CURLcode) -> HTTPError {
        let detail = String(cString: curl_easy_strerror(code))
        switch code {
        case CURLE_COULDNT_CONNECT:
            return .connectionFailed(url: request.url, detail: "connection refused")
        case CURLE_COULDNT_RESOLVE_HOST:
            return .cannotResolve(url: request.url)
        case CURLE_OPERATION_TIMEDOUT:
            return head == nil && lastBodyByte == nil
                ? .connectTimeout(url: request.url, seconds: request.timeouts.connect)
                : .transport(code: Int(code.rawValue), detail: detail)
        case CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_PARTIAL_FILE, CURLE_SEND_ERROR:
            return .connectionLost(url: request.url, detail: detail)
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            return .invalidURL(request.url)
        default:
            return .transport(code: Int(code.rawValue), detail: detail)
        }
    }

    /// The response head, built from the received headers and curl's status code.
    @discardableResult
    private func ensureHead() -> HTTPResponseHead {
        if let head { return head }
        var status = 0
        if let easy { recall_curl_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status) }
        let made = HTTPResponseHead(status: status, headers: headerFields)
        head = made
        if made.isSuccess { onEvent(.stream(.head(made))) }
        return made
    }

    /// Handles body bytes; returns false to abort the transfer.
    fileprivate func receive(_ bytes: Data) -> Bool {
        let now = ContinuousClock.now
        lastBodyByte = now
        if bodyStarted == nil { bodyStarted = now }
        receivedBytes += bytes.count
        if shouldAbort { return false }
        let head = ensureHead()
        guard head.isSuccess else {
            // An error answer is only ever shown cut short: keep its start and stop reading a huge one.
            errorBody.append(bytes.prefix(max(0, 64 << 10 - errorBody.count)))
            if errorBody.count >= 64 << 10 {
                abortReason = .errorBodyCut
                return false
            }
            return true
        }
        if receivedBytes > request.maxBodyBytes && mode == .whole {
            abortReason = .tooLarge
            return false
        }
        switch mode {
        case .whole:
            wholeBody.append(bytes)
        case .lines:
            do {
                let complete = try lines.append(bytes)
                if !complete.isEmpty {
                    partialLineSince = lines.hasPartialLine ? now : nil
                } else if lines.hasPartialLine && partialLineSince == nil {
                    partialLineSince = now
                }
                for line in complete { onEvent(.stream(.line(line))) }
            } catch {
                abortReason = .callbackError(error)
                return false
            }
        }
        return true
    }

    /// Records one header line; a new status line starts a fresh header set.
    fileprivate func receiveHeader(_ line: Data) {
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("HTTP/") {
            headerFields = [:]
            return
        }
        guard let colon = text.firstIndex(of: ":") else { return }
        let name = text[..<colon].lowercased()
        let value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        headerFields[name] = value
    }
}

private let curlWriteCallback: recall_curl_data_callback = { pointer, size, count, context in
    guard let pointer, let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    let total = size * count
    let data = Data(bytes: pointer, count: total)
    return transfer.receive(data) ? total : 0
}

private let curlHeaderCallback: recall_curl_data_callback = { pointer, size, count, context in
    guard let pointer, let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    let total = size * count
    transfer.receiveHeader(Data(bytes: pointer, count: total))
    return total
}

private let curlProgressCallback: recall_curl_xferinfo_callback = { context, _, _, _, _ in
    guard let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    // Non-zero aborts the transfer (CURLE_ABORTED_BY_CALLBACK): cancellation and the idle timer live here.
    return transfer.shouldAbort ? 1 : 0
}
