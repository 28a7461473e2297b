import PantauCore

/// What the engine queue last published for the HTTP side: the figures, readiness and the
/// spool's figures. Immutable once published.
struct LiveFigures: Sendable {
    /// Grows with every publication; caches of rendered bodies are keyed on it.
    var version: UInt64
    var snapshot: Snapshot
    /// The backlog present at start-up has been applied (`/readyz`).
    var caughtUp: Bool
    /// Followed spool files.
    var spoolFiles: Int
    /// Bytes read from the spool since start.
    var spoolReadBytes: Int64
    /// Seconds the oldest unapplied spool data has waited; 0 when every complete line is applied.
    var spoolLagSeconds: Double
}
