import Foundation
import Glibc
import Testing
@testable import PantauCore
@testable import PantauServe
@testable import PantauCommands
import PantauSystem
import PantauTestKit

/// `/metrics`, `/api/v1/snapshot`, `/healthz`, `/readyz`, status codes, keep-alive, the bearer
/// token and CORS, against a real `pantau serve` over real sockets.
@Suite struct HTTPEndpointTests {
    static let prometheus3Accept = "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,"
        + "application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,"
        + "text/plain;version=0.0.4;q=0.3,*/*;q=0.2"
    static let prometheus2Accept = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
        + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1"

    static func line(_ id: String, _ ticket: String, _ type: String, _ ts: String, channel: String? = nil, extra: String = "") -> String {
        EventLine.json(id, ticket, type, ts: ts, channel: channel, extra: extra)
    }

    /// A small history over the three channels: answered, breached, abandoned, pending.
    static let history = [
        line("1", "T1", "created", "2026-03-02T08:00:00Z", channel: "chat"),
        line("2", "T1", "agent_reply", "2026-03-02T08:00:20Z", extra: #","agent":"a1""#),
        line("3", "T2", "created", "2026-03-02T08:00:05Z", channel: "hotline"),
        line("4", "T3", "created", "2026-03-02T08:01:00Z", channel: "email"),
        line("5", "T4", "created", "2026-03-02T08:01:10Z", channel: "chat"),
        line("6", "T4", "abandoned", "2026-03-02T08:01:40Z"),
        line("7", "T5", "created", "2026-03-02T08:02:00Z", channel: "hotline"),
        line("8", "T2", "agent_reply", "2026-03-02T08:03:00Z", extra: #","agent":"a2""#),
        #"{"id":"9","ts":"not a time","ticket":"T9","type":"created","channel":"chat"}"# + "\n",
    ].joined()

    static func promtool(_ text: String) throws -> (status: Int32, output: String) {
        let dir = try TestPaths.scratch("promtool")
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("metrics.txt").path, output = dir.appendingPathComponent("output").path
        try text.write(toFile: input, atomically: false, encoding: .utf8)
        let p = try ChildProcess("/usr/bin/env", ["promtool", "check", "metrics"], output: output, input: input)
        let status = p.terminationStatus
        return (status, (try? String(contentsOfFile: output, encoding: .utf8)) ?? "")
    }

    /// promtool 2.42 (Debian) reads only text 0.0.4: given OpenMetrics, it takes each counter's
    /// `_total` samples for a family of their own without HELP, as the OpenMetrics counter family
    /// is named without `_total`. Those complaints are expected; anything else it says is returned.
    static func promtoolOpenMetricsComplaints(_ text: String) throws -> [String] {
        let lint = try promtool(text)
        let counters = Set(ExpositionChecker.parse(text, openMetrics: true).families.filter { $0.type == "counter" }.map(\.name))
        return lint.output.split(separator: "\n").map(String.init).filter { line in
            guard line.hasSuffix("_total no help text") else { return true }
            return !counters.contains(String(line.dropLast("_total no help text".count)))
        }
    }

    @Test func metricsInBothFormatsPassPromtoolAndTheStructuralChecks() throws {
        let d = try ServedDaemon("metrics")
        d.append(Self.history)
        _ = try d.poll("/metrics") { $0.text.contains(#"pantau_events_total{result="applied"} 8"#) }

        let text = try d.get("/metrics")
        #expect(text.status == 200)
        #expect(text.header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
        let lint = try Self.promtool(text.text)
        #expect(lint.status == 0 && lint.output.isEmpty, "promtool: \(lint.output)")
        #expect(ExpositionChecker.problems(in: text.text, openMetrics: false).isEmpty)
        #expect(!text.text.contains("# EOF"))

        for accept in [Self.prometheus3Accept, Self.prometheus2Accept, "application/openmetrics-text"] {
            let om = try d.get("/metrics", headers: [("Accept", accept)])
            #expect(om.header("Content-Type") == "application/openmetrics-text; version=1.0.0; charset=utf-8", "Accept: \(accept)")
            #expect(om.text.hasSuffix("# EOF\n"))
            #expect(ExpositionChecker.problems(in: om.text, openMetrics: true).isEmpty)
            #expect(try Self.promtoolOpenMetricsComplaints(om.text).isEmpty)
            // An independent OpenMetrics parser (prometheus_client) reads every family.
            let python = try #require(try ExpositionCheckerTests.python(), "apt-get install python3-prometheus-client")
            let parsed = try ExpositionCheckerTests.run(python, [ExpositionCheckerTests.script.path], stdin: om.text)
            #expect(parsed.status == 0, "\(parsed.stderr)")
            let families = parsed.stdout.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
            #expect(families == ExpositionChecker.parse(om.text, openMetrics: true).families.map(\.name))
            #expect(families.contains("pantau_sla_outcomes") && families.contains("process_cpu_seconds"))
        }
        for accept in ["text/plain", "text/plain;version=0.0.4", "*/*", "application/json", "text/plain;version=1.0.0;q=0.9,text/plain;q=0.1"] {
            let plain = try d.get("/metrics", headers: [("Accept", accept)])
            #expect(plain.header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8", "Accept: \(accept)")
        }

        // The figures are the engine's: T1 met (20 s of 60 s), T4 abandoned, T2 breached (175 s of 30 s).
        let e = ExpositionChecker.parse(text.text, openMetrics: false)
        #expect(e.value(of: "pantau_sla_outcomes_total", labels: ["channel": "chat", "sla": "first_response", "outcome": "met"]) == 1)
        #expect(e.value(of: "pantau_sla_outcomes_total", labels: ["channel": "chat", "sla": "first_response", "outcome": "abandoned"]) == 1)
        #expect(e.value(of: "pantau_sla_outcomes_total", labels: ["channel": "hotline", "sla": "first_response", "outcome": "breached"]) == 2)  // T2 and T5
        #expect(e.value(of: "pantau_queue_depth", labels: ["channel": "hotline"]) == 1)
        #expect(e.value(of: "pantau_events_rejected_total", labels: ["reason": "invalid_field"]) == 1)
        #expect(e.value(of: "pantau_spool_files", labels: [:]) == 1)
        #expect(e.value(of: "pantau_spool_read_bytes_total", labels: [:]) == Double(Self.history.utf8.count))
        #expect(e.value(of: "process_resident_memory_bytes", labels: [:]).map { $0 > 1_000_000 } == true)
        #expect(e.value(of: "process_open_fds", labels: [:]).map { $0 >= 3 } == true)
        #expect(e.value(of: "pantau_build_info", labels: ["version": PantauVersion.string]) == 1)
    }

    @Test func everyConfiguredChannelIsThereFromTheFirstScrapeWithOddNamesEscaped() throws {
        let odd = #"a"b"#, slash = #"back\slash"#, unicode = "ruang_tunggu_é漢"
        let d = try ServedDaemon("channels", channels: "[Channel \(odd)]\nFirstResponse=1min\n[Channel \(slash)]\nFirstResponse=1min\n[Channel \(unicode)]\nFirstResponse=1min\n")
        for openMetrics in [false, true] {
            let r = try d.get("/metrics", headers: openMetrics ? [("Accept", "application/openmetrics-text")] : [])
            #expect(r.text.contains(#"pantau_queue_depth{channel="a\"b"} 0"#))
            #expect(r.text.contains(#"pantau_queue_depth{channel="back\\slash"} 0"#))
            #expect(r.text.contains(#"pantau_queue_depth{channel="ruang_tunggu_é漢"} 0"#))
            #expect(ExpositionChecker.problems(in: r.text, openMetrics: openMetrics).isEmpty)
            if openMetrics {
                #expect(try Self.promtoolOpenMetricsComplaints(r.text).isEmpty)
            } else {
                let lint = try Self.promtool(r.text)
                #expect(lint.status == 0 && lint.output.isEmpty, "promtool: \(lint.output)")
            }
            let e = ExpositionChecker.parse(r.text, openMetrics: openMetrics)
            for name in [odd, slash, unicode] {
                #expect(e.value(of: "pantau_tickets_created_total", labels: ["channel": name]) == 0)
            }
        }
        let snapshot = try d.get("/api/v1/snapshot")
        let json = try JSONSerialization.jsonObject(with: Data(snapshot.body)) as? [String: Any]
        let channels = json?["channels"] as? [String: Any]
        #expect(Set(channels?.keys.map { $0 } ?? []) == [odd, slash, unicode])
    }

    @Test func snapshotIsTheDocumentReplayPrints() throws {
        let d = try ServedDaemon("snapshot")
        d.append(Self.history)
        let served = try d.poll("/api/v1/snapshot") { $0.text.contains(#""applied":8"#) }
        #expect(served.status == 200)
        #expect(served.header("Content-Type") == "application/json")
        let file = d.dir.appendingPathComponent("history.jsonl")
        try Self.history.write(to: file, atomically: true, encoding: .utf8)
        let replay = try ProcessRunner.run(TestPaths.binary, ["replay", "--config", d.conf.path, file.path])
        #expect(replay.status == 0)
        #expect(served.text.trimmingCharacters(in: .newlines) == replay.stdout.trimmingCharacters(in: .newlines))
    }

    @Test func healthReadinessIndexHeadAndOptions() throws {
        let d = try ServedDaemon("health")
        let health = try d.get("/healthz")
        #expect(health.status == 200 && health.text == "ok\n")
        let ready = try d.get("/readyz")
        #expect(ready.status == 200 && ready.text == "ready\n")
        let index = try d.get("/")
        #expect(index.status == 200 && index.header("Content-Type") == "text/html; charset=utf-8")
        // The wallboard: self-contained, its figures come from /api/v1/wallboard and /events.
        #expect(index.text.contains("<title>Pantau</title>") && index.text.contains("/api/v1/wallboard") && !index.text.contains("<script src"))
        #expect(index.header("Content-Security-Policy")?.contains("default-src 'none'") == true)
        let wallboard = try d.get("/api/v1/wallboard")
        #expect(wallboard.status == 200 && wallboard.text.contains(#""channels":[{"name":"hotline","first_response_seconds":30,"#))

        let get = try d.get("/metrics")
        let head = try d.get("/metrics", method: "HEAD")
        #expect(head.status == 200 && head.body.isEmpty)
        #expect(head.header("Content-Length") == get.header("Content-Length"))

        let options = try d.get("/events", method: "OPTIONS")
        #expect(options.status == 204)
        #expect(options.header("Allow") == "GET, HEAD, OPTIONS")
        #expect(options.header("Access-Control-Allow-Origin") == nil)  // no AllowOrigin=

        let post = try d.get("/metrics", method: "POST")
        #expect(post.status == 405 && post.header("Allow") == "GET, HEAD, OPTIONS")
        let delete = try d.get("/api/v1/snapshot", method: "DELETE")
        #expect(delete.status == 405)
        #expect(try d.get("/nope").status == 404)
        #expect(try d.get("/metrics/").status == 404)
        #expect(try d.get("/metrics?x=1").status == 200)
    }

    @Test func servesIPv6AndIPv4AtOnce() throws {
        let d = try ServedDaemon("ipv6", extraArguments: ["--listen", "[::1]:0"])
        let line = try #require(d.waitForLine(containing: "listening ADDRESS=[::1]:"))
        let port = try #require(UInt16(line.split(separator: " ").first { $0.hasPrefix("ADDRESS=") }!.split(separator: ":").last!))
        let fd = socket(AF_INET6, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in6()
        addr.sin6_family = sa_family_t(AF_INET6)
        addr.sin6_port = port.bigEndian
        inet_pton(AF_INET6, "::1", &addr.sin6_addr)
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
        }
        try #require(rc == 0, "connect [::1]:\(port): \(errno)")
        let request = "GET /healthz HTTP/1.1\r\nHost: [::1]\r\nConnection: close\r\n\r\n"
        _ = request.withCString { send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
        var bytes = [UInt8](repeating: 0, count: 1024)
        var tv = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        let n = bytes.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        #expect(n > 0 && String(decoding: bytes[0..<max(0, n)], as: UTF8.self).hasPrefix("HTTP/1.1 200 OK"))
        #expect(try d.get("/healthz").status == 200)  // and IPv4
    }

    @Test func keepAliveAndPipelinedRequestsAreAnsweredInOrder() throws {
        let d = try ServedDaemon("keepalive")
        let c = try HTTPTestClient(port: d.port)
        try c.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /readyz HTTP/1.1\r\nHost: x\r\n\r\nHEAD /metrics HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\n\r\n")
        let a = try c.readResponse(), b = try c.readResponse(), h = try c.readResponse(head: true), n = try c.readResponse()
        #expect(a.text == "ok\n" && b.text == "ready\n" && h.status == 200 && n.status == 404)
        #expect([a, b, h, n].allSatisfy { $0.header("Connection") == "keep-alive" })
        // The same connection keeps serving; HTTP/1.0 without keep-alive is closed after its answer.
        try c.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try c.readResponse().status == 200)
        try c.send("GET /healthz HTTP/1.0\r\n\r\n")
        let old = try c.readResponse()
        #expect(old.status == 200 && old.header("Connection") == "close")
        #expect(c.readsEOF())
        // HTTP/1.0 asking for keep-alive gets it.
        let k = try HTTPTestClient(port: d.port)
        try k.send("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(try k.readResponse().header("Connection") == "keep-alive")
        try k.send("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(try k.readResponse().status == 200)
    }

    @Test(arguments: [
        ("garbage", "\u{1}\u{2}garbage\r\n\r\n", 400),
        ("no Host on 1.1", "GET / HTTP/1.1\r\n\r\n", 400),
        ("bad header line", "GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n", 400),
        ("smuggling", "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        ("body", "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello", 413),
        ("HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505),
        ("HTTP/3.0", "GET / HTTP/3.0\r\nHost: x\r\n\r\n", 505),
        ("long target", "GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414),
        ("large head", "GET / HTTP/1.1\r\nHost: x\r\n" + String(repeating: "X-Filler: " + String(repeating: "b", count: 990) + "\r\n", count: 17) + "\r\n", 431),
    ])
    func badRequestsGetTheirStatusAndTheConnectionCloses(name: String, request: String, status: Int) throws {
        let d = try ServedDaemon("any")
        let c = try HTTPTestClient(port: d.port)
        try c.send(request)
        let r = try c.readResponse()
        #expect(r.status == status, "\(name): \(r.status) \(r.text)")
        #expect(r.header("Connection") == "close", "\(name)")
        #expect(c.readsEOF(), "\(name)")
        // The daemon is unharmed.
        #expect(try d.get("/healthz").status == 200)
    }

    /// The wallboard page holds no figures: it is served without the token (a kiosk reloading it
    /// after an upgrade keeps working); everything it fetches needs it.
    @Test func bearerTokenProtectsEverythingButHealthzAndThePage() throws {
        let dir = try TestPaths.scratch("http-token")
        defer { try? FileManager.default.removeItem(at: dir) }
        let tokenFile = dir.appendingPathComponent("token")
        try "s3cret-token\n".write(to: tokenFile, atomically: true, encoding: .utf8)
        let d = try ServedDaemon("token", config: "BearerTokenFile=\(tokenFile.path)\nAllowOrigin=https://wall.example\n")
        #expect(try d.get("/healthz").status == 200)
        #expect(try d.get("/").status == 200)
        for path in ["/metrics", "/api/v1/snapshot", "/api/v1/wallboard", "/readyz", "/events"] {
            let r = try d.get(path)
            #expect(r.status == 401, "\(path)")
            #expect(r.header("WWW-Authenticate") == #"Bearer realm="pantau""#)
            #expect(r.header("Access-Control-Allow-Origin") == "https://wall.example")
        }
        #expect(try d.get("/metrics", headers: [("Authorization", "Bearer s3cret-token")]).status == 200)
        #expect(try d.get("/metrics", headers: [("Authorization", "bearer s3cret-token")]).status == 200)
        #expect(try d.get("/metrics", headers: [("Authorization", "Bearer s3cret-tokeX")]).status == 401)
        #expect(try d.get("/metrics", headers: [("Authorization", "Bearer s3cret-token-and-more")]).status == 401)
        #expect(try d.get("/metrics", headers: [("Authorization", "Bearer s3cret")]).status == 401)
        #expect(try d.get("/metrics", headers: [("Authorization", "Basic czNjcmV0LXRva2Vu")]).status == 401)
        #expect(try d.get("/api/v1/snapshot?access_token=s3cret-token").status == 200)
        // The CORS preflight carries no credentials and is answered.
        let preflight = try d.get("/events", headers: [("Origin", "https://wall.example"), ("Access-Control-Request-Method", "GET"),
                                                         ("Access-Control-Request-Headers", "last-event-id")], method: "OPTIONS")
        #expect(preflight.status == 204)
        #expect(preflight.header("Access-Control-Allow-Origin") == "https://wall.example")
        #expect(preflight.header("Access-Control-Allow-Headers")?.contains("Last-Event-ID") == true)
        #expect(preflight.header("Access-Control-Allow-Methods") == "GET, HEAD, OPTIONS")
        let sse = try SSETestClient(port: d.port, target: "/events?access_token=s3cret-token")
        #expect(sse.head.status == 200)
        #expect(sse.head.header("Access-Control-Allow-Origin") == "https://wall.example")
    }

    /// `[Wallboard] Servers=` (an HA pair): a page from either instance may read the other. The
    /// peer's origin is answered with itself (and `Vary: Origin`), a stranger gets no CORS answer,
    /// the page's CSP lets it connect to the peers, and `/api/v1/wallboard` lists them.
    @Test func peerServersAreAllowedByCORSAndTheCSP() throws {
        let peers = "http://127.0.0.1:19747 https://pantau-b.example"
        let d = try ServedDaemon("peers", config: "[Wallboard]\nServers=\(peers)\n")
        for origin in ["http://127.0.0.1:19747", "https://pantau-b.example"] {
            for path in ["/api/v1/wallboard", "/api/v1/snapshot", "/metrics"] {
                let r = try d.get(path, headers: [("Origin", origin)])
                let vary = r.headers.filter { $0.0.lowercased() == "vary" }.map(\.1).joined(separator: ", ")
                #expect(r.status == 200 && r.header("Access-Control-Allow-Origin") == origin && vary.contains("Origin"), "\(origin) \(path): \(vary)")
            }
            let sse = try SSETestClient(port: d.port, headers: [("Origin", origin)])
            #expect(sse.head.header("Access-Control-Allow-Origin") == origin)
            let preflight = try d.get("/events", headers: [("Origin", origin), ("Access-Control-Request-Method", "GET")], method: "OPTIONS")
            #expect(preflight.status == 204 && preflight.header("Access-Control-Allow-Origin") == origin)
        }
        let stranger = try d.get("/api/v1/snapshot", headers: [("Origin", "https://evil.example")])
        #expect(stranger.status == 200 && stranger.header("Access-Control-Allow-Origin") == nil && stranger.header("Vary") == "Origin")
        #expect(try d.get("/api/v1/snapshot").header("Access-Control-Allow-Origin") == nil)
        let page = try d.get("/")
        #expect(page.header("Content-Security-Policy")?.contains("connect-src 'self' http://127.0.0.1:19747 https://pantau-b.example;") == true,
                "\(page.header("Content-Security-Policy") ?? "")")
        let wallboard = try d.get("/api/v1/wallboard")
        #expect(wallboard.text.contains(#""servers":["http://127.0.0.1:19747","https://pantau-b.example"]"#))
        // Without Servers= the page connects back to its own server only.
        let plain = try ServedDaemon("no-peers")
        #expect(try plain.get("/").header("Content-Security-Policy")?.contains("connect-src 'self';") == true)
        #expect(try plain.get("/api/v1/wallboard").text.contains(#""servers":[]"#))
    }

    @Test func aReloadChangesTokenOriginAndPushInterval() throws {
        let dir = try TestPaths.scratch("http-reload")
        defer { try? FileManager.default.removeItem(at: dir) }
        let tokenFile = dir.appendingPathComponent("token")
        try "first".write(to: tokenFile, atomically: true, encoding: .utf8)
        let d = try ServedDaemon("reload", config: "BearerTokenFile=\(tokenFile.path)\nPushInterval=1h\n")
        #expect(try d.get("/metrics", headers: [("Authorization", "Bearer first")]).status == 200)
        let sse = try SSETestClient(port: d.port, target: "/events?access_token=first")
        #expect(sse.next()?.message.type == "snapshot")
        #expect(sse.next(within: 1) == nil)  // no metrics for an hour

        try "second\n".write(to: tokenFile, atomically: true, encoding: .utf8)
        try d.rewrite(config: "BearerTokenFile=\(tokenFile.path)\nPushInterval=100ms\nAllowOrigin=*\n")
        #expect(d.reload())
        #expect(try d.get("/metrics", headers: [("Authorization", "Bearer first")]).status == 401)
        let ok = try d.get("/metrics", headers: [("Authorization", "Bearer second")])
        #expect(ok.status == 200 && ok.header("Access-Control-Allow-Origin") == "*")
        #expect(sse.next("metrics", within: 2) != nil)  // the connected client now gets metrics

        // A token file that vanished refuses the whole reload (it is part of the configuration), and says so.
        try FileManager.default.removeItem(at: tokenFile)
        kill(d.process.pid, SIGHUP)
        #expect(d.waitForLine(containing: "configuration error; keeping the old configuration") != nil)
        #expect(try d.get("/metrics", headers: [("Authorization", "Bearer second")]).status == 200)
    }

    @Test func anUnreadableTokenFileStopsTheStart() throws {
        let dir = try TestPaths.scratch("http-notoken")
        defer { try? FileManager.default.removeItem(at: dir) }
        let conf = dir.appendingPathComponent("pantau.conf")
        try "[Daemon]\nSpool=\(dir.path)/spool\nState=\(dir.path)/state\nBearerTokenFile=\(dir.path)/missing\n[Channel chat]\nFirstResponse=1min\n"
            .write(to: conf, atomically: true, encoding: .utf8)
        let r = try ProcessRunner.run(TestPaths.binary, ["serve", "--config", conf.path, "--listen", "127.0.0.1:0"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("BearerTokenFile=\(dir.path)/missing"))
    }

    @Test func aTakenPortIsAClearError() throws {
        let d = try ServedDaemon("any")
        let dir = try TestPaths.scratch("http-taken")
        defer { try? FileManager.default.removeItem(at: dir) }
        let conf = dir.appendingPathComponent("pantau.conf")
        try "[Daemon]\nSpool=\(dir.path)/spool\nState=\(dir.path)/state\n[Channel chat]\nFirstResponse=1min\n".write(to: conf, atomically: true, encoding: .utf8)
        let r = try ProcessRunner.run(TestPaths.binary, ["serve", "--config", conf.path, "--listen", d.address])
        #expect(r.status != 0)
        #expect(r.stderr.contains("cannot listen on \(d.address)"), "\(r.stderr)")
        let bad = try ProcessRunner.run(TestPaths.binary, ["serve", "--config", conf.path, "--listen", "::1:80"])
        #expect(bad.stderr.contains("brackets"))
    }
}
