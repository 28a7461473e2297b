import Glibc
import PantauCore

/// The two clocks the shell reads: wall time for the engine (live mode) and monotonic time for
/// intervals (drain grace, rate limits), which never jumps.
enum SystemClock {
    /// The wall clock as an `Instant`.
    static func now() -> Instant {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Instant(nanoseconds: Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec))
    }

    /// Monotonic nanoseconds (CLOCK_MONOTONIC), for durations and for `MONOTONIC_USEC=`.
    static func monotonicNanoseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    /// Monotonic seconds.
    static func monotonicSeconds() -> Double { Double(monotonicNanoseconds()) / 1e9 }
}
