import Foundation
import Glibc
import PantauCore
@testable import PantauServe
import PantauSystem
import PantauTestKit
import Testing

/// What `pantau serve` tells systemd, recorded in-process with the real timers and inotify:
/// progress while it catches up, `READY=1` only once the backlog is applied, watchdog pings from
/// the engine's own queue (a wedged engine stops them), and the reload protocol.
@Suite struct ServiceManagerNotifyTests {
    final class Daemon {
        let dir: URL
        let notifier: RecordingNotifier
        let runtime: ServeRuntime
        private let logFD: Int32

        init(_ name: String, backlog: String = "", watchdog: UInt64? = nil) throws {
            dir = try TestPaths.scratch("notify-\(name)")
            let spool = dir.appendingPathComponent("spool")
            try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
            try backlog.write(to: spool.appendingPathComponent("backlog.jsonl"), atomically: true, encoding: .utf8)
            try Self.config(dir, "FirstResponse=1h")
            logFD = open(dir.appendingPathComponent("serve.log").path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            notifier = RecordingNotifier(watchdogMicroseconds: watchdog)
            let options = ServeOptions(configurationPath: dir.appendingPathComponent("pantau.conf").path, clock: .wall, listen: ["127.0.0.1:0"])
            runtime = try ServeRuntime(settings: try ServeSettings.load(options).get(), log: Logger(minimum: .info, fd: logFD), notifier: notifier)
        }

        static func config(_ dir: URL, _ target: String) throws {
            try "[Daemon]\nSpool=\(dir.path)/spool\nState=\(dir.path)/state\n[Channel chat]\n\(target)\n"
                .write(to: dir.appendingPathComponent("pantau.conf"), atomically: true, encoding: .utf8)
        }

        deinit {
            runtime.group.stop()
            close(logFD)
            try? FileManager.default.removeItem(at: dir)
        }
    }

    /// 40 000 tickets created an hour ago, 10 000 of them resolved: 30 000 stay open.
    static let backlog: String = {
        let base = Int64(Date().timeIntervalSince1970) - 3600
        var text = ""
        for i in 0..<40_000 {
            let ts = RFC3339.format(Instant(nanoseconds: (base + Int64(i / 100)) * 1_000_000_000))
            text += EventLine.json("c\(i)", "t\(i)", "created", ts: ts, channel: "chat")
            if i % 4 == 0 { text += EventLine.json("r\(i)", "t\(i)", "resolved", ts: ts) }
        }
        return text
    }()

    @Test func readyComesOnceTheBacklogIsAppliedWithProgressBefore() throws {
        let d = try Daemon("ready", backlog: Self.backlog)
        try d.runtime.group.start()
        #expect(Polling.waitUntil(60) { d.notifier.texts.contains { $0.hasPrefix("READY=1") } })
        let texts = d.notifier.texts
        let ready = try #require(texts.firstIndex { $0.hasPrefix("READY=1") })
        // Progress first, from the first moment.
        #expect(texts[0].hasPrefix("STATUS=catching up with the spool: 0 events applied"), "\(texts[0])")
        #expect(ready > 0)
        #expect(texts[..<ready].allSatisfy { $0.hasPrefix("STATUS=catching up with the spool") })
        // Ready with the summary of the whole backlog: every open ticket counted.
        #expect(texts[ready].hasPrefix("READY=1\nSTATUS=1 spool files, 30000 open tickets, 0 SSE clients, last checkpoint "), "\(texts[ready])")
        #expect(texts.filter { $0.hasPrefix("READY=1") }.count == 1)
        #expect(d.runtime.engine.snapshot().events.applied == 50_000)
    }

    @Test func watchdogPingsComeFromTheEngineQueueAndStopWhenItWedges() throws {
        let d = try Daemon("watchdog", watchdog: 200_000)
        try d.runtime.group.start()
        #expect(Polling.waitUntil(10) { d.notifier.pings.count >= 5 })  // every 100 ms: half the interval
        let gaps = zip(d.notifier.pings.dropFirst(), d.notifier.pings).map { $0 - $1 }
        #expect(gaps.allSatisfy { $0 < .milliseconds(500) }, "\(gaps)")  // loose: a loaded machine delays timers
        // Wedge the engine's queue for 1.2 s: no ping while it is stuck, pings again after.
        let wedged = ContinuousClock.now
        d.runtime.engine.queue.async { usleep(1_200_000) }
        #expect(Polling.waitUntil(10) { d.notifier.pings.contains { $0 > wedged + .milliseconds(1300) } })
        let during = d.notifier.pings.filter { $0 > wedged + .milliseconds(50) && $0 < wedged + .milliseconds(1150) }
        #expect(during.isEmpty, "\(during.count) pings while the engine was stuck")
    }

    @Test func aReloadSaysReloadingWithTheMonotonicClockThenReady() throws {
        let d = try Daemon("reload")
        try d.runtime.group.start()
        #expect(Polling.waitUntil(10) { d.notifier.texts.contains { $0.hasPrefix("READY=1") } })
        try Daemon.config(d.dir, "FirstResponse=5min")
        let before = SystemClock().monotonicNanoseconds() / 1000
        #expect(d.runtime.reload())
        try Daemon.config(d.dir, "FirstResponse=soon")
        #expect(!d.runtime.reload())
        let after = SystemClock().monotonicNanoseconds() / 1000
        let texts = Array(d.notifier.texts.drop { !$0.hasPrefix("RELOADING=1") })
        try #require(texts.count == 4, "\(texts)")
        for i in [0, 2] {
            let usec = try #require(UInt64(texts[i].split(separator: "\n")[1].dropFirst("MONOTONIC_USEC=".count)))
            #expect(texts[i].hasPrefix("RELOADING=1\nMONOTONIC_USEC=") && usec >= before && usec <= after)
        }
        #expect(texts[1].hasPrefix("READY=1\nSTATUS=configuration reloaded: 1 spool files, 0 open tickets"))
        #expect(texts[3].hasPrefix("READY=1\nSTATUS=reload refused; running on the old configuration: "))
    }
}
