/// A parsed exposition (`ExpositionChecker.parse`): families, every sample, and what is wrong.
struct Exposition {
    /// Families in the order their first `#` line appears.
    var families: [ExpositionFamily] = []
    /// Every well-formed sample line in order, those outside any family included.
    var samples: [ExpositionSample] = []
    /// Problems found, each naming its line or family; empty for a valid exposition.
    var problems: [String] = []

    /// Parses `text` for reading values, throwing `ExpositionProblems` unless it is valid.
    static func parse(_ text: String, openMetrics: Bool) throws -> Exposition {
        let x = ExpositionChecker.parse(text, openMetrics: openMetrics)
        guard x.problems.isEmpty else { throw ExpositionProblems(problems: x.problems) }
        return x
    }

    /// The family with that name.
    func family(_ name: String) -> ExpositionFamily? { families.first { $0.name == name } }

    /// Samples with that sample name, in line order.
    func samples(named name: String) -> [ExpositionSample] { samples.filter { $0.name == name } }

    /// The value of the series with exactly these labels (`le` included for buckets), if present.
    func value(of name: String, labels: [String: String] = [:]) -> Double? {
        samples.first { $0.name == name && $0.hasLabels(labels) }?.value
    }
}
