import Foundation
import Glibc
import PantauCore
@testable import PantauServe
import PantauSystem
import PantauTestKit
import Testing

/// The serve runtime in-process with a manual clock: deadlines, reload, restart and stop, exact
/// and without sleeping for time to pass.
@Suite struct ServeRuntimeTests {
    static let chat = "[Channel chat]\nFirstResponse=10s\n"

    @Test func aBreachIsDecidedAtItsDeadlineByTheWallClockAlone() throws {
        let h = try ServeHarness("deadline", config: Self.chat)
        try h.start()
        let sse = try SSETestClient(port: h.port)
        #expect(sse.next("snapshot") != nil)
        h.append(h.line("e1", "t1", "created"))
        h.turn()
        #expect(h.snapshot.channels.first { $0.name == "chat" }!.queueDepth == 1)
        // Decided once the clock passes the deadline: a reply at the deadline itself is met (SPEC §3.4).
        h.advance(by: .seconds(10))
        #expect(h.count("chat", .firstResponse, .breached) == 0)
        h.advance(by: .milliseconds(1))
        #expect(h.count("chat", .firstResponse, .breached) == 1)
        // The at-risk warning came first (80 % of the target by default), then the breach.
        let warning = try #require(sse.next("warning"))
        #expect(warning.message.lastEventID.hasSuffix("-1"))
        let breach = try #require(sse.next("breach"))
        #expect(breach.message.data.contains(#""ticket":"t1""#))
        #expect(breach.message.lastEventID.hasSuffix("-2"))
    }

    @Test func noDeadlineIsDecidedBeforeTheBacklogIsApplied() throws {
        let h = try ServeHarness("backlog", config: Self.chat)
        // Written before the start, stamped before the clock: the engine catches up first, and the
        // reply within 10 s (in the spool, after a minute of wall time) is met, not breached.
        h.append(h.line("e1", "t1", "created", after: .seconds(-60)) + h.line("e2", "t1", "agent_reply", after: .seconds(-55)))
        try h.start()
        h.turn()
        #expect(h.count("chat", .firstResponse, .met) == 1)
        #expect(h.count("chat", .firstResponse, .breached) == 0)
        #expect(try h.get("/readyz").status == 200)
    }

    @Test func aReloadAppliesTheNewTargetAndAnInvalidOneIsRefused() throws {
        let h = try ServeHarness("reload", config: "[Channel chat]\nFirstResponse=1h\n")
        try h.start()
        try h.rewrite(config: Self.chat)
        #expect(h.runtime.reload())
        h.append(h.line("e1", "t1", "created"))
        h.advance(by: .milliseconds(10_001))
        #expect(h.count("chat", .firstResponse, .breached) == 1)
        try h.rewrite(config: "[Channel chat]\nFirstResponse=soon\n")
        #expect(!h.runtime.reload())
        #expect(h.logText.contains("configuration error; keeping the old configuration"))
        // Still the 10 s target.
        h.append(h.line("e2", "t2", "created"))
        h.advance(by: .milliseconds(10_001))
        #expect(h.count("chat", .firstResponse, .breached) == 2)
    }

    @Test func aReloadKeepsRestartOnlyKeysAndSaysSo() throws {
        let h = try ServeHarness("restart-only", config: Self.chat)
        try h.start()
        let port = h.port
        // (--listen, which the harness gives, wins over Listen= at every reload.)
        try h.rewrite(config: "HTTPThreads=3\nMaxConnections=100\n" + Self.chat)
        #expect(h.runtime.reload())
        #expect(h.logText.contains("changes to HTTPThreads=, MaxConnections= take effect at the next restart"))
        #expect(h.runtime.http.server.shards.count != 3)
        #expect(h.port == port)
        #expect(try h.get("/healthz").status == 200)
    }

    @Test func aChannelListChangeNeedsARestart() throws {
        let h = try ServeHarness("channels", config: Self.chat)
        try h.start()
        try h.rewrite(config: Self.chat + "[Channel email]\nFirstResponse=4h\n")
        #expect(!h.runtime.reload())
        #expect(h.logText.contains("that needs a restart"))
        #expect(try h.get("/api/v1/snapshot").text.contains(#""email""#) == false)
    }

    @Test func aRestartContinuesFromTheFinalCheckpoint() throws {
        let h = try ServeHarness("restart", config: Self.chat)
        try h.start()
        h.append(h.line("e1", "t1", "created") + h.line("e2", "t2", "created"))
        h.advance(by: .milliseconds(10_001))
        #expect(h.count("chat", .firstResponse, .breached) == 2)
        let before = h.snapshot
        #expect(h.stop())
        #expect(h.logText.contains("final checkpoint written"))
        try h.restart()
        #expect(h.snapshot == before)
        // Lines already applied are not applied again; new ones are.
        h.append(h.line("e3", "t3", "created"))
        h.advance(by: .milliseconds(10_001))
        #expect(h.count("chat", .firstResponse, .breached) == 3)
        #expect(h.snapshot.events.duplicate == 0)
    }

    @Test func stoppingEndsTheStreamsAndTheServerThreads() throws {
        let h = try ServeHarness("stop", config: Self.chat)
        try h.start()
        let sse = try SSETestClient(port: h.port)
        #expect(sse.next("snapshot") != nil)
        let idle = try HTTPTestClient(port: h.port)
        let loops = h.runtime.http.server.shards.map(\.loop)
        let port = h.port
        #expect(h.stop())
        // The stream ends with a FIN (EOF), so a wallboard reconnects; so does an idle connection.
        #expect(sse.next(within: 2) == nil && sse.ended)
        #expect(idle.readsEOF(within: 2))
        #expect(loops.allSatisfy { $0.hasEnded })
        // Nobody listens any more.
        #expect(throws: (any Error).self) { try HTTPTestClient(port: port, timeout: 1) }
    }

