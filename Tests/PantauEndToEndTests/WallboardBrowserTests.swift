import Foundation
import Glibc
import PantauCore
import PantauTestKit
import Testing

/// The wallboard in a real headless Chromium (Debian `chromium`, over its DevTools protocol)
/// against a real `pantau serve` fed by `pantau simulate`.
@Suite(.enabled(if: ChromiumSession.executable != nil, "chromium is not installed (make test installs it: Debian package chromium)"),
       .serialized)
struct WallboardBrowserTests {
    static let channels = ServedDaemon.standardChannels
        + "\n[Channel whatsapp]\nFirstResponse=5min\n[Channel web_form]\nFirstResponse=4h\n[Channel hotline]\nServiceLevelTarget=80%\nHandleTime=3min\n"

    /// A spool with a simulated morning (in the past, so `--clock events` decides it all).
    static func simulated(_ spool: URL, tickets: Int = 600) throws {
        let r = try ProcessRunner.run(TestPaths.binary, ["simulate", "--to", spool.appendingPathComponent("day.jsonl").path,
                                                          "--tickets", "\(tickets)", "--seed", "3", "--start", "2026-03-04T07:00:00+07:00"])
        #expect(r.status == 0, "\(r.stderr)")
    }

    /// Waits until every tile shows figures.
    static func live(_ browser: ChromiumSession, seconds: Double = 15) -> Bool {
        Polling.waitUntil(seconds) {
            (try? browser.evaluate("document.getElementById('conn').dataset.state === 'live' && [...document.querySelectorAll('.tile [data-field=queue_depth]')].every(e => e.dataset.value !== undefined && e.dataset.value !== '')")) as? Bool == true
        }
    }

    /// Five tiles fit a 1080p and a 4K screen without scrolling, every value inside its tile.
    static func fits(_ browser: ChromiumSession) throws {
        for (w, h) in [(1920, 1080), (3840, 2160)] {
            try browser.send("Emulation.setDeviceMetricsOverride", ["width": w, "height": h, "deviceScaleFactor": 1, "mobile": false])
            usleep(300_000)
            let fits = try browser.evaluate("""
                document.documentElement.scrollHeight <= innerHeight && document.documentElement.scrollWidth <= innerWidth &&
                [...document.querySelectorAll('.tile')].every(t => { const r = t.getBoundingClientRect();
                  return [...t.querySelectorAll('dd, .queue, .name')].every(e => { const b = e.getBoundingClientRect();
                    return b.bottom <= r.bottom + 1 && b.right <= r.right + 1 && e.scrollWidth <= e.clientWidth + 1; }); })
                """) as? Bool
            #expect(fits == true, "\(w)x\(h)")
        }
    }

