import Foundation
import Glibc
import Testing
@testable import PantauCore
@testable import PantauServe
@testable import PantauCommands
import PantauSystem
import PantauTestKit

/// The real `pantau serve`: reload on SIGHUP, clean stop on SIGTERM.
@Suite struct ServeProcessTests {
    final class Running {
        let dir: URL, spool: URL, state: URL, conf: URL, log: URL
        private(set) var process: ChildProcess!

        init(_ name: String, config: String, clock: String = "events") throws {
            dir = try TestPaths.scratch("serve-\(name)")
            spool = dir.appendingPathComponent("spool")
            state = dir.appendingPathComponent("state")
            conf = dir.appendingPathComponent("pantau.conf")
            log = dir.appendingPathComponent("serve.log")
            try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
            try write(config: config)
            process = try ChildProcess(TestPaths.binary.path, ["serve", "--config", conf.path, "--clock", clock, "--listen", "127.0.0.1:0"],
                                       output: log.path)
        }

        deinit {
            process?.kill9()
            try? FileManager.default.removeItem(at: dir)
        }

        func write(config: String) throws {
            try ("[Daemon]\nSpool=\(spool.path)\nState=\(state.path)\n" + config).write(to: conf, atomically: true, encoding: .utf8)
        }

        func append(_ text: String) {
            let fd = open(spool.appendingPathComponent("events.jsonl").path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
            _ = text.withCString { Glibc.write(fd, $0, strlen($0)) }
            close(fd)
        }

        /// Waits until the log has `text` `count` times; false after `seconds`.
        func waitFor(_ text: String, count: Int = 1, seconds: Double = 10) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if let s = try? String(contentsOf: log, encoding: .utf8), s.components(separatedBy: text).count - 1 >= count { return true }
                usleep(20_000)
            }
            return false
        }

        var logText: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

