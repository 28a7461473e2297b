import Glibc

/// The kernel's clocks.
package struct SystemClock: Clock {
    package init() {}

    package func wallNanoseconds() -> Int64 { Self.read(CLOCK_REALTIME) }
    package func monotonicNanoseconds() -> Int64 { Self.read(CLOCK_MONOTONIC) }
    package func elapsedNanoseconds() -> Int64 { Self.read(CLOCK_BOOTTIME) }

    /// The kernel's id of this boot (`/proc/sys/kernel/random/boot_id`), "" when unreadable.
    package static let kernelBootID: String = {
        guard let bytes = try? Files.read("/proc/sys/kernel/random/boot_id", limit: 64, regularOnly: false) else { return "" }
        return String(decoding: bytes.prefix { $0 != 0x0A }, as: UTF8.self)
    }()

    private static func read(_ clock: clockid_t) -> Int64 {
        var ts = timespec()
        clock_gettime(clock, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }
}
