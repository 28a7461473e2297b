/// `[Calendar NAME]` keys and the checks made once every source is read. A day key replaces that
/// day's intervals (empty: closed); `Weekdays=` sets Monday to Friday, `Everyday=` all seven days;
/// `Holidays=` adds dates (empty: clears the list).
extension ConfigurationBuilder {
    mutating func assignCalendar(_ key: String, _ value: String, calendar name: String) throws(ConfigurationValueError) {
        guard var draft = calendars[name] else { return }
        switch key {
        case "TimeZone":
            draft.timeZone = value.isEmpty ? nil : try ConfigurationValueParser.timeZone(value)
        case "Weekdays", "Everyday":
            let intervals = try BusinessHoursParser.intervals(value)
            for day in 0..<(key == "Weekdays" ? 5 : 7) { draft.week[day] = intervals }
        case "Holidays":
            if value.isEmpty {
                draft.holidays = []
            } else {
                draft.holidays.formUnion(try BusinessHoursParser.dates(value))
            }
        default:
            guard let day = ConfigurationKeys.weekdays.firstIndex(of: key) else {
                assertionFailure("key \(key) is listed in ConfigurationKeys.calendar but not handled")
                return
            }
            draft.week[day] = try BusinessHoursParser.intervals(value)
        }
        calendars[name] = draft
    }

    /// The calendar, or nil after reporting why there is none. A calendar without business hours
    /// is refused: a deadline on it would never come.
    mutating func resolveCalendar(_ draft: CalendarDraft) -> CalendarDefinition? {
        if draft.week.allSatisfy(\.isEmpty), !draft.reportedHours {
            report(draft.header, "[Calendar \(draft.name)] has no business hours; "
                   + "set Weekdays=, Everyday= or Monday= … Sunday=")
        }
        guard let timeZone = draft.timeZone else {
            if !draft.reportedTimeZone {
                report(draft.header, "[Calendar \(draft.name)] has no TimeZone=; "
                       + "set an IANA zone such as TimeZone=Asia/Jakarta")
            }
            return nil
        }
        return CalendarDefinition(name: draft.name, timeZone: timeZone, week: draft.week, holidays: draft.holidays)
    }
}
