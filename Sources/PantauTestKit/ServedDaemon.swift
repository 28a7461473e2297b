import Foundation
import Glibc
import PantauSystem

/// A real `pantau serve` on a scratch spool and state, listening on a free loopback port, for the
/// HTTP tests. Killed and removed on deinit.
package final class ServedDaemon: @unchecked Sendable {
    package let dir: URL, spool: URL, state: URL, conf: URL, log: URL
    package private(set) var process: ChildProcess!
    /// `127.0.0.1:PORT`.
    package private(set) var address = ""
    package var port: UInt16 { UInt16(address.split(separator: ":").last!)! }

    /// `config` is appended after a `[Daemon]` section naming the spool and state (so it may add
    /// `[Daemon]` keys first, then other sections). With `descriptorLimit` the daemon runs under
    /// `prlimit --nofile=N:N`, whatever limit the test process has (tests share it, in parallel).
    /// With `spool`, the daemon follows that directory (another daemon's: an HA pair) instead of
    /// one of its own.
    package init(_ name: String, config: String = "", clock: String = "events", extraArguments: [String] = [],
         channels: String = ServedDaemon.standardChannels, prepare: ((URL) throws -> Void)? = nil, waitForCatchUp: Bool = true,
         descriptorLimit: Int? = nil, listen: String = "127.0.0.1:0", spool sharedSpool: URL? = nil) throws {
        dir = try TestPaths.scratch("http-\(name)")
        spool = sharedSpool ?? dir.appendingPathComponent("spool")
        state = dir.appendingPathComponent("state")
        conf = dir.appendingPathComponent("pantau.conf")
        log = dir.appendingPathComponent("serve.log")
        try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
        self.channels = channels
        try rewrite(config: config)
        try prepare?(spool)
        let arguments = ["serve", "--config", conf.path, "--clock", clock, "--listen", listen] + extraArguments
        if let limit = descriptorLimit {
            process = try ChildProcess("/usr/bin/prlimit", ["--nofile=\(limit):\(limit)", TestPaths.binary.path] + arguments, output: log.path)
        } else {
            process = try ChildProcess(TestPaths.binary.path, arguments, output: log.path)
        }
        guard let line = waitForLine(containing: "listening ADDRESS=127.0.0.1:") else {
            throw ServedDaemonError("serve did not listen: \(logText)")
        }
        let field = line.split(separator: " ").first { $0.hasPrefix("ADDRESS=") }!
        address = String(field.dropFirst("ADDRESS=".count))
        guard !waitForCatchUp || waitForLine(containing: "caught up") != nil else { throw ServedDaemonError("serve did not catch up: \(logText)") }
    }

    private let channels: String

    /// Writes the configuration file (`config` as for `init`); `reload()` makes it take effect.
    package func rewrite(config: String) throws {
        try ("[Daemon]\nSpool=\(spool.path)\nState=\(state.path)\n" + config + "\n" + channels)
            .write(to: conf, atomically: true, encoding: .utf8)
    }

    /// SIGHUP, then waits for the reload to be logged.
    package func reload() -> Bool {
        let before = logText.components(separatedBy: "configuration reloaded").count
        process.send(SIGHUP)
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if logText.components(separatedBy: "configuration reloaded").count > before { usleep(100_000); return true }
            usleep(20_000)
        }
        return false
    }

    /// A daemon started on a spool `prepare` fills first, without waiting for it to catch up.
    package static func starting(_ name: String, prepare: @escaping (URL) throws -> Void) throws -> ServedDaemon {
        try ServedDaemon(name, prepare: prepare, waitForCatchUp: false)
    }

    /// The calendars and channels of Config/pantau.conf (everything from its office hours on),
    /// for a daemon configured as the bundled one.
    package static let bundledChannels: String = {
        let bundled = (try? String(contentsOf: TestPaths.defaultConfiguration, encoding: .utf8)) ?? ""
        return bundled.range(of: "# Office hours").map { String(bundled[$0.lowerBound...]) } ?? bundled
    }()

    package static let standardChannels = """
        [Channel hotline]
        FirstResponse=30s
        [Channel chat]
        FirstResponse=1min
        [Channel email]
        FirstResponse=4h
        """

    deinit {
        process?.kill9()
        try? FileManager.default.removeItem(at: dir)
    }

    package var logText: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// The first log line containing `text`, waiting up to `seconds`.
    package func waitForLine(containing text: String, seconds: Double = 20) -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let line = logText.split(separator: "\n").first(where: { $0.contains(text) }) { return String(line) }
            if !process.isRunning { return nil }
            usleep(20_000)
        }
        return nil
    }

    /// Appends complete lines to `spool/NAME` with one write.
    package func append(_ text: String, to name: String = "events.jsonl") { append(bytes: Array(text.utf8), to: name) }

    /// Appends bytes (lines that need not be UTF-8) to `spool/NAME` with one write.
    package func append(bytes: [UInt8], to name: String) {
        let fd = open(spool.appendingPathComponent(name).path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    /// A GET on a fresh connection.
    package func get(_ target: String, headers: [(String, String)] = [], method: String = "GET", timeout: Int = 10) throws -> HTTPTestResponse {
        let client = try HTTPTestClient(port: port, timeout: timeout)
        var request = "\(method) \(target) HTTP/1.1\r\nHost: \(address)\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        request += "Connection: close\r\n\r\n"
        try client.send(request)
        return try client.readResponse(head: method == "HEAD")
    }

    /// Polls `target` until `accept` holds for its body, up to `seconds`.
    package func poll(_ target: String, seconds: Double = 10, until accept: (HTTPTestResponse) -> Bool) throws -> HTTPTestResponse {
        let deadline = Date().addingTimeInterval(seconds)
        var last = try get(target)
        while !accept(last) && Date() < deadline {
            usleep(50_000)
            last = try get(target)
        }
        return last
    }

    /// `body`'s result; its error, when it throws, carries the end of the daemon's log (what the
    /// daemon saw when a request failed, for a failure seen once in CI).
    package func withLogOnFailure<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch {
            throw ServedDaemonError("\(error); the daemon's log ends: \(logText.suffix(2000))")
        }
    }

    /// SIGTERM and the exit status.
    package func stop() -> Int32 {
        process.send(SIGTERM)
        return process.terminationStatus
    }
}

package struct ServedDaemonError: Error, CustomStringConvertible {
    package let description: String
    package init(_ description: String) { self.description = description }
}
