import Foundation
import PantauTestKit
import Testing

/// contrib/grafana/pantau.json is an importable dashboard: the shape Grafana's import takes (inputs
/// for the data source, unique ids, a 24-column grid without overlaps), each panel asked for is
/// there, every variable it uses is defined, and every metric and rule it names exists. Its queries
/// run through a real Prometheus in PrometheusServerTests.
@Suite struct GrafanaDashboardTests {
    @Test func theDashboardIsImportable() throws {
        let dashboard = try GrafanaDashboard()
        let json = dashboard.json
        #expect(json["uid"] as? String == "pantau-sla")
        #expect((json["schemaVersion"] as? Int ?? 0) >= 36)
        let inputs = json["__inputs"] as? [[String: Any]] ?? []
        #expect(inputs.contains { $0["name"] as? String == "DS_PROMETHEUS" && $0["pluginId"] as? String == "prometheus" })

        let panels = dashboard.panels
        let ids = panels.compactMap { $0["id"] as? Int }
        #expect(ids.count == panels.count && Set(ids).count == ids.count, "panel ids must be unique")
        // The grid: 24 columns, no two panels on the same cell.
        var cells = Set<[Int]>()
        for panel in panels {
            let grid = panel["gridPos"] as? [String: Int] ?? [:]
            let x = grid["x"] ?? -1, y = grid["y"] ?? -1, w = grid["w"] ?? 0, h = grid["h"] ?? 0
            #expect(x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= 24, "\(panel["title"] ?? "?"): \(grid)")
            for cx in x..<(x + max(w, 0)) { for cy in y..<(y + max(h, 0)) { #expect(cells.insert([cx, cy]).inserted, "\(panel["title"] ?? "?") overlaps at \(cx),\(cy)") } }
            guard panel["type"] as? String != "row" else { continue }
            #expect(["timeseries", "stat", "bargauge", "heatmap"].contains(panel["type"] as? String ?? ""), "\(panel["type"] ?? "?")")
            #expect((panel["datasource"] as? [String: Any])?["uid"] as? String == "${datasource}")
            let targets = panel["targets"] as? [[String: Any]] ?? []
            #expect(!targets.isEmpty)
            let refs = targets.compactMap { $0["refId"] as? String }
            #expect(Set(refs).count == targets.count, "\(panel["title"] ?? "?"): refIds")
        }
        // What #13 asks for: service level against target, queue depth, longest wait, breaching
        // soon, heatmaps of response times, breaches.
        let titles = panels.compactMap { $0["title"] as? String }
        for wanted in ["Service level over 15 min against target", "Queue depth", "Longest wait against the first-response target",
                       "Breaching within 15 minutes", "First-response time", "Resolution time", "Breaches per hour"] {
            #expect(titles.contains(wanted), "\(wanted)")
        }
        #expect(panels.filter { $0["type"] as? String == "heatmap" }.allSatisfy { panel in
            (panel["targets"] as? [[String: Any]] ?? []).allSatisfy { ($0["expr"] as? String ?? "").contains("_bucket") && $0["format"] as? String == "heatmap" }
        })

        // Every $variable used is defined (or one of Grafana's own).
        let defined = Set(dashboard.variables.compactMap { $0["name"] as? String })
        let text = (dashboard.panelQueries + dashboard.variableQueries).map(\.expression).joined(separator: "\n")
            + dashboard.panels.map { "\(($0["datasource"] as? [String: Any])?["uid"] ?? "")" }.joined()
        let used = Set(text.matches(of: /\$\{?([a-zA-Z_]+)/).map { String($0.output.1) }).subtracting(["__rate_interval", "__interval"])
        #expect(used.isSubset(of: defined), "undefined: \(used.subtracting(defined))")
    }

    @Test func everyMetricAndRuleTheDashboardNamesExists() throws {
        let dashboard = try GrafanaDashboard()
        let text = (dashboard.panelQueries + dashboard.variableQueries).map(\.expression).joined(separator: "\n")
        let rules = try String(contentsOf: PrometheusRulesTests.dir.appendingPathComponent("pantau.rules.yml"), encoding: .utf8)
        for rule in Set(text.matches(of: /[a-z_]+:pantau_[a-z0-9_]+:[a-z0-9_]+/).map { String($0.output) }) {
            #expect(rules.contains("- record: \(rule)\n"), "\(rule) is not a recording rule")
        }
        let metrics = ExportedMetrics.names(in: text)
        #expect(metrics.count >= 15)
        let missing = try ExportedMetrics.missing(metrics, daemon: "dashboard-metrics")
        #expect(missing.isEmpty, "not exported: \(missing)")
    }
}
