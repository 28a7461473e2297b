/// Remembers the last timestamp prefixes a parser converted: the civil date's day number, and the
/// value of the whole `YYYY-MM-DDTHH:MM` prefix (as its 16 raw bytes). Consecutive events mostly
/// share both, and the conversion's checks and divisions are a noticeable part of parsing a line.
/// Owned by one parser.
struct DayCache {
    private var key = -1
    private var days = 0
    private var prefix0: UInt64 = 0
    private var prefix1: UInt64 = 0
    private var prefixValue = 0
    private var hasPrefix = false

    @inline(__always)
    mutating func days(year: Int, month: Int, day: Int) -> Int {
        let k = (year << 9) | (month << 5) | day
        if k == key { return days }
        key = k
        days = CivilDate.daysFromCivil(year: year, month: month, day: day)
        return days
    }

    /// Seconds since the epoch (local to the line's offset) of a validated prefix seen last time.
    @inline(__always)
    func minute(_ w0: UInt64, _ w1: UInt64) -> Int? {
        hasPrefix && w0 == prefix0 && w1 == prefix1 ? prefixValue : nil
    }

    @inline(__always)
    mutating func remember(_ w0: UInt64, _ w1: UInt64, _ value: Int) {
        prefix0 = w0
        prefix1 = w1
        prefixValue = value
        hasPrefix = true
    }
}
