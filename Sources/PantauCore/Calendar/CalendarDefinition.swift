/// A `[Calendar NAME]` section as configured: a time zone, weekly business intervals and holidays.
public struct CalendarDefinition: Sendable, Equatable {
    /// The section name.
    public var name: String
    /// IANA time zone identifier (`Asia/Jakarta`).
    public var timeZone: String
    /// Business intervals per weekday, index 0 = Monday … 6 = Sunday; sorted, not overlapping.
    public var week: [[LocalInterval]]
    /// Whole local days closed.
    public var holidays: Set<LocalDate>

    public init(name: String, timeZone: String, week: [[LocalInterval]] = Array(repeating: [], count: 7),
                holidays: Set<LocalDate> = []) {
        self.name = name
        self.timeZone = timeZone
        self.week = week
        self.holidays = holidays
    }
}