    @Test func aFailingFinalCheckpointMakesTheStopUnclean() throws {
        let h = try ServeHarness("ckpt-fail", config: Self.chat)
        try h.start()
        h.append(h.line("e1", "t1", "created"))
        h.turn()
        // The state directory becomes a file: the final checkpoint cannot be written.
        try? FileManager.default.removeItem(at: h.state)
        try "not a directory".write(to: h.state, atomically: true, encoding: .utf8)
        #expect(!h.stop())
        #expect(h.logText.contains("final checkpoint failed"))
    }

    @Test func aResumeGetsEachMissedEventOnceThenASnapshot() throws {
        let h = try ServeHarness("resume", config: Self.chat)
        try h.start()
        var first: SSETestClient? = try SSETestClient(port: h.port)
        #expect(first?.next("snapshot") != nil)
        h.append(h.line("e1", "t1", "created"))
        h.advance(by: .milliseconds(10_001))
        let seen = try #require(first?.next("breach"))
        first = nil  // the wallboard goes away (its socket closes)
        // Two more tickets breach while the wallboard is away: a warning and a breach each.
        h.append(h.line("e2", "t2", "created") + h.line("e3", "t3", "created"))
        h.advance(by: .milliseconds(10_001))
        let back = try SSETestClient(port: h.port, headers: [("Last-Event-ID", seen.message.lastEventID)])
        var missed: [SSEMessage] = []
        while let m = back.next(within: 2), m.message.type != "snapshot" { missed.append(m.message) }
        let boot = seen.message.lastEventID.split(separator: "-")[0]
        #expect(missed.map(\.lastEventID) == (3...6).map { "\(boot)-\($0)" })
        #expect(missed.map(\.type).sorted() == ["breach", "breach", "warning", "warning"])
        #expect(back.all.last?.type == "snapshot" && back.all.last?.lastEventID == "\(boot)-6")
        // Nothing is sent twice afterwards.
        #expect(back.next(within: 0.3) == nil)
    }

    /// The wallboard's watchdog opens a new EventSource, which cannot set headers: the id comes
    /// as `last_event_id=`, with the same replay as the header.
    @Test func aResumeMayNameTheLastIdInTheQuery() throws {
        let h = try ServeHarness("resume-query", config: Self.chat)
        try h.start()
        var first: SSETestClient? = try SSETestClient(port: h.port)
        h.append(h.line("e1", "t1", "created"))
        h.advance(by: .milliseconds(10_001))
        let seen = try #require(first?.next("breach"))
        first = nil
        h.append(h.line("e2", "t2", "created"))
        h.advance(by: .milliseconds(10_001))
        let back = try SSETestClient(port: h.port, target: "/events?channel=chat&last_event_id=\(seen.message.lastEventID)")
        var missed: [SSEMessage] = []
        while let m = back.next(within: 2), m.message.type != "snapshot" { missed.append(m.message) }
        let boot = seen.message.lastEventID.split(separator: "-")[0]
        #expect(missed.map(\.lastEventID) == (3...4).map { "\(boot)-\($0)" })
        #expect(missed.map(\.type) == ["warning", "breach"])
    }

    @Test func readyzSaysCatchingUpUntilTheBacklogIsApplied() throws {
        let h = try ServeHarness("readyz", config: Self.chat)
        h.append(h.line("e1", "t1", "created", after: .seconds(-5)))
        try h.start()
        let before = try h.get("/readyz")
        #expect(before.status == 503 && before.text.contains("catching up"))
        #expect(try h.get("/healthz").status == 200)
        h.turn()
        #expect(try h.get("/readyz").status == 200)
    }

    @Test func aKeepaliveCommentFollows15SecondsOfSilence() throws {
        let h = try ServeHarness("keepalive", config: "PushInterval=1h\n" + Self.chat)
        try h.start()
        h.turn()
        let c = try SSETestClient(port: h.port)
        #expect(c.next()?.message.type == "snapshot")
        // The keepalive timer looks every second (real time) at the clock (the manual one).
        h.clock.advance(by: .seconds(14))
        #expect(c.next(within: 1.3) == nil)
        #expect(!c.comments.contains("keepalive"))
        h.clock.advance(by: .seconds(1))
        #expect(c.next(within: 1.3) == nil)  // comments are not messages
        #expect(c.comments.contains("keepalive"), "\(c.comments)")
    }

    @Test func aSecondRuntimeOnTheSameStateRefusesToStart() throws {
        let h = try ServeHarness("state-lock", config: Self.chat)
        try h.start()
        let options = ServeOptions(configurationPath: h.conf.path, listen: ["127.0.0.1:0"])
        let other = try ServeRuntime(settings: try ServeSettings.load(options).get(), clock: h.clock, drive: .manual,
                                     log: Logger(minimum: .error, fd: open("/dev/null", O_WRONLY | O_CLOEXEC)))
        #expect {
            try other.group.start()
        } throws: { error in
            error is ServeError && "\(error)".contains("is in use by another pantau serve")
        }
        // Once the first stops, the state is free again.
        #expect(h.stop())
        try other.group.start()
        #expect(other.group.stop())
    }

    @Test func aPushIntervalOfCenturiesNeverOverflows() throws {
        let h = try ServeHarness("push-centuries", config: "PushInterval=9223372036s\n" + Self.chat)  // now + interval passes Int64.max
        try h.start()
        h.turn()
        h.advance(by: .seconds(1))
        #expect(try h.get("/healthz").status == 200)
    }
}
