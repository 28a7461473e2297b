import PantauSystem

/// One sample line of a Prometheus or OpenMetrics exposition, label values unescaped.
package struct ExpositionSample: CustomStringConvertible {
    /// The sample name (`pantau_events_total`, `…_bucket`).
    package var name: String
    /// The labels in line order.
    package var labels: [(name: String, value: String)]
    /// The value; NaN and ±Inf included.
    package var value: Double
    /// The 1-based line number in the exposition.
    package var line: Int

    /// The value of one label, if present.
    package func label(_ name: String) -> String? { labels.first { $0.name == name }?.value }

    /// Whether the label set is exactly `expected` (order ignored).
    package func hasLabels(_ expected: [String: String]) -> Bool {
        labels.count == expected.count && labels.allSatisfy { expected[$0.name] == $0.value }
    }

    /// `name{a="b",…} value`, label values escaped as in the exposition.
    package var description: String { name + Self.render(labels) + " \(value)" }

    /// `{a="b",…}`, or an empty string for no labels; the escaping both formats share.
    package static func render(_ labels: [(name: String, value: String)]) -> String {
        guard !labels.isEmpty else { return "" }
        let pairs = labels.map { label in
            var escaped = ""
            for c in label.value.unicodeScalars {
                switch c {
                case "\\": escaped += "\\\\"
                case "\"": escaped += "\\\""
                case "\n": escaped += "\\n"
                default: escaped.unicodeScalars.append(c)
                }
            }
            return "\(label.name)=\"\(escaped)\""
        }
        return "{" + pairs.joined(separator: ",") + "}"
    }
}
