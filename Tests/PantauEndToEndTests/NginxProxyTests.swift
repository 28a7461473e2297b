import Foundation
import Glibc
import PantauSystem
@testable import PantauCore
import PantauTestKit
import Testing

/// contrib/nginx/pantau.conf in a real nginx (Debian `nginx-light`) in front of a real
/// `pantau serve`: breaches reach an `/events` client through the proxy within 100 ms of their
/// deadline, `Last-Event-ID` resume works through it, `/metrics`, the page and the API pass, HTTP/2
/// in front carries many streams on one connection. (The backup of an HA pair taking over:
/// `ScaleOutTests.nginxMovesStreamsToTheBackupOfAnHAPair`.)
@Suite(.enabled(if: NginxProxy.available, "nginx is not installed (Debian package nginx-light)"))
struct NginxProxyTests {
    typealias L = HTTPEndpointTests

    static func now() -> String { RFC3339.format(Instant(nanoseconds: Int64(Date().timeIntervalSince1970 * 1e9))) }

    @Test func aBreachReachesAClientThroughTheProxyWithin100msOfItsDeadline() throws {
        let d = try ServedDaemon("nginx-latency", config: "PushInterval=1h\n", clock: "wall",
                                 channels: "[Channel chat]\nFirstResponse=1s\nWarnAt=50%\n")
        let proxy = try NginxProxy(upstreams: [d.address])
        let c = try SSETestClient(port: proxy.port)
        #expect(c.head.status == 200)
        #expect(c.head.header("Content-Type") == "text/event-stream; charset=utf-8")
        #expect(c.head.header("Server")?.hasPrefix("nginx") == true, "not through nginx: \(c.head.headers)")
        #expect(c.next()?.message.type == "snapshot")
        var lateness: [Double] = []
        for k in 0..<3 {
            d.append(L.line("lat-\(k)", "N\(k)", "created", Self.now(), channel: "chat"))
            let breach = try #require(c.next("breach", within: 5))
            let data = SSEStreamTests.json(breach.message)
            #expect(data["ticket"] as? String == "N\(k)")
            let deadline = try #require(RFC3339.parse(data["deadline"] as? String ?? ""))
            lateness.append(Double(Int64(breach.received.timeIntervalSince1970 * 1e9) - deadline.nanoseconds) / 1e9)
        }
        print("breach lateness after the deadline through nginx (s): \(lateness)")
        // As without the proxy: never early; within 100 ms for two of three (one scheduling stall
        // of a loaded 2-core test machine allowed, up to half a second).
        #expect(lateness.allSatisfy { $0 >= 0 && $0 <= 0.5 }, "\(lateness)")
        #expect(lateness.filter { $0 <= 0.1 }.count >= 2, "\(lateness)")
    }

    @Test func resumeWithLastEventIDWorksThroughTheProxy() throws {
        let d = try ServedDaemon("nginx-resume", config: "PushInterval=1h\n")
        let proxy = try NginxProxy(upstreams: [d.address])
        let witness = try SSETestClient(port: d.port)
        #expect(witness.next()?.message.type == "snapshot")
        var a: SSETestClient? = try SSETestClient(port: proxy.port)
        #expect(a?.next()?.message.type == "snapshot")
        d.append(SSEStreamTests.resumeBursts[0])
        let before = witness.drain().filter { $0.type == "breach" || $0.type == "warning" }
        #expect(!before.isEmpty)
        let seen = a!.drain()
        #expect(seen == before, "the proxy delivered other events than the daemon")
        let lastID = try #require(seen.last?.lastEventID)
        a = nil

        d.append(SSEStreamTests.resumeBursts[1])
        let missed = witness.drain().filter { $0.type == "breach" || $0.type == "warning" }
        #expect(missed.count >= 4, "\(missed)")
        // The header, as EventSource sends it, and the query form the page uses after a failover.
        for resume in [(target: "/events", headers: [("Last-Event-ID", lastID)]), (target: "/events?last_event_id=\(lastID)", headers: [])] {
            let back = try SSETestClient(port: proxy.port, target: resume.target, headers: resume.headers)
            let replayed = back.drain()
            #expect(Array(replayed.dropLast()) == missed, "\(resume.target)")
            #expect(replayed.last?.type == "snapshot")
        }
    }

