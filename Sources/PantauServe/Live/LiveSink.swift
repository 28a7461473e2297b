import PantauCore

/// What the engine service hands the HTTP side, on the engine queue, one call at a time (so SSE
/// numbering and history stay in order). Implementations hand over to their event loops and
/// never block.
protocol LiveSink: AnyObject, Sendable {
    /// The checkpoint was restored (or not): SSE sequence numbers continue after `pushSequence`.
    func restored(pushSequence: UInt64)
    /// Breaches and warnings just decided, numbered, in order.
    func push(_ batch: [PushedNotification])
    /// The figures as just published, every `PushInterval=`: the SSE `metrics` event.
    func pushMetrics(_ figures: LiveFigures)
    /// SSE clients connected now (for the service manager's status line).
    var streamCount: Int { get }
}