        /// SIGTERM (or `signal`), then the figures from the final checkpoint, decoded with `config`
        /// (the configuration the daemon runs; by default the file as it is now).
        func stop(config: String? = nil, signal: Int32 = SIGTERM) throws -> Snapshot {
            kill(process.pid, signal)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            if let config { try write(config: config) }
            let configuration = try ConfigurationLoader.load(path: conf.path).get()
            guard case .loaded(let c) = CheckpointStore(directory: state.path).load() else {
                throw ServeError("no checkpoint")
            }
            let engine = try SLAEngine(settings: EngineSettings(configuration: configuration, defaultTimeZone: TimeZone.current),
                                       decodingState: c.engineState)
            return engine.snapshot()
        }
    }

    static func line(_ id: String, _ ticket: String, _ type: String, second: Int) -> String {
        EventLine.json(id, ticket, type, ts: "2026-03-02T08:00:\(String(format: "%02d", second))Z", channel: type == "created" ? "chat" : nil)
    }

    @Test func reloadAppliesNewTargetsToNewCycles() throws {
        let r = try Running("reload", config: "[Channel chat]\nFirstResponse=60s\n")
        r.append(Self.line("e1", "t1", "created", second: 0))
        #expect(r.waitFor("caught up"))
        try r.write(config: "[Channel chat]\nFirstResponse=30s\n")
        kill(r.process.pid, SIGHUP)
        #expect(r.waitFor("configuration reloaded"))
        // t2 starts under the 30 s target, t1 keeps its 60 s deadline; the clock moves to 08:00:45.
        r.append(Self.line("e2", "t2", "created", second: 10))
        r.append(Self.line("e3", "t3", "created", second: 45))
        #expect(r.waitFor("following new file") && r.waitFor("caught up"))
        usleep(300_000)
        let s = try r.stop()
        let chat = s.channels.first { $0.name == "chat" }!
        #expect(chat.sla[Int(SLAKind.firstResponse.rawValue)][.breached] == 1)  // t2 at 08:00:40
        #expect(chat.sla[Int(SLAKind.firstResponse.rawValue)].running == 2)
    }

    @Test func invalidReloadKeepsTheOldConfiguration() throws {
        let r = try Running("reload-invalid", config: "[Channel chat]\nFirstResponse=60s\n")
        #expect(r.waitFor("caught up"))
        try r.write(config: "[Channel chat]\nFirstRespons=30s\n")
        kill(r.process.pid, SIGHUP)
        #expect(r.waitFor("keeping the old configuration"))
        #expect(r.logText.contains("pantau.conf:5: unknown key \\\"FirstRespons\\\"") || r.logText.contains("pantau.conf:5: unknown key"))
        // Still running, still on the 60 s target.
        r.append(Self.line("e1", "t1", "created", second: 0))
        r.append(Self.line("e2", "t2", "created", second: 45))
        usleep(500_000)
        let s = try r.stop(config: "[Channel chat]\nFirstResponse=60s\n")
        let chat = s.channels.first { $0.name == "chat" }!
        #expect(chat.sla[Int(SLAKind.firstResponse.rawValue)][.breached] == 0)
        #expect(s.events.applied == 2)
    }

    @Test func reloadThatChangesTheChannelListIsRefused() throws {
        let r = try Running("reload-channels", config: "[Channel chat]\nFirstResponse=60s\n")
        #expect(r.waitFor("caught up"))
        try r.write(config: "[Channel chat]\nFirstResponse=60s\n[Channel email]\nFirstResponse=1h\n")
        kill(r.process.pid, SIGHUP)
        #expect(r.waitFor("needs a restart"))
        _ = try r.stop(config: "[Channel chat]\nFirstResponse=60s\n")
    }

    @Test func deleteConsumedRemovesAppliedCheckpointedQuietFiles() throws {
        let r = try Running("delete-consumed", config: "DeleteConsumed=1s\nCheckpointInterval=100ms\n[Channel chat]\nFirstResponse=60s\n")
        let batch = r.spool.appendingPathComponent("batch-1.jsonl")
        try (Self.line("e1", "t1", "created", second: 0) + Self.line("e2", "t1", "agent_reply", second: 5)).write(to: batch, atomically: true, encoding: .utf8)
        // A file whose last line is incomplete is never deleted.
        let partial = r.spool.appendingPathComponent("partial.jsonl")
        try (Self.line("e3", "t2", "created", second: 6) + #"{"id":"e4""#).write(to: partial, atomically: true, encoding: .utf8)
        #expect(r.waitFor("deleted consumed file", seconds: 15))
        #expect(!FileManager.default.fileExists(atPath: batch.path))
        #expect(FileManager.default.fileExists(atPath: partial.path))
        let s = try r.stop()
        #expect(s.events.applied == 3)
    }

    static func liveLine(_ id: String, _ ticket: String, _ type: String, at instant: Instant) -> String {
        EventLine.json(id, ticket, type, ts: RFC3339.format(instant), channel: type == "created" ? "chat" : nil)
    }

    @Test func wallClockFiresBreachesWithoutTrafficAndRejectsFutureLines() throws {
        let r = try Running("wall-clock", config: "[Channel chat]\nFirstResponse=1s\n", clock: "wall")
        #expect(r.waitFor("caught up"))
        let now = SystemClock().now()
        r.append(Self.liveLine("e1", "t1", "created", at: now) + Self.liveLine("e2", "t2", "created", at: now + .hours(1)))
        // No further line arrives: only the wall clock can move the engine past t1's deadline.
        usleep(2_000_000)
        let s = try r.stop(signal: SIGINT)
        let chat = s.channels.first { $0.name == "chat" }!
        #expect(chat.sla[Int(SLAKind.firstResponse.rawValue)][.breached] == 1)
        #expect(s.events[.futureTimestamp] == 1)
        #expect(s.at >= now + .seconds(1))
    }

    @Test func liveSpoolOperationsThroughTheRealDaemon() throws {
        // Rotation with a late write to the old descriptor, a batch renamed in from tmp/, and a
        // copytruncate, all while `serve` follows the spool through inotify.
        let r = try Running("live-ops", config: "[Channel chat]\nFirstResponse=1h\n")
        #expect(r.waitFor("caught up"))
        let live = r.spool.appendingPathComponent("events.jsonl").path
        r.append(Self.line("e1", "t1", "created", second: 1))
        #expect(r.waitFor("following new file"))
        let old = open(live, O_WRONLY | O_APPEND)
        rename(live, live + ".1")
        _ = Self.line("e2", "t1", "assigned", second: 2).withCString { write(old, $0, strlen($0)) }
        close(old)
        r.append(Self.line("e3", "t2", "created", second: 3))
        try FileManager.default.createDirectory(at: r.spool.appendingPathComponent("tmp"), withIntermediateDirectories: true)
        let tmp = r.spool.appendingPathComponent("tmp/b.jsonl")
        try (Self.line("e4", "t3", "created", second: 4) + Self.line("e5", "t4", "created", second: 5)).write(to: tmp, atomically: false, encoding: .utf8)
        rename(tmp.path, r.spool.appendingPathComponent("batch-1.jsonl").path)
        #expect(r.waitFor("following new file", count: 3))
        usleep(300_000)
        truncate(live, 0)
        r.append(Self.line("e6", "t5", "created", second: 6))
        #expect(r.waitFor("file truncated"))
        usleep(300_000)
        let s = try r.stop()
        #expect(s.events.applied == 6)
        #expect(s.channels.first { $0.name == "chat" }!.counters[TicketCounter.created.rawValue] == 5)
    }

    @Test func sigtermWritesAFinalCheckpointAndExitsZero() throws {
        let r = try Running("sigterm", config: "[Channel chat]\nFirstResponse=60s\n")
        r.append(Self.line("e1", "t1", "created", second: 0) + "garbage\n")
        #expect(r.waitFor("caught up"))
        let s = try r.stop()
        #expect(s.events.applied == 1)
        #expect(s.events[.invalidJSON] == 1)
        #expect(r.logText.contains("final checkpoint written"))
    }
}
