/// One metric family of an exposition: its `# HELP` and `# TYPE` and the samples that follow them.
struct ExpositionFamily {
    /// The family name as `# TYPE` gives it (text 0.0.4 names a counter `…_total`, OpenMetrics without).
    var name: String
    /// `counter`, `gauge`, `histogram`, …; nil when only `# HELP` was seen.
    var type: String?
    /// The unescaped `# HELP` text, if any.
    var help: String?
    /// Samples in line order.
    var samples: [ExpositionSample] = []
    /// Line of the family's first `#` line.
    var line: Int
}
