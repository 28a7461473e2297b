import Foundation
import Glibc
import PantauCore
@testable import PantauServe
import PantauSystem
import PantauTestKit

/// The serve runtime inside the test process: a scratch spool and state, a manual clock, the
/// engine driven by `turn()` (no timers, no inotify), HTTP on a free loopback port. Every figure
/// is then a function of what the test wrote and how far it moved the clock.
final class ServeHarness {
    let dir: URL, spool: URL, state: URL, conf: URL, logFile: URL
    let clock: ManualClock
    private(set) var runtime: ServeRuntime
    /// What the runtime tells its service manager (a `RecordingNotifier` when a test reads it).
    let notifier: any ServiceManagerNotifier
    private let logDescriptor: Int32

    /// `config` follows a `[Daemon]` section naming the spool and state.
    init(_ name: String, config: String, at start: Instant = RFC3339.parse("2026-12-01T09:00:00Z")!,
         clock: ManualClock? = nil, reuse: URL? = nil, notifier: (any ServiceManagerNotifier)? = nil) throws {
        dir = try reuse ?? TestPaths.scratch("serve-\(name)")
        spool = dir.appendingPathComponent("spool")
        state = dir.appendingPathComponent("state")
        conf = dir.appendingPathComponent("pantau.conf")
        logFile = dir.appendingPathComponent("serve.log")
        try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
        self.clock = clock ?? ManualClock(wall: start)
        logDescriptor = open(logFile.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        try Self.write(config: config, to: conf, spool: spool, state: state)
        self.notifier = notifier ?? SystemdNotifier()
        runtime = try Self.makeRuntime(conf: conf, clock: self.clock, log: Logger(minimum: .info, fd: logDescriptor), notifier: self.notifier)
    }

    deinit {
        runtime.group.stop()
        close(logDescriptor)
        try? FileManager.default.removeItem(at: dir)
    }

    private static func write(config: String, to conf: URL, spool: URL, state: URL) throws {
        try ("[Daemon]\nSpool=\(spool.path)\nState=\(state.path)\n" + config + "\n").write(to: conf, atomically: true, encoding: .utf8)
    }

    private static func makeRuntime(conf: URL, clock: ManualClock, log: Logger, notifier: any ServiceManagerNotifier) throws -> ServeRuntime {
        let options = ServeOptions(configurationPath: conf.path, clock: .wall, listen: ["127.0.0.1:0"])
        let settings = try ServeSettings.load(options).get()
        return try ServeRuntime(settings: settings, clock: clock, drive: .manual, log: log, notifier: notifier)
    }

    /// Rewrites the configuration (a reload then reads it).
    func rewrite(config: String) throws { try Self.write(config: config, to: conf, spool: spool, state: state) }

    func start() throws { try runtime.group.start() }

    /// Stops the services; whether cleanly.
    @discardableResult
    func stop() -> Bool { runtime.group.stop() }

    /// A new runtime on the same spool, state and clock (after `stop`): a restart.
    func restart() throws {
        runtime = try Self.makeRuntime(conf: conf, clock: clock, log: Logger(minimum: .info, fd: logDescriptor), notifier: notifier)
        try start()
    }

    /// Appends `text` to a spool file.
    func append(_ text: String, to name: String = "events.jsonl") {
        let fd = open(spool.appendingPathComponent(name).path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        precondition(fd >= 0)
        try? Descriptor.writeAll(fd, Array(text.utf8))
        close(fd)
    }

    /// Moves the clock, then runs one turn of the engine.
    func advance(by span: TimeSpan) {
        clock.advance(by: span)
        turn()
    }

    func turn() { runtime.engine.turn() }

    var snapshot: Snapshot { runtime.engine.snapshot() }
    var port: UInt16 { UInt16(runtime.http.addresses[0].split(separator: ":").last!)! }
    var logText: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// A GET on a fresh connection.
    func get(_ target: String) throws -> HTTPTestResponse {
        let client = try HTTPTestClient(port: port)
        try client.send("GET \(target) HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n")
        return try client.readResponse()
    }

    /// The count of `outcome` for `kind` in `channel`.
    func count(_ channel: String, _ kind: SLAKind = .firstResponse, _ outcome: Outcome) -> Int {
        snapshot.channels.first { $0.name == channel }!.sla[Int(kind.rawValue)][outcome]
    }

    /// An event line at the manual clock's time plus `offset`.
    func line(_ id: String, _ ticket: String, _ type: String, channel: String? = "chat", after offset: TimeSpan = .zero) -> String {
        let at = Instant(nanoseconds: clock.wallNanoseconds() + offset.nanoseconds)
        return EventLine.json(id, ticket, type, ts: RFC3339.format(at), channel: type == "created" ? channel ?? "chat" : nil)
    }
}
