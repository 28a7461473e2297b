import Foundation
import Glibc
import PantauTestKit
import Testing

/// docs/scaling.md, tested: an HA pair (two instances on one spool) reports identical figures; two
/// sites' instances, summed in PromQL by a real Prometheus with the shipped rules' labels, equal one
/// instance fed both spools; nginx moves new streams to the backup of a pair when the first stops.
@Suite struct ScaleOutTests {

    /// A simulated day (5 channels, duplicates and malformed lines included: not all of them UTF-8),
    /// in ts order, each line with its newline.
    static func simulatedLines(tickets: Int, seed: Int) throws -> [[UInt8]] {
        let dir = try TestPaths.scratch("scale-out-lines")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("day.jsonl")
        let r = try ProcessRunner.run(TestPaths.binary, ["simulate", "--to", file.path, "--tickets", "\(tickets)", "--seed", "\(seed)",
                                                          "--rate", "1200", "--start", "2026-03-04T07:00:00+07:00"])
        guard r.status == 0 else { throw ServedDaemonError("simulate: \(r.stderr)") }
        return [UInt8](try Data(contentsOf: file)).split(separator: 10).map { Array($0) + [10] }
    }

    /// The samples of `/metrics` that describe the figures (not the process: connections, bytes
    /// read, checkpoint times, clock steps), as `name{labels}` → value.
    static func figures(_ d: ServedDaemon) throws -> [String: Double] { figures(try d.get("/metrics").text) }

    static func figures(_ text: String) -> [String: Double] {
        let perProcess = ["pantau_http_", "pantau_sse_", "pantau_checkpoint_", "pantau_spool_", "process_", "pantau_clock_",
                          "pantau_build_info", "pantau_engine_", "pantau_uptime", "pantau_start_time", "pantau_reload"]
        var out: [String: Double] = [:]
        for s in ExpositionChecker.parse(text, openMetrics: false).samples where !perProcess.contains(where: { s.name.hasPrefix($0) }) {
            out[s.name + ExpositionSample.render(s.labels.sorted { $0.name < $1.name })] = s.value
        }
        return out
    }

    /// The snapshot's channels and event counts, as sorted JSON.
    static func snapshotFigures(_ d: ServedDaemon) throws -> String {
        let json = try JSONSerialization.jsonObject(with: Data(try d.get("/api/v1/snapshot").body)) as? [String: Any] ?? [:]
        let kept = json.filter { ["channels", "events", "clock"].contains($0.key) }
        return String(decoding: try JSONSerialization.data(withJSONObject: kept, options: [.sortedKeys]), as: UTF8.self)
    }

    /// `pantau replay` of `files` with `config` in Prometheus text: the independent reference.
    static func replay(_ files: [URL], config: URL) throws -> String {
        let r = try ProcessRunner.run(TestPaths.binary, ["replay", "--config", config.path, "--format", "prometheus"] + files.map(\.path))
        guard r.status == 0 else { throw ServedDaemonError("replay: \(r.stderr)") }
        return r.stdout
    }

