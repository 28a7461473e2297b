/// A length of time in nanoseconds (systemd's "time span"). Named apart from the standard
/// library's `Duration` because the core does integer arithmetic on it in its hot path.
public struct TimeSpan: Hashable, Comparable, Sendable {
    /// Length in nanoseconds.
    public var nanoseconds: Int64

    @inlinable public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    public static let zero = TimeSpan(nanoseconds: 0)
    /// Longer than any budget; stands for "infinity".
    public static let infinite = TimeSpan(nanoseconds: Int64.max)

    @inlinable public static func seconds(_ s: Int64) -> TimeSpan { TimeSpan(nanoseconds: s &* 1_000_000_000) }
    @inlinable public static func minutes(_ m: Int64) -> TimeSpan { .seconds(m &* 60) }
    @inlinable public static func hours(_ h: Int64) -> TimeSpan { .seconds(h &* 3600) }
    @inlinable public static func days(_ d: Int64) -> TimeSpan { .seconds(d &* 86_400) }
    @inlinable public static func milliseconds(_ ms: Int64) -> TimeSpan { TimeSpan(nanoseconds: ms &* 1_000_000) }

    /// The span in (fractional) seconds, for rendering.
    @inlinable public var secondsValue: Double { Double(nanoseconds) / 1e9 }

    @inlinable public static func < (lhs: TimeSpan, rhs: TimeSpan) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    /// Saturating sum.
    @inlinable public static func + (lhs: TimeSpan, rhs: TimeSpan) -> TimeSpan {
        let (sum, overflow) = lhs.nanoseconds.addingReportingOverflow(rhs.nanoseconds)
        if overflow { return TimeSpan(nanoseconds: rhs.nanoseconds > 0 ? Int64.max : Int64.min) }
        return TimeSpan(nanoseconds: sum)
    }

    /// Saturating difference.
    @inlinable public static func - (lhs: TimeSpan, rhs: TimeSpan) -> TimeSpan {
        let (diff, overflow) = lhs.nanoseconds.subtractingReportingOverflow(rhs.nanoseconds)
        if overflow { return TimeSpan(nanoseconds: rhs.nanoseconds < 0 ? Int64.max : Int64.min) }
        return TimeSpan(nanoseconds: diff)
    }
}
