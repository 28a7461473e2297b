import Foundation
import Glibc
import PantauTestKit
import Testing

/// A real Prometheus (Debian `prometheus`) with contrib/prometheus/pantau.rules.yml, scraping a real
/// `pantau serve` fed by `pantau simulate`: every recording rule returns series through Prometheus'
/// HTTP API, so does every query of the Grafana dashboard, and the alerts load.
@Suite(.enabled(if: PrometheusServer.available, "prometheus is not installed (Debian package prometheus)"))
struct PrometheusServerTests {
    @Test func everyRecordingRuleReturnsSeriesFromARealPrometheus() throws {
        let channels = ServedDaemon.bundledChannels
        let d = try ServedDaemon("prometheus", config: "ServiceLevelTarget=80%\nCheckpointInterval=1s", clock: "wall", channels: channels)
        let simulator = try LiveSimulator(spool: d.spool, duration: "3min", seed: 5)
        defer { withExtendedLifetime(simulator) {} }

        let prometheus = try PrometheusServer(scrapeConfigs: """
              - job_name: pantau
                static_configs: [{targets: ["127.0.0.1:\(d.port)"]}]
            """)
        let text = try String(contentsOf: PrometheusServer.rules, encoding: .utf8)
        let recorded = text.split(separator: "\n").compactMap { line -> String? in
            let t = line.trimmingCharacters(in: .whitespaces)
            return t.hasPrefix("- record: ") ? String(t.dropFirst("- record: ".count)) : nil
        }
        #expect(recorded.count >= 15)
        var missing = recorded
        _ = Polling.waitUntil(60) {
            missing = missing.filter { ((try? prometheus.query($0)) ?? []).isEmpty }
            usleep(500_000)
            return missing.isEmpty
        }
        #expect(missing.isEmpty, "no series for \(missing); prometheus log: \(prometheus.log.suffix(1500))")
        // Every query of the Grafana dashboard (contrib/grafana/pantau.json), its variables as "All",
        // returns series; a malformed line first, for the rejected-lines panel (it shows only rises).
        d.append("this is not an event\n", to: "garbage.jsonl")
        let dashboard = try GrafanaDashboard()
        let queries = dashboard.panelQueries + dashboard.variableQueries
        #expect(queries.count >= 25)
        var empty = queries
        _ = Polling.waitUntil(60) {
            empty = empty.filter { ((try? prometheus.query(GrafanaDashboard.substitute($0.expression))) ?? []).isEmpty }
            usleep(500_000)
            return empty.isEmpty
        }
        #expect(empty.isEmpty, "no series for \(empty.map { "\($0.panel): \($0.expression)" })")
        // The figures came through: five channels' queue depths, and the alerts are loaded.
        #expect(try prometheus.query("pantau_queue_depth").count == 5)
        #expect(try prometheus.query("channel:pantau_first_response_error_budget:ratio").count == 5)
        let alerts = try prometheus.api("/api/v1/rules?type=alert")
        for name in ["PantauServiceLevelBelowTarget15m", "PantauFirstResponseBudgetBurningFast", "PantauDown"] {
            #expect(alerts.contains("\"\(name)\""), "\(name)")
        }
    }
}
