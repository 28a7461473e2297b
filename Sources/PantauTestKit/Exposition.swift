import PantauSystem

/// A parsed exposition (`ExpositionChecker.parse`): families, every sample, and what is wrong.
package struct Exposition {
    /// Families in the order their first `#` line appears.
    package var families: [ExpositionFamily] = []
    /// Every well-formed sample line in order, those outside any family included.
    package var samples: [ExpositionSample] = []
    /// Problems found, each naming its line or family; empty for a valid exposition.
    package var problems: [String] = []

    /// Parses `text` for reading values, throwing `ExpositionProblems` unless it is valid.
    package static func parse(_ text: String, openMetrics: Bool) throws -> Exposition {
        let x = ExpositionChecker.parse(text, openMetrics: openMetrics)
        guard x.problems.isEmpty else { throw ExpositionProblems(problems: x.problems) }
        return x
    }

    /// The family with that name.
    package func family(_ name: String) -> ExpositionFamily? { families.first { $0.name == name } }

    /// Samples with that sample name, in line order.
    package func samples(named name: String) -> [ExpositionSample] { samples.filter { $0.name == name } }

    /// The value of the series with exactly these labels (`le` included for buckets), if present.
    package func value(of name: String, labels: [String: String] = [:]) -> Double? {
        samples.first { $0.name == name && $0.hasLabels(labels) }?.value
    }
}