    /// Every tile's `data-field` values, by channel.
    static func tiles(_ browser: ChromiumSession) throws -> [String: [String: String]] {
        let json = try browser.evaluate("""
            JSON.stringify(Object.fromEntries([...document.querySelectorAll('.tile')].map(t => [t.dataset.channel,
              Object.fromEntries([...t.querySelectorAll('[data-field]')].map(e => [e.dataset.field, e.dataset.value]))])))
            """) as? String ?? "{}"
        return try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: [String: String]] ?? [:]
    }

    /// Whether a tile's value is the snapshot's (both absent, or the same number).
    static func same(_ shown: String?, _ value: Any?) -> Bool {
        guard let value, !(value is NSNull) else { return shown == nil || shown == "" }
        guard let shown, let a = Double(shown), let b = (value as? NSNumber)?.doubleValue else { return false }
        return abs(a - b) <= 1e-9 * max(1, abs(b))
    }

    @Test func everyChannelShowsTheSnapshotsFiguresWithoutAConsoleError() throws {
        let d = try ServedDaemon("wallboard-figures", channels: Self.channels, prepare: { try Self.simulated($0) })
        let browser = try ChromiumSession()
        defer { browser.close() }
        try browser.navigate("http://127.0.0.1:\(d.port)/")
        #expect(Self.live(browser))
        let snapshot = try JSONSerialization.jsonObject(with: Data(try d.get("/api/v1/snapshot").body)) as! [String: Any]
        let channels = snapshot["channels"] as! [String: [String: Any]]
        let tiles = try Self.tiles(browser)
        #expect(Set(tiles.keys) == ["hotline", "chat", "email", "whatsapp", "web_form"])
        for (name, c) in channels {
            let tile = try #require(tiles[name])
            let windows = c["windows"] as! [String: [String: Any]]
            let sla = c["sla"] as! [String: [String: Any]]
            let soon = c["breaching_soon"] as! [String: [String: Int]]
            #expect(Self.same(tile["queue_depth"], c["queue_depth"]), "\(name) queue_depth")
            #expect(Self.same(tile["oldest_waiting"], c["oldest_waiting_seconds"]), "\(name) oldest_waiting")
            #expect(Self.same(tile["sl_15m"], windows["15m"]!["service_level"]), "\(name) sl_15m")
            #expect(Self.same(tile["sl_today"], windows["today"]!["service_level"]), "\(name) sl_today")
            #expect(Self.same(tile["asa_15m"], windows["15m"]!["asa_seconds"]), "\(name) asa_15m")
            #expect(Self.same(tile["breaches_today"], windows["today"]!["breached"]), "\(name) breaches_today")
            #expect(tile["at_risk"] == String(sla.values.reduce(0) { $0 + ($1["at_risk"] as! Int) }), "\(name)")
            #expect(tile["breaching_15m"] == String(soon.values.reduce(0) { $0 + $1["15m"]! }), "\(name)")
            #expect(Self.same(tile["expected_wait"], (c["wait"] as! [String: Any])["expected_seconds"]), "\(name) expected_wait")
        }
        try Self.fits(browser)
        // The page changes as events arrive: three more waiting calls on the hotline.
        let before = Int(tiles["hotline"]!["queue_depth"]!)!
        let at = RFC3339.format(RFC3339.parse("2026-03-05T09:00:00Z")!)
        d.append((1...3).map { EventLine.json("w\($0)", "w\($0)", "created", ts: at, channel: "hotline") }.joined())
        #expect(Polling.waitUntil(10) { (try? Self.tiles(browser))?["hotline"]?["queue_depth"] == String(before + 3) })
        #expect(browser.errors.isEmpty, "\(browser.errors)")
    }

    @Test func aBreachReachesTheTickerWithinTwoSecondsOfItsDeadline() throws {
        let d = try ServedDaemon("wallboard-breach", clock: "wall", channels: "[Channel hotline]\nFirstResponse=3s\n")
        let browser = try ChromiumSession()
        defer { browser.close() }
        try browser.navigate("http://127.0.0.1:\(d.port)/")
        #expect(Self.live(browser))
        let created = Date()
        d.append(EventLine.json("b1", "late-call", "created", ts: RFC3339.format(Instant(nanoseconds: Int64(created.timeIntervalSince1970 * 1e9))),
                                channel: "hotline"))
        let deadline = created.addingTimeInterval(3)
        var seen: Date?
        _ = Polling.waitUntil(15) {
            if (try? browser.evaluate("!!document.querySelector('#ticker li[data-ticket=\"late-call\"]')")) as? Bool == true { seen = Date() }
            return seen != nil
        }
        let shown = try #require(seen, "the breach never reached the ticker")
        #expect(shown.timeIntervalSince(deadline) < 2, "shown \(shown.timeIntervalSince(deadline)) s after the deadline")
        let text = try browser.evaluate("document.querySelector('#ticker li').textContent") as? String ?? ""
        #expect(text.contains("late-call") && text.contains("hotline") && text.contains("first response") && text.contains("late"), "\(text)")
        print("wallboard: breach in the ticker \(String(format: "%.3f", shown.timeIntervalSince(deadline))) s after its deadline")
    }

    @Test func staleWhenTheServerStopsLiveAgainWhenItReturnsAfterA503() throws {
        let port = try HTTPTestClientPort.free()
        var d: ServedDaemon? = try ServedDaemon("wallboard-stale", clock: "wall", channels: Self.channels, listen: "127.0.0.1:\(port)")
        let browser = try ChromiumSession()
        defer { browser.close() }
        try browser.navigate("http://127.0.0.1:\(port)/")
        #expect(Self.live(browser))
        _ = d?.stop()
        d = nil
        func state() -> String { (try? browser.evaluate("document.getElementById('conn').dataset.state + (document.body.classList.contains('stale') ? ' grey' : '')")) as? String ?? "" }
        #expect(Polling.waitUntil(10) { state() == "stale grey" }, "\(state())")
        let text = try browser.evaluate("document.getElementById('conn-text').textContent") as? String ?? ""
        #expect(text.hasPrefix("Stale since ") && text.count == "Stale since HH:MM".count, "\(text)")
        // A server that answers 503 to everything for a while (EventSource gives up on it).
        let busy = try ChildProcess("/usr/bin/python3", ["-c", """
            import http.server
            class H(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    self.send_response(503); self.send_header('Content-Length', '0'); self.end_headers()
                def log_message(self, *a): pass
            http.server.ThreadingHTTPServer(('127.0.0.1', \(port)), H).serve_forever()
            """])
        defer { busy.kill9() }
        sleep(4)
        #expect(state() == "stale grey")
        busy.kill9()
        d = try ServedDaemon("wallboard-stale-2", clock: "wall", channels: Self.channels, listen: "127.0.0.1:\(port)")
        #expect(Polling.waitUntil(20) { state() == "live" }, "\(state())")
        _ = d
    }

    /// An HA pair (docs/scaling.md): two instances on one spool, `[Wallboard] Servers=` naming
    /// both. The page loaded from the first carries on from the second when the first stops: live
    /// again within seconds, the connection line names the server it now reads, the tiles are the
    /// second's figures and move with new events; no CORS or CSP refusal on the way. When the
    /// first returns, the page goes back to it.
    @Test func whenOneOfAnHAPairStopsThePageCarriesOnFromTheOther() throws {
        let pa = try HTTPTestClientPort.free(), pb = try HTTPTestClientPort.free()
        let config = "PushInterval=300ms\n[Wallboard]\nServers=http://127.0.0.1:\(pa) http://127.0.0.1:\(pb)\nHold=0s\n"
        let a = try ServedDaemon("wallboard-ha-a", config: config, channels: Self.channels, prepare: { try Self.simulated($0) },
                                 listen: "127.0.0.1:\(pa)")
        let b = try ServedDaemon("wallboard-ha-b", config: config, channels: Self.channels, listen: "127.0.0.1:\(pb)", spool: a.spool)
        let browser = try ChromiumSession()
        defer { browser.close() }
        try browser.navigate("http://127.0.0.1:\(pa)/")
        #expect(Self.live(browser))
        func server() -> String { (try? browser.evaluate("window.pantau.servers[window.pantau.server]")) as? String ?? "" }
        func connText() -> String { (try? browser.evaluate("document.getElementById('conn-text').textContent")) as? String ?? "" }
        #expect(try browser.evaluate("JSON.stringify(window.pantau.servers)") as? String == #"["http://127.0.0.1:\#(pa)","http://127.0.0.1:\#(pb)"]"#)
        #expect(server() == "http://127.0.0.1:\(pa)" && connText() == "Live")

        let stopped = Date()
        #expect(a.stop() == 0)
        let state = "document.getElementById('conn').dataset.state"
        #expect(Polling.waitUntil(20) { server() == "http://127.0.0.1:\(pb)" && (try? browser.evaluate(state)) as? String == "live" },
                "\(server()) \(connText())")
        let failover = Date().timeIntervalSince(stopped)
        #expect(connText() == "Live · 127.0.0.1:\(pb)", "\(connText())")
        // The figures are the second instance's, and they move: a new call waits at the hotline.
        let snapshot = try JSONSerialization.jsonObject(with: Data(try b.get("/api/v1/snapshot").body)) as! [String: Any]
        let channels = snapshot["channels"] as! [String: [String: Any]]
        #expect(Polling.waitUntil(5) { ((try? Self.tiles(browser)) ?? [:]).allSatisfy { Self.same($0.value["queue_depth"], channels[$0.key]?["queue_depth"]) } })
        let before = Int(channels["hotline"]?["queue_depth"] as? Int ?? -1)
        a.append(EventLine.json("ha-1", "ha-call", "created", ts: "2026-03-05T07:00:00+07:00", channel: "hotline"), to: "later.jsonl")
        #expect(Polling.waitUntil(10) { (try? Self.tiles(browser))?["hotline"]?["queue_depth"] == String(before + 1) },
                "\((try? Self.tiles(browser))?["hotline"] ?? [:]) (was \(before))")
        let refused = browser.errors.filter { $0.contains("CORS") || $0.contains("Content Security Policy") || $0.contains("Refused to connect") }
        #expect(refused.isEmpty, "\(refused)")
        // The first comes back (a restart, as after an upgrade): the page goes home within its
        // 30 s look, and reads the first's figures again.
        let back = try ServedDaemon("wallboard-ha-a2", config: config, channels: Self.channels, listen: "127.0.0.1:\(pa)", spool: a.spool)
        let restarted = Date()
        #expect(Polling.waitUntil(45) { server() == "http://127.0.0.1:\(pa)" && connText() == "Live" },
                "\(server()) \(connText()) \((try? browser.evaluate("JSON.stringify([Date.now() - window.pantau.homeCheckedAt, window.pantau.homeCheck])")) ?? "") \(browser.errors.suffix(3))")
        let home = Date().timeIntervalSince(restarted)
        #expect(Polling.waitUntil(5) { (try? Self.tiles(browser))?["hotline"]?["queue_depth"] == String(before + 1) })
        print("wallboard: carried on from the second instance \(String(format: "%.1f", failover)) s after the first stopped; "
              + "back on the first \(String(format: "%.1f", home)) s after it returned")
        withExtendedLifetime((a, b, back)) {}
    }

    /// An upgraded server reaches every screen: when /api/v1/wallboard names another version than
    /// the page's, the page reloads itself (here the answer is rewritten in the page's own fetch).
    /// The clock shows the configured zone's time, not the kiosk's.
    @Test func aNewServerVersionReloadsThePageAndTheClockIsTheCentresTime() throws {
        let d = try ServedDaemon("wallboard-version", config: "TimeZone=Asia/Jakarta", clock: "wall", channels: Self.channels)
        let browser = try ChromiumSession()
        defer { browser.close() }
        try browser.navigate("http://127.0.0.1:\(d.port)/")
        #expect(Self.live(browser))
        let jakarta = DateFormatter()
        jakarta.timeZone = TimeZone(identifier: "Asia/Jakarta")
        jakarta.dateFormat = "HH:mm"
        var clock = ""
        #expect(Polling.waitUntil(5) {
            clock = (try? browser.evaluate("document.getElementById('clock').textContent")) as? String ?? ""
            return clock.hasPrefix(jakarta.string(from: Date())) || clock.hasPrefix(jakarta.string(from: Date().addingTimeInterval(-2)))
        }, "clock \(clock), Jakarta \(jakarta.string(from: Date()))")
        _ = try browser.evaluate("""
            window.marker = 1;
            const real = window.fetch;
            window.fetch = async (...args) => { const r = await real(...args); const j = await r.json(); j.version = "9.9.9";
              return new Response(JSON.stringify(j), { status: 200, headers: { "Content-Type": "application/json" } }); };
            // The stream drops, as when the server restarts for its upgrade.
            const source = window.pantau.source; source.close(); source.onerror(); true
            """)
        #expect(Polling.waitUntil(10) { (try? browser.evaluate("window.marker === undefined && document.readyState === 'complete'")) as? Bool == true })
        #expect(Self.live(browser))
        #expect(browser.errors.isEmpty, "\(browser.errors)")
    }

    @Test func indonesianLabelsWithLangId() throws {
        let d = try ServedDaemon("wallboard-id", channels: Self.channels, prepare: { try Self.simulated($0, tickets: 100) })
        let browser = try ChromiumSession()
        defer { browser.close() }
        try browser.navigate("http://127.0.0.1:\(d.port)/?lang=id&channel=hotline,chat")
        #expect(Self.live(browser))
        let text = try browser.evaluate("document.body.innerText") as? String ?? ""
        #expect(try browser.evaluate("document.documentElement.lang") as? String == "id")
        for label in ["menunggu", "Tunggu terlama", "Layanan 15 mnt", "Layanan hari ini", "Rata-rata jawab",
                      "Langgar hari ini", "Berisiko", "Langgar dlm 15 mnt", "Perkiraan tunggu", "Pelanggaran terbaru", "Langsung"] {
            #expect(text.contains(label), "\(label)")
        }
        for english in ["waiting", "Longest wait", "Service level", "Breaches today", "At risk", "Expected wait", "Latest breaches", "Live"] {
            #expect(!text.contains(english), "\(english) left in English")
        }
        #expect(Set(try Self.tiles(browser).keys) == ["hotline", "chat"])
        // The longer Indonesian labels still fit, five channels at 1080p and 4K.
        try browser.navigate("http://127.0.0.1:\(d.port)/?lang=id")
        #expect(Self.live(browser))
        try Self.fits(browser)
        #expect(browser.errors.isEmpty, "\(browser.errors)")
    }

    @Test func aKioskAuthenticatesWithTheTokenItWasOpenedWith() throws {
        let dir = try TestPaths.scratch("wallboard-token")
        defer { try? FileManager.default.removeItem(at: dir) }
        let tokenFile = dir.appendingPathComponent("token")
        try "s3cret-kiosk\n".write(to: tokenFile, atomically: true, encoding: .utf8)
        let d = try ServedDaemon("wallboard-token", config: "BearerTokenFile=\(tokenFile.path)", channels: Self.channels)
        #expect(try d.get("/api/v1/snapshot").status == 401)
        let browser = try ChromiumSession()
        defer { browser.close() }
        try browser.navigate("http://127.0.0.1:\(d.port)/")
        #expect(Polling.waitUntil(10) {
            (try? browser.evaluate("document.getElementById('conn-text').textContent")) as? String == "Access token needed: open /?access_token=…"
        })
        try browser.navigate("http://127.0.0.1:\(d.port)/?access_token=s3cret-kiosk")
        #expect(Self.live(browser))
        // The token left the address bar, and a reload (as after an upgrade) stays live.
        #expect(try browser.evaluate("location.search") as? String == "")
        try browser.navigate("http://127.0.0.1:\(d.port)/")
        #expect(Self.live(browser))
    }

    /// Kiosk pages that leak crash within hours: at 20 pushes a second for 40 s (800 pushes, as many
    /// as 13 minutes at the default interval), the heap after collection and the DOM stay flat.
    @Test func memoryStaysFlatOverASoak() throws {
        let d = try ServedDaemon("wallboard-soak", config: "PushInterval=50ms", clock: "wall", channels: Self.channels)
        let simulator = try LiveSimulator(spool: d.spool, duration: "2min", seed: 9)
        defer { withExtendedLifetime(simulator) {} }
        let browser = try ChromiumSession()
        defer { browser.close() }
        try browser.navigate("http://127.0.0.1:\(d.port)/")
        #expect(Self.live(browser))
        sleep(8)
        let heap0 = try browser.heapAfterCollection(), nodes0 = try browser.domNodes()
        let messages0 = try browser.evaluate("window.pantau.messages") as? Int ?? 0
        sleep(40)
        let heap1 = try browser.heapAfterCollection(), nodes1 = try browser.domNodes()
        let messages1 = try browser.evaluate("window.pantau.messages") as? Int ?? 0
        print("wallboard soak: \(messages1 - messages0) pushes, heap \(Int(heap0)) -> \(Int(heap1)) bytes, DOM nodes \(nodes0) -> \(nodes1)")
        #expect(messages1 - messages0 > 400)
        #expect(heap1 < heap0 * 1.15 + 200_000, "heap \(heap0) -> \(heap1)")
        #expect(nodes1 <= nodes0 + 50, "DOM nodes \(nodes0) -> \(nodes1)")
        #expect(browser.errors.isEmpty, "\(browser.errors)")
    }
}

