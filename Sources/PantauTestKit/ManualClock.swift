import PantauCore
import PantauSystem
import Synchronization

/// A clock the test moves: `advance` moves wall, monotonic and elapsed time together (time passing).
package final class ManualClock: Clock {
    private struct Readings {
        var wall: Int64
        var monotonic: Int64
        var elapsed: Int64
    }
    private let readings: Mutex<Readings>

    /// Starts at `wall`; monotonic and elapsed time at 1,000 s (never 0, which some code reads as unset).
    package init(wall: Instant) {
        readings = Mutex(Readings(wall: wall.nanoseconds, monotonic: 1_000_000_000_000, elapsed: 1_000_000_000_000))
    }

    package func wallNanoseconds() -> Int64 { readings.withLock { $0.wall } }
    package func monotonicNanoseconds() -> Int64 { readings.withLock { $0.monotonic } }
    package func elapsedNanoseconds() -> Int64 { readings.withLock { $0.elapsed } }

    /// The wall clock as an `Instant`.
    package var now: Instant { Instant(nanoseconds: wallNanoseconds()) }

    /// Time passes: every clock moves by `span`.
    package func advance(by span: TimeSpan) {
        readings.withLock { r in
            r.wall += span.nanoseconds
            r.monotonic += span.nanoseconds
            r.elapsed += span.nanoseconds
        }
    }
}
