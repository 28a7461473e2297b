import Foundation
import Glibc
import Testing
@testable import PantauCore
@testable import PantauServe
@testable import PantauCommands
import PantauSystem
import PantauTestKit

/// `/events` read by a client that parses the stream as the WHATWG algorithm does
/// (`SSEStreamParser`), against a real `pantau serve`.
@Suite struct SSEStreamTests {
    typealias L = HTTPEndpointTests

    static func json(_ message: SSEMessage) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(message.data.utf8))) as? [String: Any] ?? [:]
    }

    static func isID(_ id: String) -> Bool {
        id.wholeMatch(of: /[0-9a-f]{8}-[0-9]+/) != nil
    }

    @Test func connectGetsRetryAndASnapshotThenMetricsEveryPushInterval() throws {
        let d = try ServedDaemon("sse-connect", config: "PushInterval=200ms\n")
        d.append(L.history)
        _ = try d.poll("/api/v1/snapshot") { $0.text.contains(#""applied":8"#) }
        let c = try SSETestClient(port: d.port)
        #expect(c.head.status == 200)
        #expect(c.head.header("Content-Type") == "text/event-stream; charset=utf-8")
        #expect(c.head.header("Cache-Control") == "no-cache")
        #expect(c.head.header("X-Accel-Buffering") == "no")
        #expect(c.head.header("Content-Length") == nil)
        let first = try #require(c.next())
        #expect(first.message.type == "snapshot")
        #expect(c.retry == 3000)
        #expect(Self.isID(first.message.lastEventID), "\(first.message.lastEventID)")
        let snapshot = Self.json(first.message)
        #expect((snapshot["channels"] as? [String: Any])?.keys.sorted() == ["chat", "email", "hotline"])
        #expect(((snapshot["events"] as? [String: Any])?["applied"] as? Int) == 8)

        var times: [Date] = []
        for _ in 0..<5 {
            let m = try #require(c.next("metrics", within: 2))
            #expect(Self.json(m.message)["channels"] != nil)
            #expect(Self.isID(m.message.lastEventID))
            times.append(m.received)
        }
        // Pushes keep a fixed cadence (a late push does not shift the ones after it), so four gaps
        // add up to about 0.8 s even when one push is held up by a busy machine.
        let gaps = zip(times.dropFirst(), times).map { $0.timeIntervalSince($1) }
        let mean = gaps.reduce(0, +) / Double(gaps.count)
        #expect(mean > 0.15 && mean < 0.3 && gaps.allSatisfy { $0 < 0.6 }, "metrics gaps \(gaps)")
    }

    /// Wall clock: a ticket created now with a 2 s first-response target breaches 2 s later; the
    /// breach must reach the client within 100 ms of that deadline.
    @Test func breachReachesTheClientWithin100msOfItsDeadline() throws {
        let d = try ServedDaemon("sse-latency", config: "PushInterval=1h\n", clock: "wall",
                                 channels: "[Channel chat]\nFirstResponse=1s\nWarnAt=50%\n")
        let c = try SSETestClient(port: d.port)
        #expect(c.next()?.message.type == "snapshot")
        var lateness: [Double] = []
        for k in 0..<3 {
            let created = Date()
            let ts = ISO8601DateFormatter.string(from: created, timeZone: TimeZone(identifier: "UTC")!,
                                                 formatOptions: [.withInternetDateTime, .withFractionalSeconds])
            d.append(L.line("lat-\(k)", "L\(k)", "created", ts, channel: "chat"))
            let warning = try #require(c.next("warning", within: 5))
            #expect(Self.json(warning.message)["ticket"] as? String == "L\(k)")
            let breach = try #require(c.next("breach", within: 5))
            let data = Self.json(breach.message)
            #expect(data["ticket"] as? String == "L\(k)")
            #expect(data["channel"] as? String == "chat")
            #expect(data["sla"] as? String == "first_response")
            #expect(data["type"] as? String == "breach")
            let deadline = try #require(RFC3339.parse(data["deadline"] as? String ?? ""))
            let receivedNs = Int64(breach.received.timeIntervalSince1970 * 1e9)
            lateness.append(Double(receivedNs - deadline.nanoseconds) / 1e9)
        }
        print("breach lateness after the deadline (s): \(lateness)")
        // Never before the deadline; within 100 ms for at least two of the three (one scheduling
        // stall of a loaded test machine is allowed, but not beyond half a second).
        #expect(lateness.allSatisfy { $0 >= 0 && $0 <= 0.5 }, "\(lateness)")
        #expect(lateness.filter { $0 <= 0.1 }.count >= 2, "\(lateness)")
    }

    /// The resume tests' two bursts (events clock): the first decides T1's breach and leaves T2 and
    /// T3 running; the second breaches T2 and T3 and warns and breaches H1 at least.
    static let resumeBursts = [
        L.line("1", "T1", "created", "2026-03-02T08:00:00Z", channel: "chat")
            + L.line("2", "T2", "created", "2026-03-02T08:00:10Z", channel: "chat")
            + L.line("3", "T3", "created", "2026-03-02T08:01:05Z", channel: "chat"),
        L.line("4", "T4", "created", "2026-03-02T08:03:00Z", channel: "chat")
            + L.line("5", "H1", "created", "2026-03-02T08:03:10Z", channel: "hotline")
            + L.line("6", "H2", "created", "2026-03-02T08:04:00Z", channel: "hotline"),
    ]

    /// Events clock: breaches are decided as later events move the clock. A client that drops out
    /// and comes back with `Last-Event-ID` gets each missed breach and warning once, then a snapshot.
    @Test func resumeWithLastEventIDGetsEachMissedEventOnceThenASnapshot() throws {
        let d = try ServedDaemon("sse-resume", config: "PushInterval=1h\n")
        let witness = try SSETestClient(port: d.port)
        #expect(witness.next()?.message.type == "snapshot")
        var a: SSETestClient? = try SSETestClient(port: d.port)
        #expect(a?.next()?.message.type == "snapshot")

        d.append(Self.resumeBursts[0])
        let before = witness.drain().filter { $0.type == "breach" || $0.type == "warning" }
        #expect(before.contains { $0.type == "breach" && $0.data.contains(#""ticket":"T1""#) })
        let seenByA = a!.drain()
        #expect(seenByA == before)
        let lastID = try #require(seenByA.last?.lastEventID)
        a = nil  // disconnects

        d.append(Self.resumeBursts[1])
        let missed = witness.drain().filter { $0.type == "breach" || $0.type == "warning" }
        #expect(missed.count >= 4, "\(missed)")  // T2 and T3 breach, H1 warning and breach at least

        let back = try SSETestClient(port: d.port, headers: [("Last-Event-ID", lastID)])
        let replayed = back.drain()
        #expect(Array(replayed.dropLast()) == missed)
        #expect(replayed.last?.type == "snapshot")
        #expect(replayed.last?.lastEventID == missed.last?.lastEventID)

        // A filtered resume gets only its channel's missed events.
        let chatOnly = try SSETestClient(port: d.port, target: "/events?channel=chat", headers: [("Last-Event-ID", lastID)])
        let chatReplay = chatOnly.drain()
        #expect(Array(chatReplay.dropLast()) == missed.filter { $0.data.contains(#""channel":"chat""#) })

        // Unknown boot, garbage and a future sequence: just a snapshot.
        for id in ["00000000-1", "garbage", "\(lastID.split(separator: "-")[0])-999999"] {
            let fresh = try SSETestClient(port: d.port, headers: [("Last-Event-ID", id)])
            let got = fresh.drain()
            #expect(got.map(\.type) == ["snapshot"], "\(id): \(got)")
        }
    }

    @Test func anEvictedLastEventIDGetsOnlyASnapshot() throws {
        let d = try ServedDaemon("sse-evicted", config: "PushInterval=1h\nEventHistory=2\n")
        let c = try SSETestClient(port: d.port)
        let start = try #require(c.next()).message.lastEventID
        d.append((0..<5).map { L.line("c\($0)", "E\($0)", "created", "2026-03-02T08:00:0\($0)Z", channel: "chat") }.joined()
                 + L.line("late", "Z", "created", "2026-03-02T09:00:00Z", channel: "email"))
        let pushed = c.drain().filter { $0.type != "metrics" }
        #expect(pushed.count == 10, "\(pushed.map(\.type))")  // five warnings, five breaches
        let again = try SSETestClient(port: d.port, headers: [("Last-Event-ID", start)])
        #expect(again.drain().map(\.type) == ["snapshot"])
        // The last two are still there.
        let recent = try SSETestClient(port: d.port, headers: [("Last-Event-ID", pushed[7].lastEventID)])
        #expect(recent.drain().map(\.type) == ["breach", "breach", "snapshot"])
    }

    @Test func channelFilterLimitsSnapshotsMetricsAndBreaches() throws {
        let d = try ServedDaemon("sse-filter", config: "PushInterval=200ms\n")
        let c = try SSETestClient(port: d.port, target: "/events?channel=chat&channel=email")
        let snap = Self.json(try #require(c.next("snapshot")).message)
        #expect((snap["channels"] as? [String: Any])?.keys.sorted() == ["chat", "email"])
        let metrics = Self.json(try #require(c.next("metrics", within: 2)).message)
        #expect((metrics["channels"] as? [String: Any])?.keys.sorted() == ["chat", "email"])
        d.append(L.line("1", "H", "created", "2026-03-02T08:00:00Z", channel: "hotline")
                 + L.line("2", "C", "created", "2026-03-02T08:00:00Z", channel: "chat")
                 + L.line("3", "X", "created", "2026-03-02T08:05:00Z", channel: "email"))
        let got = c.drain().filter { $0.type == "breach" || $0.type == "warning" }
        #expect(!got.isEmpty)
        #expect(got.allSatisfy { $0.data.contains(#""channel":"chat""#) }, "\(got)")

        let bad = try d.get("/events?channel=chat,nope")
        #expect(bad.status == 400)
        #expect(bad.text.contains(#"unknown channel "nope""#))
        let head = try d.get("/events", method: "HEAD")
        #expect(head.status == 200 && head.header("Content-Type") == "text/event-stream; charset=utf-8")
    }

    @Test func aClientThatStopsReadingIsDroppedAndOthersKeepTheirPace() throws {
        let d = try ServedDaemon("sse-slow", config: "PushInterval=10ms\nMaxSSEBuffer=16K\n")
        d.append(L.history)
        let slow = try SSETestClient(port: d.port, receiveBuffer: 4096)
        let good = try SSETestClient(port: d.port)
        var received = 0
        var dropped = false
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline && (!dropped || received < 300) {
            if good.next("metrics", within: 1) != nil { received += 1 }
            if received % 50 == 0 {
                let e = ExpositionChecker.parse(try d.get("/metrics").text, openMetrics: false)
                dropped = (e.value(of: "pantau_http_refused_total", labels: ["reason": "slow_client"]) ?? 0) >= 1
            }
        }
        #expect(dropped, "the client that does not read was not dropped")
        #expect(received >= 300, "the reading client got \(received) metrics")
        // The slow client's connection was closed: what it can still read ends in EOF.
        #expect(slow.client.readsEOF(within: 10))
        // The reader is still served at its pace.
        let start = Date()
        for _ in 0..<20 { #expect(good.next("metrics", within: 1) != nil) }
        #expect(Date().timeIntervalSince(start) < 2)
    }

    @Test func moreClientsThanMaxSSEClientsGet503() throws {
        let d = try ServedDaemon("sse-max", config: "MaxSSEClients=2\n")
        let a = try SSETestClient(port: d.port), b = try SSETestClient(port: d.port)
        #expect(a.head.status == 200 && b.head.status == 200)
        let r = try d.get("/events")
        #expect(r.status == 503)
        #expect(r.header("Retry-After") != nil)
    }
}
