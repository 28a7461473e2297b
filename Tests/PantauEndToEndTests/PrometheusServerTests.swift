import Foundation
import Glibc
import PantauTestKit
import Testing

/// A real Prometheus (Debian `prometheus`) with contrib/prometheus/pantau.rules.yml, scraping a real
/// `pantau serve` fed by `pantau simulate`: every recording rule returns series through Prometheus'
/// HTTP API, so does every query of the Grafana dashboard, and the alerts load.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/prometheus"), "prometheus is not installed (Debian package prometheus)"))
struct PrometheusServerTests {
    /// Prometheus' HTTP API through curl (its answers are chunked, which the test client does not read).
    static func api(_ port: UInt16, _ path: String, query: String? = nil) throws -> String {
        var arguments = ["-s", "-m", "10", "--get", "http://127.0.0.1:\(port)\(path)"]
        if let query { arguments += ["--data-urlencode", "query=\(query)"] }
        return try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/curl"), arguments).stdout
    }

    static func query(_ port: UInt16, _ expression: String) throws -> [[String: Any]] {
        let json = try JSONSerialization.jsonObject(with: Data(try api(port, "/api/v1/query", query: expression).utf8)) as? [String: Any]
        return ((json?["data"] as? [String: Any])?["result"] as? [[String: Any]]) ?? []
    }

    @Test func everyRecordingRuleReturnsSeriesFromARealPrometheus() throws {
        let bundled = try String(contentsOf: TestPaths.defaultConfiguration, encoding: .utf8)
        let channels = String(bundled[bundled.range(of: "# Office hours")!.lowerBound...])
        let d = try ServedDaemon("prometheus", config: "ServiceLevelTarget=80%\nCheckpointInterval=1s", clock: "wall", channels: channels)
        let simulator = try LiveSimulator(spool: d.spool, duration: "3min", seed: 5)
        defer { withExtendedLifetime(simulator) {} }

        let dir = try TestPaths.scratch("prometheus")
        defer { try? FileManager.default.removeItem(at: dir) }
        let rules = TestPaths.repository.appendingPathComponent("contrib/prometheus/pantau.rules.yml").path
        let port = try HTTPTestClientPort.free()
        try """
            global: {scrape_interval: 1s, evaluation_interval: 1s}
            rule_files: ["\(rules)"]
            scrape_configs:
              - job_name: pantau
                static_configs: [{targets: ["127.0.0.1:\(d.port)"]}]
            """.write(to: dir.appendingPathComponent("prometheus.yml"), atomically: true, encoding: .utf8)
        let log = dir.appendingPathComponent("prometheus.log")
        let prometheus = try ChildProcess("/usr/bin/prometheus", ["--config.file=\(dir.path)/prometheus.yml", "--storage.tsdb.path=\(dir.path)/data",
                                                                  "--web.listen-address=127.0.0.1:\(port)"], output: log.path)
        defer { prometheus.kill9() }

        let text = try String(contentsOf: URL(fileURLWithPath: rules), encoding: .utf8)
        let recorded = text.split(separator: "\n").compactMap { line -> String? in
            let t = line.trimmingCharacters(in: .whitespaces)
            return t.hasPrefix("- record: ") ? String(t.dropFirst("- record: ".count)) : nil
        }
        #expect(recorded.count >= 15)
        var missing = recorded
        _ = Polling.waitUntil(60) {
            missing = missing.filter { ((try? Self.query(port, $0)) ?? []).isEmpty }
            usleep(500_000)
            return missing.isEmpty
        }
        #expect(missing.isEmpty, "no series for \(missing); prometheus log: \((try? String(contentsOf: log, encoding: .utf8))?.suffix(1500) ?? "")")
        // Every query of the Grafana dashboard (contrib/grafana/pantau.json), its variables as "All",
        // returns series; a malformed line first, for the rejected-lines panel (it shows only rises).
        d.append("this is not an event\n", to: "garbage.jsonl")
        let dashboard = try GrafanaDashboard()
        let queries = dashboard.panelQueries + dashboard.variableQueries
        #expect(queries.count >= 25)
        var empty = queries
        _ = Polling.waitUntil(60) {
            empty = empty.filter { ((try? Self.query(port, GrafanaDashboard.substitute($0.expression))) ?? []).isEmpty }
            usleep(500_000)
            return empty.isEmpty
        }
        #expect(empty.isEmpty, "no series for \(empty.map { "\($0.panel): \($0.expression)" })")
        // The figures came through: five channels' queue depths, and the alerts are loaded.
        #expect(try Self.query(port, "pantau_queue_depth").count == 5)
        #expect(try Self.query(port, "channel:pantau_first_response_error_budget:ratio").count == 5)
        let alerts = try Self.api(port, "/api/v1/rules?type=alert")
        for name in ["PantauServiceLevelBelowTarget15m", "PantauFirstResponseBudgetBurningFast", "PantauDown"] {
            #expect(alerts.contains("\"\(name)\""), "\(name)")
        }
    }
}
