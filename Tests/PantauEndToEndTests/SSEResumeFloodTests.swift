import Foundation
import Glibc
import Testing
@testable import PantauServe
@testable import PantauCommands
import PantauSystem
import PantauTestKit

/// Resuming `/events` clients that never read: the missed history is queued as the shared
/// rendered events (never a private copy per client), a resume that missed more than
/// `MaxSSEBuffer=` gets a snapshot instead, and `/metrics` keeps answering.
@Suite struct SSEResumeFloodTests {
    typealias L = HTTPEndpointTests

    /// A daemon whose resume history holds 20,000 events (a warning and a breach for each of
    /// 10,000 tickets, ~5 MB rendered), and the id a client that saw none of them resumes with.
    static func daemonWithFullHistory(_ name: String, config: String) throws -> (ServedDaemon, String) {
        let d = try ServedDaemon(name, config: "PushInterval=1h\nEventHistory=20000\n" + config)
        let witness = try SSETestClient(port: d.port)
        let start = try #require(witness.next("snapshot")).message.lastEventID
        var lines = ""
        for k in 0..<10_000 { lines += L.line("c\(k)", "TICKET-\(k)", "created", "2026-03-02T08:00:00Z", channel: "chat") }
        lines += L.line("late", "Z", "created", "2026-03-02T09:00:00Z", channel: "email")
        d.append(lines)
        _ = try d.poll("/metrics", seconds: 30) {
            (ExpositionChecker.parse($0.text, openMetrics: false).value(of: "pantau_sse_events_pushed_total") ?? 0) >= 20_000
        }
        return (d, start)
    }

    /// `count` clients resuming from `lastID` through a 4 KiB receive window, never reading.
    static func resumeWithoutReading(_ count: Int, port: UInt16, lastID: String) -> [Int32] {
        let request = "GET /events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\nLast-Event-ID: \(lastID)\r\n\r\n"
        var fds: [Int32] = []
        for _ in 0..<count {
            let fd = HTTPAbuseTests.open(port, receiveBuffer: 4096)
            guard fd >= 0 else { continue }
            _ = request.withCString { send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
            fds.append(fd)
        }
        return fds
    }

    static func sseClients(_ d: ServedDaemon) throws -> Double {
        ExpositionChecker.parse(try d.get("/metrics").text, openMetrics: false).value(of: "pantau_sse_clients") ?? -1
    }

    @Test func fiveHundredNonReadingResumesShareTheMissedEvents() throws {
        HTTPAbuseTests.raiseLimit()
        // The 5 MB of missed events fit in MaxSSEBuffer=8M, so each resume replays them all.
        let (d, start) = try Self.daemonWithFullHistory("sse-resume-shared", config: "MaxSSEBuffer=8M\n")
        let before = HTTPAbuseTests.rss(d.process.pid)
        let fds = Self.resumeWithoutReading(500, port: d.port, lastID: start)
        defer { for fd in fds { close(fd) } }
        #expect(fds.count == 500)
        let began = Date()
        while try Self.sseClients(d) < 500, Date().timeIntervalSince(began) < 30 { usleep(50_000) }
        let metrics = try HTTPAbuseTests.timedMetrics(d)
        let after = HTTPAbuseTests.rss(d.process.pid)
        print("RSS before/after 500 non-reading resumes of 20,000 missed events: \(before >> 20) / \(after >> 20) MiB; /metrics \(metrics) ms")
        #expect(try Self.sseClients(d) == 500)
        // A private copy each would be 500 × 5 MB; shared, the queues hold only references.
        #expect(after - before < 256 << 20, "grew \((after - before) >> 20) MiB")
        #expect(metrics < 500)

        // A client that does read gets every missed event, once, then the snapshot.
        let reader = try SSETestClient(port: d.port, headers: [("Last-Event-ID", start)])
        var missed = 0
        var last: SSEMessage?
        while let m = reader.next(within: 5)?.message {
            last = m
            if m.type == "breach" || m.type == "warning" { missed += 1 } else { break }
        }
        #expect(missed == 20_000)
        #expect(last?.type == "snapshot")
    }

    @Test func aResumeThatMissedMoreThanMaxSSEBufferGetsASnapshot() throws {
        HTTPAbuseTests.raiseLimit()
        let (d, start) = try Self.daemonWithFullHistory("sse-resume-bounded", config: "")  // MaxSSEBuffer=512K
        let before = HTTPAbuseTests.rss(d.process.pid)
        let fds = Self.resumeWithoutReading(500, port: d.port, lastID: start)
        defer { for fd in fds { close(fd) } }
        let began = Date()
        while try Self.sseClients(d) < 500, Date().timeIntervalSince(began) < 30 { usleep(50_000) }
        let metrics = try HTTPAbuseTests.timedMetrics(d)
        let after = HTTPAbuseTests.rss(d.process.pid)
        print("RSS before/after 500 non-reading over-long resumes: \(before >> 20) / \(after >> 20) MiB; /metrics \(metrics) ms")
        #expect(after - before < 128 << 20, "grew \((after - before) >> 20) MiB")
        #expect(metrics < 500)

        // 5 MB missed, 512 KiB allowed: a snapshot only, as for an evicted id.
        let reader = try SSETestClient(port: d.port, headers: [("Last-Event-ID", start)])
        #expect(reader.drain().map(\.type) == ["snapshot"])
        // A short resume still replays: the last three breaches, then the snapshot.
        let recent = try SSETestClient(port: d.port)
        let now = try #require(recent.next("snapshot")).message.lastEventID
        let seq = try #require(UInt64(now.split(separator: "-")[1]))
        let near = try SSETestClient(port: d.port, headers: [("Last-Event-ID", "\(now.split(separator: "-")[0])-\(seq - 3)")])
        #expect(near.drain().map(\.type) == ["breach", "breach", "breach", "snapshot"])
    }
}
