/// Business time under a `CalendarDefinition`: how much business time lies between two instants,
/// and when a budget of business time starting at some instant is used up.
///
/// Each local day's business intervals are converted to UTC once and cached (direct-mapped by
/// local day number), which is why the queries are `mutating`.
/// Conversion follows `ZoneConverter`: an interval `[start, end)` of a local day becomes
/// `[instant(start, earliest), instant(end, latest))` (an end of `24:00` is the next local midnight,
/// earliest occurrence, so a repeated hour after midnight belongs to the next day); an interval that
/// falls entirely inside a spring-forward gap is empty. Holidays close whole local days.
public struct BusinessCalendar {
    /// The definition this calendar was built from.
    public let definition: CalendarDefinition
    /// The converter for the definition's time zone.
    public let zone: ZoneConverter

    /// Non-empty intervals per weekday (0 = Monday), sorted, clipped so they do not overlap.
    private let week: [[LocalInterval]]
    /// Holidays as local day numbers.
    private let holidayDays: Set<Int>
    /// Whether any weekday has business hours.
    private let hasHours: Bool
    /// UTC business intervals (nanoseconds since the epoch) per local day number: a direct-mapped
    /// cache, slot `day & cacheMask`, so a lookup is an array read and a compare (no hashing).
    private var cacheDays: [Int] = Array(repeating: Int.min, count: BusinessCalendar.cacheSize)
    private var cacheSpans: [[(start: Int64, end: Int64)]] = Array(repeating: [], count: BusinessCalendar.cacheSize)
    /// The local day last located, and its UTC bounds `[start, end)`: instants mostly move forward,
    /// so this spares the time-zone lookup of `ZoneConverter.dayNumber(of:)`.
    private var lastDay = 0
    private var lastDayStart = Int64.max
    private var lastDayEnd = Int64.min

    /// Days cached (a power of two).
    static let cacheSize = 1024
    private static let cacheMask = cacheSize - 1
    /// Days scanned by `deadline` before it gives up and answers `Instant.distantFuture` (~20 years).
    static let scanLimitDays = 7305

    /// A calendar for `definition`; nil if its time zone is unknown.
    public init?(definition: CalendarDefinition) {
        guard let zone = ZoneConverter(identifier: definition.timeZone) else { return nil }
        self.definition = definition
        self.zone = zone
        var week: [[LocalInterval]] = []
        for weekday in 0..<7 {
            let given = weekday < definition.week.count ? definition.week[weekday] : []
            var cleaned: [LocalInterval] = []
            var covered = 0
            for interval in given.sorted(by: { $0.startMinute < $1.startMinute }) {
                let start = max(interval.startMinute, covered, 0)
                let end = min(interval.endMinute, 1440)
                guard start < end else { continue }
                cleaned.append(LocalInterval(startMinute: start, endMinute: end))
                covered = end
            }
            week.append(cleaned)
        }
        self.week = week
        self.hasHours = week.contains { !$0.isEmpty }
        self.holidayDays = Set(definition.holidays.map(ZoneConverter.dayNumber(of:)))
    }

    /// Total business time in `[start, end)`; zero if `end <= start`.
    public mutating func businessTime(from start: Instant, to end: Instant) -> TimeSpan {
        guard end > start, hasHours else { return .zero }
        let from = start.nanoseconds, to = end.nanoseconds
        var covered = from
        var total: Int64 = 0
        // Start a day early: in exotic zones an interval of the previous local day can end after
        // `start` (a fall-back across midnight).
        let lastDay = dayNumber(of: end)
        var day = dayNumber(of: start) - 1
        while day <= lastDay {
            for span in intervals(ofDay: day) {
                if span.start >= to { return TimeSpan(nanoseconds: total) }
                let lower = max(span.start, covered)
                let upper = min(span.end, to)
                if upper > lower { total += upper - lower }
                covered = max(covered, span.end)
            }
            day += 1
        }
        return TimeSpan(nanoseconds: total)
    }

    /// The earliest instant `t >= start` with `businessTime(from: start, to: t) == budget`.
    ///
    /// A budget of zero or less gives `start` itself, even outside business hours. A budget used up
    /// exactly at the end of an interval gives that end (12:00 before a lunch break, not 13:00).
    /// `Instant.distantFuture` if the calendar has no business hours, or the budget is not used up
    /// within about 20 years.
    public mutating func deadline(from start: Instant, budget: TimeSpan) -> Instant {
        guard budget > .zero else { return start }
        guard hasHours, budget < .days(Int64(Self.scanLimitDays)) else { return .distantFuture }
        var remaining = budget.nanoseconds
        var covered = start.nanoseconds
        let firstDay = dayNumber(of: start)
        var day = firstDay - 1
        while day <= firstDay + Self.scanLimitDays {
            for span in intervals(ofDay: day) {
                let lower = max(span.start, covered)
                guard span.end > lower else { continue }
                let available = span.end - lower
                if remaining <= available { return Instant(nanoseconds: lower + remaining) }
                remaining -= available
                covered = span.end
            }
            day += 1
        }
        return .distantFuture
    }

    /// The local day number of `instant`, remembering the last day's bounds.
    private mutating func dayNumber(of instant: Instant) -> Int {
        let ns = instant.nanoseconds
        if ns >= lastDayStart && ns < lastDayEnd { return lastDay }
        let day = zone.dayNumber(of: instant)
        lastDay = day
        lastDayStart = zone.instant(ofDay: day, minute: 0, latest: false).nanoseconds
        lastDayEnd = zone.instant(ofDay: day + 1, minute: 0, latest: false).nanoseconds
        return day
    }

    /// The UTC business intervals of local day `day`, sorted and not overlapping (cached).
    private mutating func intervals(ofDay day: Int) -> [(start: Int64, end: Int64)] {
        let slot = day & Self.cacheMask
        if cacheDays[slot] == day { return cacheSpans[slot] }
        var spans: [(start: Int64, end: Int64)] = []
        let local = week[ZoneConverter.weekday(ofDayNumber: day)]
        if !local.isEmpty && !holidayDays.contains(day) {
            spans.reserveCapacity(local.count)
            var covered = Int64.min
            for interval in local {
                let start = max(zone.instant(ofDay: day, minute: interval.startMinute, latest: false).nanoseconds,
                                covered)
                let end = zone.instant(ofDay: day, minute: interval.endMinute,
                                       latest: interval.endMinute != 1440).nanoseconds
                guard start < end else { continue }
                spans.append((start, end))
                covered = end
            }
        }
        cacheDays[slot] = day
        cacheSpans[slot] = spans
        return spans
    }
}
