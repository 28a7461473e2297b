import CSystemd
import Glibc

/// `sd_notify` to systemd (`Type=notify`): does nothing when `NOTIFY_SOCKET` is unset, so a
/// daemon run by hand is unaffected. `sd_watchdog_enabled` reads `WATCHDOG_USEC` (and
/// `WATCHDOG_PID`, so a child never pings for its parent).
package struct SystemdNotifier: ServiceManagerNotifier {
    package let watchdogMicroseconds: UInt64?

    package init() {
        var usec: UInt64 = 0
        watchdogMicroseconds = sd_watchdog_enabled(0, &usec) > 0 && usec > 0 ? usec : nil
    }

    package func notify(_ assignments: String) {
        _ = sd_notify(0, assignments)
    }
}