    @Test func metricsThePageAndTheAPIPassThroughTheProxy() throws {
        let dir = try TestPaths.scratch("nginx-token")
        defer { try? FileManager.default.removeItem(at: dir) }
        let token = "s3cret-token"
        try "\(token)\n".write(to: dir.appendingPathComponent("token"), atomically: true, encoding: .utf8)
        let d = try ServedDaemon("nginx-pass", config: "BearerTokenFile=\(dir.path)/token\n",
                                 prepare: { spool in try L.history.write(to: spool.appendingPathComponent("h.jsonl"), atomically: true, encoding: .utf8) })
        let proxy = try NginxProxy(upstreams: [d.address])
        func get(_ target: String, _ headers: [String] = []) throws -> ProcessRunner.Result {
            try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/curl"),
                                  ["-s", "-m", "10", "-D", "-", "http://127.0.0.1:\(proxy.port)\(target)"] + headers.flatMap { ["-H", $0] })
        }
        let metrics = try get("/metrics", ["Authorization: Bearer \(token)"])
        #expect(metrics.stdout.hasPrefix("HTTP/1.1 200"), "\(metrics.stdout.prefix(300))")
        #expect(metrics.stdout.contains(#"pantau_queue_depth{channel="chat"}"#))
        let body = String(metrics.stdout[metrics.stdout.range(of: "\r\n\r\n")!.upperBound...])
        #expect(try L.promtool(body).status == 0)
        #expect(try get("/metrics").stdout.hasPrefix("HTTP/1.1 401"))
        let page = try get("/")
        #expect(page.stdout.hasPrefix("HTTP/1.1 200") && page.stdout.contains("Content-Security-Policy: default-src 'none'"))
        #expect(page.stdout.contains("<title>Pantau</title>"))
        let snapshot = try get("/api/v1/snapshot?access_token=\(token)")
        #expect(snapshot.stdout.hasPrefix("HTTP/1.1 200") && snapshot.stdout.contains(#""applied":"#))
        #expect(try get("/nowhere").stdout.hasPrefix("HTTP/1.1 404"))
    }

    /// Browsers open six HTTP/1.1 connections per origin at most, one per open /events stream:
    /// over HTTP/2 (nginx in front) eight streams share one connection. The client is nghttp
    /// (Debian nghttp2-client), one connection by design, cleartext HTTP/2 with prior knowledge.
    @Test(.enabled(if: access("/usr/bin/nghttp", X_OK) == 0, "nghttp is not installed (Debian package nghttp2-client)"))
    func http2InFrontCarriesEightStreamsOnOneConnection() throws {
        let d = try ServedDaemon("nginx-h2", config: "PushInterval=200ms\n")
        let proxy = try NginxProxy(upstreams: [d.address], http2: true)
        let h2 = try #require(proxy.http2Port)
        let urls = (0..<8).map { "http://127.0.0.1:\(h2)/events?channel=chat&n=\($0)" }
        // Three seconds of the eight streams, then nghttp is stopped (the streams never end).
        let run = try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/nghttp"), ["-v"] + urls, timeout: 3)
        let frames = run.stdout.split(separator: "\n")
        // One connection: one SETTINGS exchange; eight streams answered 200, each with a stream of pushes.
        #expect(frames.filter { $0.contains("send SETTINGS frame") && !$0.contains("flags=0x01") }.count == 1)
        let ok = Set(frames.compactMap { line -> Substring? in
            guard line.hasSuffix(":status: 200"), let m = line.firstMatch(of: /stream_id=([0-9]+)/) else { return nil }
            return m.output.1
        })
        #expect(ok.count == 8, "\(run.stdout.suffix(2000)) \(run.stderr)")
        for stream in ok {
            let data = frames.filter { $0.contains("recv DATA frame") && $0.hasSuffix("stream_id=\(stream)>") }.count
            #expect(data >= 5, "stream \(stream): \(data) DATA frames")
        }
        #expect(run.stdout.contains("event: snapshot\n") && run.stdout.contains("event: metrics\n"))
        #expect(proxy.accessLog.components(separatedBy: "\"GET /events?channel=chat&n=").count - 1 == 8)
        #expect(proxy.accessLog.contains("HTTP/2.0\""))
    }
}
