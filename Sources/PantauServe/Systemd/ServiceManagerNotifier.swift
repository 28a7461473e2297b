/// What the serve runtime tells its service manager: ready, reloading, stopping, a status line,
/// watchdog pings. `SystemdNotifier` speaks `sd_notify`; tests record the messages.
package protocol ServiceManagerNotifier: Sendable {
    /// Sends one notification: newline-separated `KEY=value` assignments.
    func notify(_ assignments: String)
    /// The watchdog interval the manager expects pings within, in microseconds; nil when off.
    var watchdogMicroseconds: UInt64? { get }
}
