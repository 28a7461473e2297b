import PantauSystem

/// One metric family of an exposition: its `# HELP` and `# TYPE` and the samples that follow them.
package struct ExpositionFamily {
    /// The family name as `# TYPE` gives it (text 0.0.4 names a counter `…_total`, OpenMetrics without).
    package var name: String
    /// `counter`, `gauge`, `histogram`, …; nil when only `# HELP` was seen.
    package var type: String?
    /// The unescaped `# HELP` text, if any.
    package var help: String?
    /// Samples in line order.
    package var samples: [ExpositionSample] = []
    /// Line of the family's first `#` line.
    package var line: Int
}
