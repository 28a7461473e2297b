/// A metric family the shell adds to the engine's (spool, SSE, process figures).
public struct MetricFamily: Sendable, Equatable {
    public enum Kind: String, Sendable { case gauge, counter }

    /// The name; for a counter the samples' name, ending in `_total`.
    public var name: String
    public var help: String
    public var kind: Kind
    public var samples: [(labels: [(String, String)], value: Double)]

    public init(name: String, help: String, kind: Kind, samples: [(labels: [(String, String)], value: Double)]) {
        self.name = name
        self.help = help
        self.kind = kind
        self.samples = samples
    }

    public static func == (a: MetricFamily, b: MetricFamily) -> Bool {
        a.name == b.name && a.help == b.help && a.kind == b.kind && a.samples.count == b.samples.count
            && zip(a.samples, b.samples).allSatisfy { x, y in
                x.value == y.value && x.labels.map(\.0) == y.labels.map(\.0) && x.labels.map(\.1) == y.labels.map(\.1)
            }
    }
}
