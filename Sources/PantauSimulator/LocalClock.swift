/// Millisecond arithmetic on local time for the daily profile and office hours: a fixed UTC
/// offset, no time-zone rules (the default zone, UTC+7, has no daylight saving).
struct LocalClock: Sendable {
    static let dayMs: Int64 = 86_400_000
    static let hourMs: Int64 = 3_600_000

    /// UTC offset in milliseconds.
    let offsetMs: Int64
    /// Office hours as milliseconds of the local day.
    let officeOpenMs: Int64
    let officeCloseMs: Int64

    init(profile: TrafficProfile) {
        offsetMs = profile.utcOffset.nanoseconds / 1_000_000
        officeOpenMs = Int64(profile.officeHours.lowerBound) * LocalClock.hourMs
        officeCloseMs = Int64(profile.officeHours.upperBound) * LocalClock.hourMs
    }

    /// The local day number (days since 1970-01-01 local) and the milliseconds into that day.
    @inline(__always) func localDay(_ utcMs: Int64) -> (day: Int64, ms: Int64) {
        let local = utcMs + offsetMs
        var day = local / LocalClock.dayMs
        var ms = local - day * LocalClock.dayMs
        if ms < 0 { ms += LocalClock.dayMs; day -= 1 }
        return (day, ms)
    }

    /// 0 Monday … 5 Saturday, 6 Sunday (1970-01-01 was a Thursday).
    @inline(__always) static func weekday(_ day: Int64) -> Int {
        let w = Int((day + 3) % 7)
        return w < 0 ? w + 7 : w
    }

    /// The instant `delayMs` of office time (local office hours, Monday to Friday) after `utcMs`:
    /// outside office hours the clock waits for the next opening.
    func addingOfficeTime(_ delayMs: Int64, to utcMs: Int64) -> Int64 {
        var remaining = max(0, delayMs)
        var (day, ms) = localDay(utcMs)
        while true {
            if LocalClock.weekday(day) < 5, ms < officeCloseMs {
                let from = max(ms, officeOpenMs)
                let available = officeCloseMs - from
                if remaining < available { return day * LocalClock.dayMs + from + remaining - offsetMs }
                remaining -= available
            }
            day += 1
            ms = 0
        }
    }
}
