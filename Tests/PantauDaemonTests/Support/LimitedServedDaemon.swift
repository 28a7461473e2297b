import Foundation
import Glibc

/// A real `pantau serve` started under `prlimit --nofile=N:N`, so it runs with a descriptor limit
/// of `N` whatever the test process has (tests run in parallel and share the process's limit).
/// On a scratch spool and state, listening on a free loopback port; killed and removed on deinit.
final class LimitedServedDaemon {
    let dir: URL, spool: URL, log: URL
    let process = Process()
    private(set) var port: UInt16 = 0

    init(_ name: String, descriptors: Int, config: String = "") throws {
        dir = try TestPaths.scratch("http-\(name)")
        spool = dir.appendingPathComponent("spool")
        let state = dir.appendingPathComponent("state")
        let conf = dir.appendingPathComponent("pantau.conf")
        log = dir.appendingPathComponent("serve.log")
        try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
        try ("[Daemon]\nSpool=\(spool.path)\nState=\(state.path)\n" + config + "\n" + ServedDaemon.standardChannels)
            .write(to: conf, atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/prlimit")
        process.arguments = ["--nofile=\(descriptors):\(descriptors)", TestPaths.binary.path,
                             "serve", "--config", conf.path, "--clock", "events", "--listen", "127.0.0.1:0"]
        let handle = try FileHandle(forWritingTo: log)
        process.standardError = handle
        process.standardOutput = handle
        try process.run()
        guard let line = waitForLine(containing: "listening ADDRESS=127.0.0.1:"),
              let field = line.split(separator: " ").first(where: { $0.hasPrefix("ADDRESS=") }),
              let port = UInt16(field.split(separator: ":").last ?? "") else {
            throw ServedDaemonError("serve did not listen: \(logText)")
        }
        self.port = port
        guard waitForLine(containing: "caught up") != nil else { throw ServedDaemonError("serve did not catch up: \(logText)") }
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        try? FileManager.default.removeItem(at: dir)
    }

    var logText: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// The first log line containing `text`, waiting up to `seconds`.
    func waitForLine(containing text: String, seconds: Double = 20) -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let line = logText.split(separator: "\n").first(where: { $0.contains(text) }) { return String(line) }
            if !process.isRunning { return nil }
            usleep(20_000)
        }
        return nil
    }

    /// A GET on a fresh connection, giving up after `timeout` seconds.
    func get(_ target: String, timeout: Int = 10) throws -> HTTPTestResponse {
        let client = try HTTPTestClient(port: port, timeout: timeout)
        try client.send("GET \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        return try client.readResponse()
    }
}
