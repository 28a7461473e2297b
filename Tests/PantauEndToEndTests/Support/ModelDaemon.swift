import Foundation
import Glibc
@testable import PantauCore
@testable import PantauServe
@testable import PantauCommands
import PantauSystem
import PantauTestKit

/// A real `pantau serve --clock events` over a scratch spool and state, started, killed (SIGKILL)
/// and stopped (SIGTERM) at will, whose durable checkpoint the model-based spool test reads.
final class ModelDaemon {
    let dir: URL, spool: URL, state: URL, conf: URL
    let configuration: Configuration
    private var process: ChildProcess?
    private var runs = 0
    /// Problems seen (a clean stop that did not exit 0).
    private(set) var problems: [String] = []

    init(dir: URL, checkpointInterval: String = "50ms") throws {
        self.dir = dir
        spool = dir.appendingPathComponent("spool")
        state = dir.appendingPathComponent("state")
        conf = dir.appendingPathComponent("pantau.conf")
        let base = try String(contentsOf: TestPaths.defaultConfiguration, encoding: .utf8)
        try (base + "\n[Daemon]\nSpool=\(spool.path)\nState=\(state.path)\nCheckpointInterval=\(checkpointInterval)\n")
            .write(to: conf, atomically: true, encoding: .utf8)
        configuration = try ConfigurationLoader.load(path: conf.path).get()
    }

    deinit { process?.kill9() }

    var isRunning: Bool { process?.isRunning ?? false }

    func start() throws {
        guard !isRunning else { return }
        runs += 1
        let log = dir.appendingPathComponent("serve-\(runs).log")
        process = try ChildProcess(TestPaths.binary.path, ["serve", "--config", conf.path, "--clock", "events", "--listen", "127.0.0.1:0"],
                                   output: log.path)
        port = nil
    }

    func kill9() {
        guard let p = process, p.isRunning else { return }
        p.kill9()
    }

    func stop() {
        guard let p = process, p.isRunning else { return }
        p.send(SIGTERM)
        if p.terminationStatus != 0 { problems.append("run \(runs): SIGTERM gave exit status \(p.terminationStatus)") }
    }

    /// The engine of the durable checkpoint, if there is one. Read directly, not through
    /// `CheckpointStore.load`, which (being the daemon's own start-up step) removes a temporary
    /// file, here the one the running daemon is writing.
    func checkpointedEngine() -> SLAEngine? {
        guard let data = FileManager.default.contents(atPath: state.appendingPathComponent("checkpoint.bin").path),
              let checkpoint = try? Checkpoint(decoding: Array(data)) else { return nil }
        let settings = EngineSettings(configuration: configuration, defaultTimeZone: TimeZone.current)
        return try? SLAEngine(settings: settings, decodingState: checkpoint.engineState)
    }

    /// Waits (starting the daemon if it is down) until the durable checkpoint has applied
    /// `lines` events; false after `seconds`.
    func settle(lines: Int, seconds: Double = 10) throws -> Bool {
        try start()
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let engine = checkpointedEngine() {
                let t = engine.totals
                if t.applied + t.duplicate + t.rejected.reduce(0, +) >= lines { return true }
            }
            if !isRunning { try start() }
            usleep(10_000)
        }
        return false
    }

    /// The HTTP port of the running daemon (from its `listening` line), waiting for it.
    private var port: UInt16?
    private func currentPort() -> UInt16? {
        if let port { return port }
        let log = dir.appendingPathComponent("serve-\(runs).log")
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline && isRunning {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if let range = text.range(of: "listening ADDRESS=127.0.0.1:") {
                let digits = text[range.upperBound...].prefix { $0.isNumber }
                port = UInt16(digits)
                return port
            }
            usleep(2_000)
        }
        return nil
    }

    /// Lines the running daemon has taken (applied, duplicate or rejected), from its snapshot.
    private func linesTaken() -> Int? {
        guard let port = currentPort(), let client = try? HTTPTestClient(port: port, timeout: 5),
              (try? client.send("GET /api/v1/snapshot HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")) != nil,
              let response = try? client.readResponse(),
              let json = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
              let events = json["events"] as? [String: Any] else { return nil }
        let rejected = (events["rejected"] as? [String: Any])?.values.compactMap { $0 as? Int }.reduce(0, +) ?? 0
        return (events["applied"] as? Int ?? 0) + (events["duplicate"] as? Int ?? 0) + rejected
    }

    /// Waits until the running daemon has taken `lines` lines (at once when it is down: it reads
    /// whatever is there when it starts); false after `seconds`.
    func catchUp(lines: Int, seconds: Double = 10) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while isRunning && Date() < deadline {
            if let taken = linesTaken(), taken >= lines { return true }
            usleep(2_000)
        }
        return !isRunning
    }

    /// The last lines of the latest run's log.
    var logTail: String {
        let log = dir.appendingPathComponent("serve-\(runs).log")
        return String(((try? String(contentsOf: log, encoding: .utf8)) ?? "").suffix(3000))
    }
}