extension WallboardBrowserTests {
    /// `make screenshots` (PANTAU_SCREENSHOTS=1): docs/wallboard.png and docs/wallboard-id.png at
    /// 1920×1080, five channels of the bundled configuration on a simulated busy morning.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["PANTAU_SCREENSHOTS"] == "1", "set PANTAU_SCREENSHOTS=1 (make screenshots)"))
    func screenshots() throws {
        let channels = ServedDaemon.bundledChannels
        let d = try ServedDaemon("wallboard-shots", config: "TimeZone=Asia/Jakarta\nServiceLevelTarget=80%", clock: "wall",
                                 channels: channels, prepare: { spool in
            // A busy morning up to now: the simulator's last hour, stamped to end at the wall clock.
            let start = Date().addingTimeInterval(-3600)
            let r = try ProcessRunner.run(TestPaths.binary, ["simulate", "--to", spool.appendingPathComponent("morning.jsonl").path,
                                                              "--tickets", "1400", "--rate", "1400", "--seed", "4", "--clean",
                                                              "--start", RFC3339.format(Instant(nanoseconds: Int64(start.timeIntervalSince1970 * 1e9)))])
            #expect(r.status == 0, "\(r.stderr)")
            // Keep what is due by now (the rest would be in the future).
            let url = spool.appendingPathComponent("morning.jsonl")
            let now = RFC3339.format(Instant(nanoseconds: Int64(Date().timeIntervalSince1970 * 1e9)))
            let kept = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
                .filter { line in line.range(of: #""ts":""#).map { String(line[$0.upperBound...].prefix(24)) < now } ?? false }
            try (kept.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        })
        // Three calls nobody answers: they breach on screen, for the ticker.
        let stamp = RFC3339.format(Instant(nanoseconds: Int64(Date().addingTimeInterval(-16).timeIntervalSince1970 * 1e9)))
        d.append((1...3).map { EventLine.json("shot-\($0)", "HL-20\($0)", "created", ts: stamp, channel: "hotline") }.joined())
        for (lang, file) in [("en", "wallboard.png"), ("id", "wallboard-id.png")] {
            let browser = try ChromiumSession(width: 1920, height: 1080)
            defer { browser.close() }
            try browser.navigate("http://127.0.0.1:\(d.port)/?lang=\(lang)")
            #expect(Self.live(browser))
            sleep(7)  // past the hysteresis hold, and a breach or two in the ticker
            try browser.screenshot(to: TestPaths.repository.appendingPathComponent("docs/\(file)").path)
            #expect(try browser.evaluate("document.documentElement.scrollHeight <= innerHeight && document.documentElement.scrollWidth <= innerWidth") as? Bool == true)
        }
    }
}
