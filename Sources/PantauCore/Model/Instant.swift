/// A point in time: nanoseconds since 1970-01-01T00:00:00Z.
///
/// The core never reads a clock; instants come from events or are passed in by the shell.
public struct Instant: Hashable, Comparable, Sendable {
    /// Nanoseconds since the Unix epoch (negative before it).
    public var nanoseconds: Int64

    @inlinable public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    /// An instant from whole seconds since the epoch.
    @inlinable public init(seconds: Int64) { self.nanoseconds = seconds &* 1_000_000_000 }

    /// Later than every instant an event can carry; used for "never" (a paused cycle's deadline).
    public static let distantFuture = Instant(nanoseconds: Int64.max)
    /// Earlier than every instant an event can carry.
    public static let distantPast = Instant(nanoseconds: Int64.min)

    /// Whole seconds since the epoch, rounded towards negative infinity.
    @inlinable public var seconds: Int64 {
        nanoseconds >= 0 ? nanoseconds / 1_000_000_000 : -((-nanoseconds + 999_999_999) / 1_000_000_000)
    }

    @inlinable public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    /// The instant `span` later, saturating at `distantFuture`.
    @inlinable public static func + (lhs: Instant, rhs: TimeSpan) -> Instant {
        let (sum, overflow) = lhs.nanoseconds.addingReportingOverflow(rhs.nanoseconds)
        if overflow { return rhs.nanoseconds > 0 ? .distantFuture : .distantPast }
        return Instant(nanoseconds: sum)
    }

    /// The instant `span` earlier, saturating.
    @inlinable public static func - (lhs: Instant, rhs: TimeSpan) -> Instant {
        lhs + TimeSpan(nanoseconds: rhs.nanoseconds == Int64.min ? Int64.max : -rhs.nanoseconds)
    }

    /// The wall time from `rhs` to `lhs` (negative when `lhs` is earlier), saturating.
    @inlinable public static func - (lhs: Instant, rhs: Instant) -> TimeSpan {
        let (diff, overflow) = lhs.nanoseconds.subtractingReportingOverflow(rhs.nanoseconds)
        if overflow { return TimeSpan(nanoseconds: lhs > rhs ? Int64.max : Int64.min) }
        return TimeSpan(nanoseconds: diff)
    }
}
