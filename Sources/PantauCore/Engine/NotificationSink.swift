/// Where the engine reports the breaches and warnings it decides: the caller's array, or nowhere
/// (a replay wants the figures only). The engine's internals are generic over it, so the
/// discarding sink costs nothing: the notification is never even built.
protocol NotificationSink {
    /// Reports the notification `make` builds (only called when it is wanted).
    mutating func report(_ make: () -> SLANotification)
}

extension Array: NotificationSink where Element == SLANotification {
    @inline(__always)
    mutating func report(_ make: () -> SLANotification) { append(make()) }
}

/// Drops every notification unbuilt.
struct DiscardedNotifications: NotificationSink {
    @inline(__always)
    mutating func report(_ make: () -> SLANotification) {}
}
