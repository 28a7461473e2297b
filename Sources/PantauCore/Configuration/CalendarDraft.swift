/// A calendar while the sources are being read.
struct CalendarDraft: Sendable {
    /// The calendar name.
    var name: String
    /// Where the first `[Calendar NAME]` header is.
    var header: ConfigurationLocation
    /// `TimeZone=`; nil until set.
    var timeZone: String?
    /// Business intervals, index 0 = Monday.
    var week: [[LocalInterval]] = Array(repeating: [], count: 7)
    /// `Holidays=`.
    var holidays: Set<LocalDate> = []
    /// An invalid `TimeZone=` was already reported: do not also report a missing one.
    var reportedTimeZone = false
    /// An invalid day value was already reported: do not also report "no business hours".
    var reportedHours = false

    init(name: String, header: ConfigurationLocation) {
        self.name = name
        self.header = header
    }
}
