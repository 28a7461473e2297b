import Foundation
import PantauTestKit

/// contrib/grafana/pantau.json read as Grafana would: its panels, their PromQL, the template
/// variables' queries, with Grafana's variables put in as a Prometheus query sees them.
struct GrafanaDashboard {
    struct Query {
        var panel: String
        var expression: String
    }

    static let url = TestPaths.repository.appendingPathComponent("contrib/grafana/pantau.json")

    let json: [String: Any]

    init() throws {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.url))
        guard let json = object as? [String: Any] else { throw ServedDaemonError("pantau.json is not a JSON object") }
        self.json = json
    }

    var panels: [[String: Any]] { json["panels"] as? [[String: Any]] ?? [] }

    var variables: [[String: Any]] { (json["templating"] as? [String: Any])?["list"] as? [[String: Any]] ?? [] }

    /// Every panel target's expression, as written.
    var panelQueries: [Query] {
        panels.flatMap { panel in
            (panel["targets"] as? [[String: Any]] ?? []).compactMap { target in
                (target["expr"] as? String).map { Query(panel: panel["title"] as? String ?? "?", expression: $0) }
            }
        }
    }

    /// The series selectors of the query variables (`label_values(SELECTOR, label)`).
    var variableQueries: [Query] {
        variables.compactMap { variable in
            guard variable["type"] as? String == "query", let query = (variable["query"] as? [String: Any])?["query"] as? String,
                  let open = query.range(of: "label_values("), let comma = query.range(of: ",", options: .backwards) else { return nil }
            return Query(panel: "variable \(variable["name"] ?? "?")", expression: String(query[open.upperBound..<comma.lowerBound]))
        }
    }

    /// `expression` with Grafana's variables as the "All" selection and a rate interval of
    /// `rateInterval`.
    static func substitute(_ expression: String, rateInterval: String = "1m") -> String {
        expression
            .replacingOccurrences(of: "$__rate_interval", with: rateInterval)
            .replacingOccurrences(of: "$__interval", with: "15s")
            .replacingOccurrences(of: "$job", with: ".*")
            .replacingOccurrences(of: "$site", with: ".*")
            .replacingOccurrences(of: "$channel", with: ".*")
            .replacingOccurrences(of: "$instance", with: ".*")
    }
}
