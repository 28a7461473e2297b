import Foundation
@testable import PantauServe
import Synchronization

/// A service manager that records every notification with the time it arrived, and asks for
/// watchdog pings at the interval a test chooses.
final class RecordingNotifier: ServiceManagerNotifier {
    let watchdogMicroseconds: UInt64?
    private let messages = Mutex<[(at: ContinuousClock.Instant, text: String)]>([])

    init(watchdogMicroseconds: UInt64? = nil) { self.watchdogMicroseconds = watchdogMicroseconds }

    func notify(_ assignments: String) {
        messages.withLock { $0.append((ContinuousClock.now, assignments)) }
    }

    /// Everything so far, in order.
    var all: [(at: ContinuousClock.Instant, text: String)] { messages.withLock { $0 } }

    /// The texts so far, watchdog pings left out.
    var texts: [String] { all.map(\.text).filter { $0 != "WATCHDOG=1" } }

    /// When each watchdog ping arrived.
    var pings: [ContinuousClock.Instant] { all.filter { $0.text == "WATCHDOG=1" }.map(\.at) }
}
