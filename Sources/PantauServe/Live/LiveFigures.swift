import PantauCore
import PantauSystem

/// What the engine queue last published for the HTTP side: the figures, readiness and the
/// spool's, checkpoint's and clock's figures. Immutable once published.
struct LiveFigures: Sendable {
    /// Grows with every publication; caches of rendered bodies are keyed on it.
    var version: UInt64
    var snapshot: Snapshot
    /// The backlog present at start-up has been applied (`/readyz`).
    var caughtUp: Bool
    /// Followed spool files.
    var spoolFiles: Int
    /// Bytes read from the spool since start (skipped over-long lines included).
    var spoolReadBytes: Int64
    /// Seconds the oldest unapplied spool data has waited; 0 when every complete line is applied.
    var spoolLagSeconds: Double
    /// Checkpoint writes that failed since start.
    var checkpointFailures: UInt64 = 0
    /// Wall time (Unix seconds) of the last checkpoint known durable; nil before the first.
    var lastCheckpointSeconds: Double? = nil
    /// Seconds since then, at publication.
    var checkpointAgeSeconds: Double? = nil
    /// Wall-clock steps seen (`LiveClock`), and the one now pending (seconds, 0 when none).
    var clockSteps: UInt64 = 0
    var clockStepSeconds: Double = 0
}
