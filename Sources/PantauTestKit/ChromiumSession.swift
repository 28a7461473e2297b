import Foundation
import Glibc
import CTestKitStartup
import Synchronization

/// A headless Chromium (Debian `chromium`) driven over its DevTools protocol through
/// `--remote-debugging-pipe` (requests on its fd 3, answers and events on its fd 4, each message
/// JSON ended by a NUL byte): one page, its console errors and exceptions collected, JavaScript
/// evaluated, screenshots taken. No WebSocket and no third-party driver. Call `close()` when done
/// (the reader thread holds the session until the browser is gone).
package final class ChromiumSession: @unchecked Sendable {
    package struct Failure: Error, CustomStringConvertible {
        package var description: String
        init(_ description: String) { self.description = description }
    }

    /// Where the browser is, if installed.
    package static var executable: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    private let pid: pid_t
    private let toBrowser: Int32
    private let fromBrowser: Int32
    private let profile: URL
    private let state = Mutex(State())
    private var reader: Thread?
    private var nextID = 1
    private var sessionID = ""

    private struct State {
        /// Raw answers by id (parsed by the waiting `send`: JSON values are not Sendable).
        var responses: [Int: [UInt8]] = [:]
        var errors: [String] = []
        var closed = false
    }

    /// Starts the browser with a fresh profile and a `width`×`height` page.
    package init(width: Int = 1920, height: Int = 1080) throws {
        guard let chromium = Self.executable else { throw Failure("chromium is not installed (Debian package chromium)") }
        profile = try TestPaths.scratch("chromium")
        var requests: [Int32] = [0, 0], answers: [Int32] = [0, 0]
        guard pipe(&requests) == 0, pipe(&answers) == 0 else { throw Failure("pipe: \(errno)") }
        // Our ends must not leak into the browser (its copies are the dup2'ed 3 and 4).
        for fd in [requests[1], answers[0]] { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, requests[0], 3)
        posix_spawn_file_actions_adddup2(&actions, answers[1], 4)
        let log = profile.appendingPathComponent("chromium.log").path
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        _ = pantau_test_kit_spawn_close_from(&actions, 5)  // the pipes at 3 and 4, nothing else of the test's
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        ChildProcess.resetSignals(&attributes)
        let arguments = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe", "--no-first-run",
                         "--no-default-browser-check", "--mute-audio", "--hide-scrollbars", "--disable-extensions",
                         "--disable-background-networking", "--user-data-dir=\(profile.path)", "--window-size=\(width),\(height)",
                         "about:blank"]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var child: pid_t = 0
        let rc = posix_spawn(&child, chromium, &actions, &attributes, &argv, environ)
        Glibc.close(requests[0])
        Glibc.close(answers[1])
        guard rc == 0 else { throw Failure("posix_spawn \(chromium): \(rc)") }
        pid = child
        toBrowser = requests[1]
        fromBrowser = answers[0]
        let thread = Thread { [weak self] in self?.readLoop() }
        reader = thread
        thread.start()
        let target = try send("Target.createTarget", ["url": "about:blank"], session: false)
        guard let targetID = target["targetId"] as? String else { throw Failure("no targetId: \(target)") }
        let attached = try send("Target.attachToTarget", ["targetId": targetID, "flatten": true], session: false)
        guard let session = attached["sessionId"] as? String else { throw Failure("no sessionId: \(attached)") }
        sessionID = session
        for domain in ["Runtime.enable", "Log.enable", "Page.enable"] { _ = try send(domain) }
        _ = try send("Emulation.setDeviceMetricsOverride", ["width": width, "height": height, "deviceScaleFactor": 1, "mobile": false])
    }

    deinit { close() }

    /// Ends the browser.
    package func close() {
        let first = state.withLock { s -> Bool in
            defer { s.closed = true }
            return !s.closed
        }
        guard first else { return }
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        Glibc.close(toBrowser)
        Glibc.close(fromBrowser)
        try? FileManager.default.removeItem(at: profile)
    }

    /// Console errors, uncaught exceptions and error log entries (network failures among them), in order.
    package var errors: [String] { state.withLock { $0.errors } }

    /// Opens `url` and waits until its `load` event.
    package func navigate(_ url: String) throws {
        _ = try send("Page.navigate", ["url": url])
        guard Polling.waitUntil(20, { (try? evaluate("document.readyState")) as? String == "complete" }) else {
            throw Failure("\(url) did not finish loading")
        }
    }

    /// The value of a JavaScript expression (a promise is awaited), as JSON values.
    package func evaluate(_ expression: String) throws -> Any? {
        let result = try send("Runtime.evaluate", ["expression": expression, "returnByValue": true, "awaitPromise": true])
        if let exception = result["exceptionDetails"] { throw Failure("\(expression): \(exception)") }
        return (result["result"] as? [String: Any])?["value"]
    }

    /// A PNG of the page.
    package func screenshot(to path: String) throws {
        let result = try send("Page.captureScreenshot", ["format": "png"])
        guard let base64 = result["data"] as? String, let data = Data(base64Encoded: base64) else { throw Failure("no screenshot") }
        try data.write(to: URL(fileURLWithPath: path))
    }

    /// The page's JavaScript heap in use after a full garbage collection, bytes.
    package func heapAfterCollection() throws -> Double {
        _ = try send("HeapProfiler.collectGarbage")
        let usage = try send("Runtime.getHeapUsage")
        guard let used = usage["usedSize"] as? Double else { throw Failure("no heap usage: \(usage)") }
        return used
    }

    /// The page's DOM node count (Memory.getDOMCounters).
    package func domNodes() throws -> Int {
        let counters = try send("Memory.getDOMCounters")
        return counters["nodes"] as? Int ?? -1
    }

    // MARK: Protocol

    /// Sends one command and waits for its answer; throws the protocol's error.
    @discardableResult
    package func send(_ method: String, _ params: [String: Any] = [:], session: Bool = true, timeout: Double = 20) throws -> [String: Any] {
        let id = state.withLock { _ in
            defer { nextID += 1 }
            return nextID
        }
        var message: [String: Any] = ["id": id, "method": method, "params": params]
        if session { message["sessionId"] = sessionID }
        var bytes = [UInt8](try JSONSerialization.data(withJSONObject: message))
        bytes.append(0)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(toBrowser, $0.baseAddress, $0.count) }
            guard n > 0 else { throw Failure("write to chromium: \(errno)") }
            offset += n
        }
        var raw: [UInt8]?
        _ = Polling.waitUntil(timeout) {
            raw = state.withLock { $0.responses.removeValue(forKey: id) }
            return raw != nil || state.withLock { $0.closed }
        }
        guard let raw, let answer = try JSONSerialization.jsonObject(with: Data(raw)) as? [String: Any] else {
            throw Failure("\(method): no answer within \(timeout) s")
        }
        if let error = answer["error"] { throw Failure("\(method): \(error)") }
        return answer["result"] as? [String: Any] ?? [:]
    }

    private func readLoop() {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fromBrowser, $0.baseAddress, $0.count) }
            if n <= 0 {
                if n < 0 && errno == EINTR { continue }
                state.withLock { $0.closed = true }
                return
            }
            buffer.append(contentsOf: chunk[0..<n])
            while let end = buffer.firstIndex(of: 0) {
                let message = Array(buffer[..<end])
                buffer.removeSubrange(...end)
                guard let object = try? JSONSerialization.jsonObject(with: Data(message)) as? [String: Any] else { continue }
                handle(object, raw: message)
            }
        }
    }

    private func handle(_ message: [String: Any], raw: [UInt8]) {
        if let id = message["id"] as? Int {
            state.withLock { $0.responses[id] = raw }
            return
        }
        guard let method = message["method"] as? String, let params = message["params"] as? [String: Any] else { return }
        var error: String?
        switch method {
        case "Runtime.exceptionThrown":
            let details = params["exceptionDetails"] as? [String: Any]
            error = "exception: \((details?["exception"] as? [String: Any])?["description"] ?? details?["text"] ?? params)"
        case "Runtime.consoleAPICalled" where params["type"] as? String == "error":
            let args = (params["args"] as? [[String: Any]] ?? []).map { "\($0["value"] ?? $0["description"] ?? "")" }
            error = "console.error: \(args.joined(separator: " "))"
        case "Log.entryAdded":
            if let entry = params["entry"] as? [String: Any], entry["level"] as? String == "error" {
                error = "log: \(entry["text"] ?? "") \(entry["url"] ?? "")"
            }
        default:
            break
        }
        if let error { state.withLock { $0.errors.append(error) } }
    }
}
