import Glibc
import PantauCore

/// The clocks the shell reads: wall time, monotonic time for intervals (drain grace, rate limits),
/// and elapsed time since boot, suspend included, for the live clock (`LiveClock`).
enum SystemClock {
    /// The wall clock as an `Instant`.
    static func now() -> Instant { Instant(nanoseconds: read(CLOCK_REALTIME)) }

    /// Monotonic nanoseconds (CLOCK_MONOTONIC), for durations and for `MONOTONIC_USEC=`.
    static func monotonicNanoseconds() -> Int64 { read(CLOCK_MONOTONIC) }

    /// Nanoseconds since boot, suspend included (CLOCK_BOOTTIME): never steps, and goes on across
    /// restarts of the daemon within one boot.
    static func elapsedNanoseconds() -> Int64 { read(CLOCK_BOOTTIME) }

    /// Monotonic seconds.
    static func monotonicSeconds() -> Double { Double(monotonicNanoseconds()) / 1e9 }

    /// The kernel's id of this boot (`/proc/sys/kernel/random/boot_id`), "" when unreadable.
    static let kernelBootID: String = {
        let fd = open("/proc/sys/kernel/random/boot_id", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return "" }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 64)
        let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, 64) }
        guard n > 0 else { return "" }
        return String(decoding: bytes[0..<n].prefix { $0 != 0x0A }, as: UTF8.self)
    }()

    private static func read(_ clock: clockid_t) -> Int64 {
        var ts = timespec()
        clock_gettime(clock, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }
}
