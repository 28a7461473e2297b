import Glibc
import PantauCore
import PantauServe
import PantauSystem

/// When a simulated line is due on the monotonic clock: the simulated start is pinned to a wall
/// instant and simulated time runs `speedup` times faster than the wall clock from there.
struct SimulationPacer {
    let simulatedStart: Instant
    let speedup: Double
    /// Monotonic nanoseconds at which `simulatedStart` is due.
    let monotonicAnchor: Int64

    /// `simulatedStart` is due when the wall clock reads `wall` (in the past or future).
    init(simulatedStart: Instant, dueAtWall wall: Instant, speedup: Double) {
        self.simulatedStart = simulatedStart
        self.speedup = speedup
        monotonicAnchor = Self.monotonicNanoseconds() - (Self.wallClock().nanoseconds - wall.nanoseconds)
    }

    /// Monotonic nanoseconds at which the simulated instant `t` is due.
    func due(_ t: Instant) -> Int64 {
        let simulated = Double(t.nanoseconds - simulatedStart.nanoseconds) / speedup
        guard simulated < 9e18 else { return Int64.max }
        return monotonicAnchor + Int64(simulated)
    }

    /// The wall clock (CLOCK_REALTIME).
    static func wallClock() -> Instant { SystemClock().now() }

    /// CLOCK_MONOTONIC in nanoseconds.
    static func monotonicNanoseconds() -> Int64 { SystemClock().monotonicNanoseconds() }

    /// Sleeps up to `nanoseconds`; returns early when a signal arrives.
    static func sleep(nanoseconds: Int64) {
        guard nanoseconds > 0 else { return }
        var request = timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
        _ = nanosleep(&request, nil)
    }
}
