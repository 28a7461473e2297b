/// Parses the values of `[Calendar NAME]` keys: business intervals (`08:00-12:00 13:00-17:00`) and
/// holiday dates (`2026-08-17 2026-12-25`).
enum BusinessHoursParser {
    /// Space-separated `HH:MM-HH:MM` intervals, sorted, adjacent ones merged. The end may be `24:00`;
    /// each start must be before its end, and intervals must not overlap.
    static func intervals(_ value: String) throws(ConfigurationValueError) -> [LocalInterval] {
        var intervals: [(interval: LocalInterval, text: Substring)] = []
        for token in value.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            let parts = token.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2, let start = minute(parts[0], allowMidnightEnd: false),
                  let end = minute(parts[1], allowMidnightEnd: true)
            else {
                throw ConfigurationValueError(
                    "\"\(token)\" is not an interval; expected HH:MM-HH:MM intervals such as 08:00-12:00 13:00-17:00")
            }
            guard start < end else {
                throw ConfigurationValueError("interval \(token) is empty or reversed: its start must be before its end")
            }
            intervals.append((LocalInterval(startMinute: start, endMinute: end), token))
        }
        intervals.sort { $0.interval.startMinute < $1.interval.startMinute }
        var merged: [LocalInterval] = []
        for (index, entry) in intervals.enumerated() {
            if let last = merged.last, entry.interval.startMinute < last.endMinute {
                throw ConfigurationValueError("intervals \(intervals[index - 1].text) and \(entry.text) overlap")
            }
            if let last = merged.last, entry.interval.startMinute == last.endMinute {
                merged[merged.count - 1].endMinute = entry.interval.endMinute
            } else {
                merged.append(entry.interval)
            }
        }
        return merged
    }

    /// Space-separated `YYYY-MM-DD` dates of the proleptic Gregorian calendar.
    static func dates(_ value: String) throws(ConfigurationValueError) -> [LocalDate] {
        var dates: [LocalDate] = []
        for token in value.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            let parts = token.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
                  parts.allSatisfy({ $0.allSatisfy(ConfigurationValueParser.isDigit) }),
                  let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
            else {
                throw ConfigurationValueError("\"\(token)\" is not a date; expected YYYY-MM-DD dates such as 2026-08-17")
            }
            guard year >= 1, (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day) else {
                throw ConfigurationValueError("\(token) is not a valid date")
            }
            dates.append(LocalDate(year: year, month: month, day: day))
        }
        return dates
    }

    /// Minutes after midnight of `H:MM` or `HH:MM`; `24:00` only as an end.
    private static func minute(_ text: Substring, allowMidnightEnd: Bool) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              parts.allSatisfy({ $0.allSatisfy(ConfigurationValueParser.isDigit) }),
              let hour = Int(parts[0]), let minute = Int(parts[1])
        else { return nil }
        if hour == 24, minute == 0, allowMidnightEnd { return 1440 }
        guard hour < 24, minute < 60 else { return nil }
        return hour * 60 + minute
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
