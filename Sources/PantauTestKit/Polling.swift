import Foundation
import Glibc

/// Waiting for something a process or a socket will make true, in real time.
package enum Polling {
    /// Polls `condition` every 20 ms until it holds, up to `seconds`; its last value after that.
    package static func waitUntil(_ seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            usleep(20_000)
        }
        return try condition()
    }
}
