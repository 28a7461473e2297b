import Foundation

/// Converts between UTC instants and local wall time in one IANA time zone.
///
/// Local days are counted as *day numbers*: days since 1970-01-01 in the proleptic Gregorian
/// calendar, so weekday and date arithmetic is pure integer arithmetic and only the zone's UTC
/// offset comes from Foundation. Nothing is cached here; `BusinessCalendar` caches per-day results.
///
/// Local times that do not exist (a spring-forward gap) map to the end of the gap, i.e. the
/// transition instant. Local times that occur twice (a fall-back overlap) map to the earliest or the
/// latest occurrence, as the caller asks.
public struct ZoneConverter: Sendable {
    /// The wrapped Foundation time zone.
    public let timeZone: TimeZone

    /// A converter for the IANA zone `identifier` (`Asia/Jakarta`); nil when the zone is unknown.
    public init?(identifier: String) {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        self.timeZone = zone
    }

    /// A converter for `timeZone`.
    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    /// The local calendar date at `instant`.
    public func localDate(of instant: Instant) -> LocalDate {
        Self.date(ofDayNumber: dayNumber(of: instant))
    }

    /// The weekday of `date`: 0 = Monday … 6 = Sunday.
    public func weekday(of date: LocalDate) -> Int {
        Self.weekday(ofDayNumber: Self.dayNumber(of: date))
    }

    /// The UTC instant of the local wall time `minute` (0…1440; 1440 is the next day's 00:00) on
    /// `date`.
    ///
    /// A wall time inside a spring-forward gap maps to the end of the gap (the transition instant).
    /// A wall time that occurs twice maps to its earliest occurrence, or to its latest when `latest`
    /// is true (use `false` for interval starts and midnight, `true` for interval ends, so a repeated
    /// hour inside an interval counts as the real time it lasts).
    public func instant(of date: LocalDate, minute: Int, latest: Bool) -> Instant {
        instant(ofDay: Self.dayNumber(of: date), minute: minute, latest: latest)
    }

    /// Local midnight (its earliest occurrence; the end of the gap if midnight does not exist) of the
    /// local day containing `instant`.
    public func startOfDay(containing instant: Instant) -> Instant {
        self.instant(ofDay: dayNumber(of: instant), minute: 0, latest: false)
    }

    // MARK: - Day-number level (internal, used by BusinessCalendar)

    /// The local day number (days since 1970-01-01 local) at `instant`.
    func dayNumber(of instant: Instant) -> Int {
        let seconds = instant.seconds
        let local = seconds + offset(at: seconds)
        return Int(Self.floorDiv(local, 86_400))
    }

    /// `instant(of:minute:latest:)` for a day number.
    func instant(ofDay day: Int, minute: Int, latest: Bool) -> Instant {
        let local = Int64(day) * 86_400 + Int64(minute) * 60
        // Offsets that may apply: those around the wall time (±36 h covers any day's transitions)
        // and those at the candidate instants themselves (catches an intermediate offset).
        let before = offset(at: local - 129_600)
        let after = offset(at: local + 129_600)
        var offsets: [Int64] = [before]
        if after != before { offsets.append(after) }
        var found: Int64? = nil
        var index = 0
        while index < offsets.count {
            let candidate = local - offsets[index]
            let actual = offset(at: candidate)
            if actual == offsets[index] {
                if let best = found {
                    found = latest ? max(best, candidate) : min(best, candidate)
                } else {
                    found = candidate
                }
            } else if !offsets.contains(actual) {
                offsets.append(actual)
            }
            index += 1
        }
        if let found { return Instant(seconds: found) }
        // A gap: the transition lies in (local - max offset, local - min offset]; find the first
        // second whose offset differs from the offset just before the gap.
        let low = local - (offsets.max() ?? before)
        let high = local - (offsets.min() ?? before)
        return Instant(seconds: firstChange(after: low, notAfter: high) ?? (local - after))
    }

    /// The first second in `(low, high]` whose offset differs from the offset at `low`, by binary
    /// search (works for any offset change, DST or not); nil if the offset does not change there.
    private func firstChange(after low: Int64, notAfter high: Int64) -> Int64? {
        let base = offset(at: low)
        guard high > low, offset(at: high) != base else { return nil }
        var lo = low, hi = high
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2
            if offset(at: mid) == base { lo = mid } else { hi = mid }
        }
        return hi
    }

    /// The zone's UTC offset in seconds at `seconds` since the epoch.
    @inline(__always)
    private func offset(at seconds: Int64) -> Int64 {
        Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds))))
    }

    // MARK: - Civil arithmetic (shared with RFC3339: proleptic Gregorian, H. Hinnant's algorithms)

    /// Days since 1970-01-01 of `date`.
    static func dayNumber(of date: LocalDate) -> Int {
        CivilDate.daysFromCivil(year: date.year, month: date.month, day: date.day)
    }

    /// The date of day number `day` (days since 1970-01-01).
    static func date(ofDayNumber day: Int) -> LocalDate {
        let (year, month, dayOfMonth) = CivilDate.civilFromDays(day)
        return LocalDate(year: year, month: month, day: dayOfMonth)
    }

    /// The weekday of day number `day`: 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
    @inline(__always)
    static func weekday(ofDayNumber day: Int) -> Int {
        let w = (day + 3) % 7
        return w < 0 ? w + 7 : w
    }

    @inline(__always)
    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
