import PantauCore

/// What the daemon tells the HTTP side, from the engine queue. Implementations hand over to
/// their own queue and never block on it for long.
protocol LiveSink: AnyObject, Sendable {
    /// The checkpoint was restored (or not): SSE sequence numbers continue after `pushSequence`.
    func restored(pushSequence: UInt64)
    /// Breaches and warnings just decided, numbered, in order.
    func push(_ batch: [PushedNotification])
    /// A new configuration took effect.
    func reloaded(_ configuration: Configuration)
}