    /// The combined instance's series under the sites' job, to compare label sets.
    static func relabelled(_ combined: [String: Double]) -> [String: Double] {
        combined.reduce(into: [:]) { $0[$1.key.replacingOccurrences(of: #"job="combined""#, with: #"job="pantau""#)] = $1.value }
    }

    static func same(_ a: [String: Double], _ b: [String: Double]) -> [String] {
        Set(a.keys).union(b.keys).sorted().compactMap { key in
            let x = a[key], y = b[key]
            if let x, let y, x == y || (x.isNaN && y.isNaN) || abs(x - y) <= 1e-9 * max(1, abs(y)) { return nil }
            return "\(key): \(x.map { "\($0)" } ?? "absent") vs \(y.map { "\($0)" } ?? "absent")"
        }
    }

    /// Both instances follow one spool while lines arrive in bursts to two files (a ticket's lines
    /// in either); one of them is stopped (SIGSTOP) from a fifth of the lines to three fifths and
    /// falls behind, then catches up while the last two fifths arrive. Once both have applied every line, every figure in `/metrics` and
    /// `/api/v1/snapshot` is the same, and the same as `pantau replay`'s: the merge applies lines
    /// in ts order however the reads fall, and the engine is a function of that order.
    @Test func anHAPairOnOneSpoolReportsIdenticalFigures() throws {
        let lines = try Self.simulatedLines(tickets: 1500, seed: 11)
        let a = try ServedDaemon("ha-a", config: "ServiceLevelTarget=80%\nCheckpointInterval=200ms", channels: ServedDaemon.bundledChannels)
        let b = try ServedDaemon("ha-b", config: "ServiceLevelTarget=80%\nCheckpointInterval=200ms", channels: ServedDaemon.bundledChannels, spool: a.spool)
        var rng = SystemRandomNumberGenerator()
        var offset = 0, stoppedAt = 0, continuedAt = 0
        while offset < lines.count {
            let n = min(lines.count - offset, Int.random(in: 1...300, using: &rng))
            a.append(bytes: Array(lines[offset..<(offset + n)].joined()), to: Bool.random(using: &rng) ? "calls.jsonl" : "messages.jsonl")
            offset += n
            // b stops after a fifth of the lines and goes on at three fifths, with two fifths to come.
            if stoppedAt == 0 && offset >= lines.count / 5 { stoppedAt = offset; b.process.send(SIGSTOP) }
            if continuedAt == 0 && offset >= lines.count * 3 / 5 { continuedAt = offset; b.process.send(SIGCONT) }
            usleep(UInt32.random(in: 0...20_000, using: &rng))
        }
        b.process.send(SIGCONT)
        #expect(stoppedAt > 0 && continuedAt > stoppedAt && continuedAt < lines.count, "\(stoppedAt) \(continuedAt) \(lines.count)")
        // The reference: `pantau replay` of the same lines.
        let reference = Self.figures(try Self.replay([a.spool.appendingPathComponent("calls.jsonl"), a.spool.appendingPathComponent("messages.jsonl")],
                                                     config: a.conf))
        let expected = reference.filter { $0.key.hasPrefix("pantau_events_total") }
        #expect(expected.values.reduce(0, +) > 9000)
        #expect(Polling.waitUntil(30) {
            let fa = (try? Self.figures(a)) ?? [:], fb = (try? Self.figures(b)) ?? [:]
            return expected.allSatisfy { fa[$0.key] == $0.value && fb[$0.key] == $0.value }
        }, "not every line applied")
        let fa = try Self.figures(a), fb = try Self.figures(b)
        #expect(fa.count > 300)
        #expect(fa[#"pantau_queue_depth{channel="hotline"}"#] != nil)
        #expect(Self.same(fa, fb).isEmpty, "\(Self.same(fa, fb).prefix(20))")
        #expect(try Self.snapshotFigures(a) == Self.snapshotFigures(b))
        // And both are the replay's figures.
        let shared = fa.filter { reference[$0.key] != nil }
        #expect(shared.count > 300)
        #expect(Self.same(shared, reference.filter { fa[$0.key] != nil }).isEmpty, "\(Self.same(shared, reference).prefix(20))")
        print("HA pair: \(fa.count) samples equal between the two, \(shared.count) of them equal to pantau replay's")
    }

    /// The ticket of a line (`"ticket":"…"`), if it names one.
    static func ticket(_ line: [UInt8]) -> [UInt8]? {
        let key = Array(#""ticket":""#.utf8)
        guard let start = line.indices.first(where: { line[$0...].starts(with: key) }) else { return nil }
        let from = start + key.count
        guard let end = line[from...].firstIndex(of: 0x22) else { return nil }
        return Array(line[from..<end])
    }

    /// Sites: tickets split between two spools (by ticket, each site answering its own), one
    /// instance per site and a second instance on site a's spool (an HA pair), scraped by a real
    /// Prometheus with the labels of contrib/prometheus/prometheus.yml; a third instance follows
    /// both spools (job `combined`). Every additive family, one figure per site
    /// (`max without (instance, replica)`) summed over sites in PromQL, equals the combined
    /// instance's; the longest wait is the maximum over sites; the shipped recording rules give
    /// the same sums (queue depth, breaching soon).
    @Test(.enabled(if: PrometheusServer.available, "prometheus is not installed (Debian package prometheus)"))
    func twoSitesSummedInPromQLEqualOneInstanceFedBoth() throws {
        // The first 60 % of a simulated day: queues, running clocks and breaches to come.
        let day = try Self.simulatedLines(tickets: 1200, seed: 21)
        let lines = Array(day.prefix(day.count * 6 / 10))
        var siteA: [UInt8] = [], siteB: [UInt8] = []
        for line in lines {
            // Tickets t1, t2, …: odd ones at site a, even ones at site b; lines naming none at a.
            let odd = Self.ticket(line).map { ($0.last ?? 0) % 2 == 1 } ?? true
            if odd { siteA += line } else { siteB += line }
        }
        // One last line per site at the same instant: the clocks (driven by the events) end equal.
        let lastTS = try #require(String(decoding: lines.last!, as: UTF8.self).firstMatch(of: /"ts":"([^"]+)"/)).output.1
        let end = ISO8601DateFormatter().date(from: String(lastTS).replacingOccurrences(of: #"\.[0-9]+"#, with: "", options: .regularExpression))!
            .addingTimeInterval(2)
        let endTS = ISO8601DateFormatter().string(from: end)
        siteA += Array(EventLine.json("end-a", "end-a", "created", ts: endTS, channel: "hotline").utf8)
        siteB += Array(EventLine.json("end-b", "end-b", "created", ts: endTS, channel: "chat").utf8)

        let config = "ServiceLevelTarget=80%"
        let a = try ServedDaemon("site-a", config: config, channels: ServedDaemon.bundledChannels,
                                 prepare: { try Data(siteA).write(to: $0.appendingPathComponent("site-a.jsonl")) })
        let a2 = try ServedDaemon("site-a2", config: config, channels: ServedDaemon.bundledChannels, spool: a.spool)
        let b = try ServedDaemon("site-b", config: config, channels: ServedDaemon.bundledChannels,
                                 prepare: { try Data(siteB).write(to: $0.appendingPathComponent("site-b.jsonl")) })
        let both = try ServedDaemon("both", config: config, channels: ServedDaemon.bundledChannels, prepare: { spool in
            try Data(siteA).write(to: spool.appendingPathComponent("site-a.jsonl"))
            try Data(siteB).write(to: spool.appendingPathComponent("site-b.jsonl"))
        })
        let prometheus = try PrometheusServer(scrapeConfigs: """
              - job_name: pantau
                static_configs:
                  - {targets: ["\(a.address)"], labels: {site: a, replica: "1"}}
                  - {targets: ["\(a2.address)"], labels: {site: a, replica: "2"}}
                  - {targets: ["\(b.address)"], labels: {site: b}}
              - job_name: combined
                static_configs:
                  - {targets: ["\(both.address)"]}
            """)
        #expect(Polling.waitUntil(30) { ((try? prometheus.vector("count(up == 1)")) ?? [:]).values.first == 4 }, "\(prometheus.log.suffix(800))")

        let additive = ["pantau_queue_depth", "pantau_unassigned_tickets", "pantau_tickets", "pantau_tickets_created_total",
                        "pantau_tickets_abandoned_total", "pantau_tickets_short_abandoned_total", "pantau_tickets_resolved_total",
                        "pantau_tickets_reopened_total", "pantau_tickets_closed_total", "pantau_sla_outcomes_total", "pantau_sla_running",
                        "pantau_sla_paused", "pantau_sla_at_risk", "pantau_sla_breached_open", "pantau_sla_breaching_soon",
                        "pantau_first_response_seconds_bucket", "pantau_first_response_seconds_count", "pantau_first_response_seconds_sum",
                        "pantau_resolution_seconds_bucket", "pantau_resolution_seconds_count", "pantau_tickets_created_rate",
                        "pantau_first_responses_rate", "pantau_events_total", "pantau_events_rejected_total"]
        var compared = 0
        for family in additive {
            let sites = try prometheus.vector("sum without (site) (max without (instance, replica) (\(family){job=\"pantau\"}))")
            let combined = try prometheus.vector("sum without (instance) (\(family){job=\"combined\"})")
            let relabelled = Self.relabelled(combined)
            #expect(!sites.isEmpty, "\(family): no series")
            #expect(Self.same(sites, relabelled).isEmpty, "\(family): \(Self.same(sites, relabelled).prefix(10))")
            compared += sites.count
        }
        // Not additive: the longest wait is the longest over sites.
        let longest = try prometheus.vector(#"max without (site, instance, replica) (pantau_oldest_waiting_seconds{job="pantau"})"#)
        let longestBoth = Self.relabelled(try prometheus.vector(#"max without (instance) (pantau_oldest_waiting_seconds{job="combined"})"#))
        #expect(longest.count == 5 && Self.same(longest, longestBoth).isEmpty, "\(Self.same(longest, longestBoth))")
        // The shipped rules: per-site figures (the pair counted once) and their sum. A rule's first
        // evaluations may predate some target's first scrape, so each is waited for.
        for (rule, direct, least) in [
            (#"channel:pantau_queue_depth:sum{job="pantau"}"#, #"sum by (job, channel) (pantau_queue_depth{job="combined"})"#, 5),
            (#"channel:pantau_sla_breaching_soon_15m:sum{job="pantau"}"#,
             #"sum by (job, channel, sla) (pantau_sla_breaching_soon{job="combined",within="15m"})"#, 10),
        ] {
            let expected = Self.relabelled(try prometheus.vector(direct))
            var got: [String: Double] = [:]
            let equal = Polling.waitUntil(20) {
                got = (try? prometheus.vector(rule)) ?? [:]
                return got.count >= least && Self.same(got, expected).isEmpty
            }
            #expect(equal, "\(rule): \(Self.same(got, expected))")
        }
        let total = try prometheus.vector(#"sum(pantau_queue_depth{job="combined"})"#).values.first ?? 0
        #expect(total > 20, "a spool with queues: \(total)")
        print("sites: \(compared) summed series equal the combined instance's; \(Int(total)) tickets waiting")
        withExtendedLifetime([a, a2, b, both]) {}
    }

    /// nginx in front of an HA pair (the second instance `backup`, as contrib/nginx/pantau.conf
    /// suggests): streams come from the first; when it stops, the open stream ends, and the
    /// reconnect through the same proxy is served by the backup, with the same figures. A resume
    /// with the first instance's `Last-Event-ID` gets a snapshot (ids are per instance).
    @Test(.enabled(if: NginxProxy.available, "nginx is not installed (Debian package nginx-light)"))
    func nginxMovesStreamsToTheBackupOfAnHAPair() throws {
        let a = try ServedDaemon("pair-a", config: "PushInterval=200ms", prepare: { try HTTPEndpointTests.history.write(to: $0.appendingPathComponent("h.jsonl"), atomically: true, encoding: .utf8) })
        let b = try ServedDaemon("pair-b", config: "PushInterval=200ms", spool: a.spool)
        let proxy = try NginxProxy(upstreams: [a.address, b.address])
        func boot(_ d: ServedDaemon) throws -> Substring {
            let c = try SSETestClient(port: d.port)
            return try #require(c.next()).message.lastEventID.split(separator: "-")[0]
        }
        let bootA = try boot(a), bootB = try boot(b)
        #expect(bootA != bootB)
        let first = try SSETestClient(port: proxy.port)
        let snapshot = try #require(first.next("snapshot"))
        #expect(snapshot.message.lastEventID.hasPrefix(bootA + "-"))
        let lastID = snapshot.message.lastEventID
        #expect(a.stop() == 0)
        // The stream through the proxy ends with its instance.
        _ = first.drain(for: 1.5)
        #expect(first.ended)
        let second = try SSETestClient(port: proxy.port, headers: [("Last-Event-ID", lastID)])
        #expect(second.head.status == 200)
        let fromB = try #require(second.next("snapshot"))
        #expect(fromB.message.lastEventID.hasPrefix(bootB + "-"), "\(fromB.message.lastEventID)")
        let channels = { (m: SSEMessage) in (SSEStreamTests.json(m)["channels"] as? [String: Any]).map { NSDictionary(dictionary: $0) } }
        #expect(channels(fromB.message) == channels(snapshot.message), "the backup's figures differ")
        #expect(second.next("metrics", within: 2) != nil)
        withExtendedLifetime(a) {}  // a's directory holds the spool b follows
    }
}
