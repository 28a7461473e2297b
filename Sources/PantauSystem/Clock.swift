/// The shell's one source of time, injectable: wall time for deadlines and log stamps, monotonic
/// time for intervals (drain grace, rate limits, HTTP timeouts), and elapsed time since boot
/// (suspend included) for the live clock. `SystemClock` reads the kernel; tests use a manual clock.
package protocol Clock: Sendable {
    /// Nanoseconds since the Unix epoch (CLOCK_REALTIME): may step.
    func wallNanoseconds() -> Int64
    /// Nanoseconds of CLOCK_MONOTONIC: never steps; stops in suspend.
    func monotonicNanoseconds() -> Int64
    /// Nanoseconds since boot, suspend included (CLOCK_BOOTTIME): never steps, and goes on across
    /// restarts of the daemon within one boot.
    func elapsedNanoseconds() -> Int64
}

extension Clock {
    /// Monotonic seconds.
    package func monotonicSeconds() -> Double { Double(monotonicNanoseconds()) / 1e9 }
}
