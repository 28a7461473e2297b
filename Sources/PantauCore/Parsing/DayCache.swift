/// Remembers the last civil date converted to a day number: consecutive events mostly share a date,
/// and the conversion's divisions are a noticeable part of parsing a timestamp. Owned by one parser.
struct DayCache {
    private var key = -1
    private var days = 0

    @inline(__always)
    mutating func days(year: Int, month: Int, day: Int) -> Int {
        let k = (year << 9) | (month << 5) | day
        if k == key { return days }
        key = k
        days = RFC3339.daysFromCivil(year: year, month: month, day: day)
        return days
    }
}
