import Foundation
import Testing
@testable import PantauCore
import PantauSimulator

// MARK: - Helpers (independent of the code under test)

private func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

/// Days from 1970-01-01 to y-m-d (y >= 1970), by plain counting.
private func daysFromCivil(_ y: Int, _ m: Int, _ d: Int) -> Int {
    var days = 0
    for year in 1970..<y { days += isLeap(year) ? 366 : 365 }
    let cumulative = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]
    return days + cumulative[m - 1] + (m > 2 && isLeap(y) ? 1 : 0) + d - 1
}

/// The instant of the UTC wall time y-m-d h:min.
private func utc(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 0, _ min: Int = 0) -> Instant {
    Instant(seconds: Int64(daysFromCivil(y, m, d)) * 86_400 + Int64(h * 3600 + min * 60))
}

private func hm(_ h: Int, _ m: Int = 0) -> Int { h * 60 + m }
private func interval(_ s: Int, _ e: Int) -> LocalInterval { LocalInterval(startMinute: s, endMinute: e) }

/// 08:00-12:00 13:00-17:00
private let office = [interval(hm(8), hm(12)), interval(hm(13), hm(17))]
private let monToFri: [[LocalInterval]] = [office, office, office, office, office, [], []]

private func calendar(_ zone: String, _ week: [[LocalInterval]] = monToFri,
                      holidays: Set<LocalDate> = []) -> BusinessCalendar {
    BusinessCalendar(definition: CalendarDefinition(name: "t", timeZone: zone, week: week, holidays: holidays))!
}

/// Only Sunday has hours.
private func sundayOnly(_ intervals: [LocalInterval]) -> [[LocalInterval]] {
    [[], [], [], [], [], [], intervals]
}

// Jakarta is UTC+7 all year: local = UTC + 7 h. 2026-03-02 is a Monday (2026-01-01 is a Thursday,
// +60 days = Thursday + 4 = Monday), so Mon 02 … Fri 06, Sat 07, Sun 08, Mon 09 March 2026.
// Berlin: CET (UTC+1); CEST (UTC+2) from 2026-03-29 01:00Z (02:00 CET → 03:00 CEST) to
// 2026-10-25 01:00Z (03:00 CEST → 02:00 CET). Both dates are Sundays.

@Suite struct CalendarTests {
    @Test func helperSanity() {
        // 56 years of 365 days plus 14 leap days (1972 … 2024) = 20454 days = 1,767,225,600 s.
        #expect(utc(2026, 1, 1) == Instant(seconds: 1_767_225_600))
    }

    // MARK: ZoneConverter

    @Test func converterBasics() throws {
        #expect(ZoneConverter(identifier: "Not/AZone") == nil)
        #expect(BusinessCalendar(definition: CalendarDefinition(name: "x", timeZone: "Not/AZone")) == nil)
        let jakarta = try #require(ZoneConverter(identifier: "Asia/Jakarta"))
        #expect(jakarta.weekday(of: LocalDate(year: 1970, month: 1, day: 1)) == 3)   // Thursday
        #expect(jakarta.weekday(of: LocalDate(year: 2026, month: 3, day: 2)) == 0)   // Monday
        #expect(jakarta.weekday(of: LocalDate(year: 2026, month: 3, day: 29)) == 6)  // Sunday
        #expect(jakarta.weekday(of: LocalDate(year: 1969, month: 12, day: 28)) == 6) // Sunday
        // 2026-03-02 23:30Z is 06:30 on 03-03 in Jakarta.
        #expect(jakarta.localDate(of: utc(2026, 3, 2, 23, 30)) == LocalDate(year: 2026, month: 3, day: 3))
        // 08:00 local = 01:00Z; 24:00 = next day 00:00 local = 17:00Z the same UTC day.
        let date = LocalDate(year: 2026, month: 3, day: 2)
        #expect(jakarta.instant(of: date, minute: hm(8), latest: false) == utc(2026, 3, 2, 1))
        #expect(jakarta.instant(of: date, minute: 1440, latest: true) == utc(2026, 3, 2, 17))
        #expect(jakarta.startOfDay(containing: utc(2026, 3, 2, 20)) == utc(2026, 3, 2, 17))
    }

    @Test func civilArithmeticRoundTrips() {
        for day in stride(from: -800_000, through: 800_000, by: 97) {
            let date = ZoneConverter.date(ofDayNumber: day)
            #expect(ZoneConverter.dayNumber(of: date) == day)
        }
        for y in 1970...2100 {
            for (m, d) in [(1, 1), (2, 28), (3, 1), (12, 31)] {
                #expect(ZoneConverter.dayNumber(of: LocalDate(year: y, month: m, day: d)) == daysFromCivil(y, m, d))
            }
        }
    }

    @Test func berlinGapAndOverlap() throws {
        let berlin = try #require(ZoneConverter(identifier: "Europe/Berlin"))
        let spring = LocalDate(year: 2026, month: 3, day: 29)
        // 02:30 does not exist: both choices give the end of the gap, 03:00 CEST = 01:00Z.
        #expect(berlin.instant(of: spring, minute: hm(2, 30), latest: false) == utc(2026, 3, 29, 1))
        #expect(berlin.instant(of: spring, minute: hm(2, 30), latest: true) == utc(2026, 3, 29, 1))
        #expect(berlin.instant(of: spring, minute: hm(2), latest: false) == utc(2026, 3, 29, 1))
        #expect(berlin.instant(of: spring, minute: hm(1, 59), latest: false) == utc(2026, 3, 29, 0, 59))
        #expect(berlin.instant(of: spring, minute: hm(3), latest: false) == utc(2026, 3, 29, 1))
        let fall = LocalDate(year: 2026, month: 10, day: 25)
        // 02:30 happens twice: 02:30 CEST = 00:30Z and 02:30 CET = 01:30Z.
        #expect(berlin.instant(of: fall, minute: hm(2, 30), latest: false) == utc(2026, 10, 25, 0, 30))
        #expect(berlin.instant(of: fall, minute: hm(2, 30), latest: true) == utc(2026, 10, 25, 1, 30))
        // 03:00 happens once (03:00 CET = 02:00Z).
        #expect(berlin.instant(of: fall, minute: hm(3), latest: false) == utc(2026, 10, 25, 2))
        #expect(berlin.instant(of: fall, minute: hm(3), latest: true) == utc(2026, 10, 25, 2))
    }

    @Test func nonDSTOffsetChange() throws {
        // Samoa skipped 2011-12-30: 23:59:59 on the 29th (UTC-10) was followed by 00:00 on the 31st
        // (UTC+14), at 2011-12-30 10:00Z. Any time on the 30th maps to that instant.
        let apia = try #require(ZoneConverter(identifier: "Pacific/Apia"))
        let skipped = LocalDate(year: 2011, month: 12, day: 30)
        #expect(apia.instant(of: skipped, minute: hm(12), latest: false) == utc(2011, 12, 30, 10))
        #expect(apia.instant(of: skipped, minute: 0, latest: true) == utc(2011, 12, 30, 10))
        #expect(apia.instant(of: LocalDate(year: 2011, month: 12, day: 31), minute: 0, latest: false)
                == utc(2011, 12, 30, 10))
    }

    @Test func converterRoundTrips() throws {
        var rng = SplitMix64(seed: 42)
        for name in ["Europe/Berlin", "Asia/Jakarta", "America/New_York", "Australia/Lord_Howe"] {
            let zone = try #require(ZoneConverter(identifier: name))
            let tz = try #require(TimeZone(identifier: name))
            for _ in 0..<500 {
                // A whole minute in 2024 … 2027.
                let t = utc(2024, 1, 1).seconds / 60 * 60 + Int64.random(in: 0..<(4 * 366 * 1440), using: &rng) * 60
                let local = t + Int64(tz.secondsFromGMT(for: Date(timeIntervalSince1970: Double(t))))
                let minute = Int((local % 86_400) / 60)
                let date = zone.localDate(of: Instant(seconds: t))
                let earliest = zone.instant(of: date, minute: minute, latest: false)
                let latest = zone.instant(of: date, minute: minute, latest: true)
                #expect(earliest <= Instant(seconds: t) && Instant(seconds: t) <= latest)
                #expect(earliest == Instant(seconds: t) || latest == Instant(seconds: t))
                #expect(zone.localDate(of: earliest) == date)
                let midnight = zone.startOfDay(containing: Instant(seconds: t))
                #expect(midnight <= Instant(seconds: t) && zone.localDate(of: midnight) == date)
            }
        }
    }

    @Test func startOfDayAcrossDST() throws {
        let berlin = try #require(ZoneConverter(identifier: "Europe/Berlin"))
        // 03-29 00:00 CET = 03-28 23:00Z; 03-30 00:00 CEST = 03-29 22:00Z.
        #expect(berlin.startOfDay(containing: utc(2026, 3, 29, 12)) == utc(2026, 3, 28, 23))
        #expect(berlin.startOfDay(containing: utc(2026, 3, 30, 12)) == utc(2026, 3, 29, 22))
        // 10-25 00:00 CEST = 10-24 22:00Z; 10-26 00:00 CET = 10-25 23:00Z.
        #expect(berlin.startOfDay(containing: utc(2026, 10, 25, 0, 30)) == utc(2026, 10, 24, 22)) // 02:30 CEST
        #expect(berlin.startOfDay(containing: utc(2026, 10, 25, 1, 30)) == utc(2026, 10, 24, 22)) // 02:30 CET
        #expect(berlin.startOfDay(containing: utc(2026, 10, 26, 12)) == utc(2026, 10, 25, 23))
        // Chile springs forward at local midnight (2026-09-06 04:00Z, 00:00 -04 → 01:00 -03): that
        // day starts at the end of the gap.
        let santiago = try #require(ZoneConverter(identifier: "America/Santiago"))
        #expect(santiago.startOfDay(containing: utc(2026, 9, 6, 12)) == utc(2026, 9, 6, 4))
    }

    // MARK: Deadlines and business time (Jakarta, UTC+7)

    @Test func jakartaDeadlines() {
        var cal = calendar("Asia/Jakarta")
        // Mon 09:00 (02:00Z) + 2 h → 11:00 (04:00Z), inside the morning interval.
        #expect(cal.deadline(from: utc(2026, 3, 2, 2), budget: .hours(2)) == utc(2026, 3, 2, 4))
        // Mon 09:00 + 3 h is used up exactly at 12:00 (05:00Z), not 13:00.
        #expect(cal.deadline(from: utc(2026, 3, 2, 2), budget: .hours(3)) == utc(2026, 3, 2, 5))
        // One second more: 13:00:01 (06:00:01Z).
        #expect(cal.deadline(from: utc(2026, 3, 2, 2), budget: .hours(3) + .seconds(1))
                == utc(2026, 3, 2, 6) + .seconds(1))
        // Start in the lunch break, 12:30 (05:30Z) + 1 h → 13:00 + 1 h = 14:00 (07:00Z).
        #expect(cal.deadline(from: utc(2026, 3, 2, 5, 30), budget: .hours(1)) == utc(2026, 3, 2, 7))
        // Start before opening, 06:00 (Sun 23:00Z) + 1 h → 08:00 + 1 h = 09:00 (02:00Z).
        #expect(cal.deadline(from: utc(2026, 3, 1, 23), budget: .hours(1)) == utc(2026, 3, 2, 2))
        // Across the weekend: Fri 16:00 (09:00Z) + 2 h → 1 h Friday, 1 h Monday → Mon 09:00 (02:00Z).
        #expect(cal.deadline(from: utc(2026, 3, 6, 9), budget: .hours(2)) == utc(2026, 3, 9, 2))
        // A full 8 h day from Mon 08:00 ends at Mon 17:00 (10:00Z).
        #expect(cal.deadline(from: utc(2026, 3, 2, 1), budget: .hours(8)) == utc(2026, 3, 2, 10))
    }

    @Test func jakartaHolidays() {
        // Monday 2026-03-09 is a holiday.
        var cal = calendar("Asia/Jakarta", holidays: [LocalDate(year: 2026, month: 3, day: 9)])
        // Fri 16:00 + 2 h → 1 h Friday, Monday closed, 1 h Tuesday → Tue 09:00 (02:00Z).
        #expect(cal.deadline(from: utc(2026, 3, 6, 9), budget: .hours(2)) == utc(2026, 3, 10, 2))
        // Fri 17:30 (10:30Z) + 3 days of 8 h → Tue, Wed, Thu → Thu 17:00 (03-12 10:00Z).
        #expect(cal.deadline(from: utc(2026, 3, 6, 10, 30), budget: .hours(24)) == utc(2026, 3, 12, 10))
        // Start on the holiday, Mon 10:00 (03:00Z) + 1 h → Tue 09:00 (02:00Z).
        #expect(cal.deadline(from: utc(2026, 3, 9, 3), budget: .hours(1)) == utc(2026, 3, 10, 2))
        // No business time on the holiday.
        #expect(cal.businessTime(from: utc(2026, 3, 8, 17), to: utc(2026, 3, 9, 17)) == .zero)
    }

    @Test func jakartaBusinessTime() {
        var cal = calendar("Asia/Jakarta")
        // Mon 10:00 (03:00Z) → Wed 14:30 (07:30Z): Mon 2 + 4 h, Tue 8 h, Wed 4 + 1.5 h = 19.5 h.
        #expect(cal.businessTime(from: utc(2026, 3, 2, 3), to: utc(2026, 3, 4, 7, 30)) == .minutes(19 * 60 + 30))
        // Fri 15:00 (08:00Z) → Mon 10:00 (03:00Z): Fri 2 h + Mon 2 h = 4 h.
        #expect(cal.businessTime(from: utc(2026, 3, 6, 8), to: utc(2026, 3, 9, 3)) == .hours(4))
        // Within the lunch break, and reversed or empty ranges: 0.
        #expect(cal.businessTime(from: utc(2026, 3, 2, 5), to: utc(2026, 3, 2, 6)) == .zero)
        #expect(cal.businessTime(from: utc(2026, 3, 2, 4), to: utc(2026, 3, 2, 3)) == .zero)
        #expect(cal.businessTime(from: utc(2026, 3, 2, 4), to: utc(2026, 3, 2, 4)) == .zero)
        // One whole week (Mon 00:00 → next Mon 00:00 local) = 5 × 8 h.
        #expect(cal.businessTime(from: utc(2026, 3, 1, 17), to: utc(2026, 3, 8, 17)) == .hours(40))
    }

    @Test func zeroBudgetAndNoHours() {
        var cal = calendar("Asia/Jakarta")
        // Saturday 03:00 local, outside hours: a zero (or negative) budget gives the start itself.
        let saturday = utc(2026, 3, 6, 20)
        #expect(cal.deadline(from: saturday, budget: .zero) == saturday)
        #expect(cal.deadline(from: saturday, budget: .seconds(-5)) == saturday)
        var closed = calendar("Asia/Jakarta", Array(repeating: [], count: 7))
        #expect(closed.deadline(from: saturday, budget: .seconds(1)) == .distantFuture)
        #expect(closed.businessTime(from: saturday, to: saturday + .days(30)) == .zero)
        #expect(cal.deadline(from: saturday, budget: .infinite) == .distantFuture)
    }

    // MARK: Berlin and DST

    @Test func berlinAcrossSpringForward() {
        var cal = calendar("Europe/Berlin")
        // Fri 03-27 16:00 CET (15:00Z) + 2 h → 1 h Friday, 1 h Monday: Mon 03-30 09:00 CEST (07:00Z).
        #expect(cal.deadline(from: utc(2026, 3, 27, 15), budget: .hours(2)) == utc(2026, 3, 30, 7))
        // Fri 16:00 CET → Mon 10:00 CEST: 1 h + 2 h.
        #expect(cal.businessTime(from: utc(2026, 3, 27, 15), to: utc(2026, 3, 30, 8)) == .hours(3))
    }

    @Test func springForwardDay() {
        // Sunday 00:00-24:00 on 03-29: from 03-28 23:00Z to 03-29 22:00Z = 23 real hours.
        var allDay = calendar("Europe/Berlin", sundayOnly([interval(0, 1440)]))
        #expect(allDay.businessTime(from: utc(2026, 3, 27), to: utc(2026, 3, 31)) == .hours(23))
        #expect(allDay.deadline(from: utc(2026, 3, 27), budget: .hours(23)) == utc(2026, 3, 29, 22))
        #expect(allDay.deadline(from: utc(2026, 3, 27), budget: .hours(2)) == utc(2026, 3, 29, 1))
        // The next Sunday (CEST all day) is 24 h again.
        #expect(allDay.businessTime(from: utc(2026, 4, 4), to: utc(2026, 4, 6)) == .hours(24))
        // 02:30-04:00 starts at the end of the gap (03:00 CEST = 01:00Z), ends 04:00 CEST = 02:00Z.
        var inGap = calendar("Europe/Berlin", sundayOnly([interval(hm(2, 30), hm(4))]))
        #expect(inGap.businessTime(from: utc(2026, 3, 28), to: utc(2026, 3, 30)) == .hours(1))
        #expect(inGap.deadline(from: utc(2026, 3, 28), budget: .minutes(30)) == utc(2026, 3, 29, 1, 30))
        // 02:00-03:00 lies entirely in the gap: empty that Sunday, so the next Sunday (04-05) is used:
        // 02:00 CEST = 00:00Z, + 30 min.
        var wholeGap = calendar("Europe/Berlin", sundayOnly([interval(hm(2), hm(3))]))
        #expect(wholeGap.businessTime(from: utc(2026, 3, 28), to: utc(2026, 3, 30)) == .zero)
        #expect(wholeGap.deadline(from: utc(2026, 3, 28), budget: .minutes(30)) == utc(2026, 4, 5, 0, 30))
    }

    @Test func fallBackDay() {
        // Sunday 00:00-24:00 on 10-25: from 10-24 22:00Z to 10-25 23:00Z = 25 real hours.
        var allDay = calendar("Europe/Berlin", sundayOnly([interval(0, 1440)]))
        #expect(allDay.businessTime(from: utc(2026, 10, 23), to: utc(2026, 10, 27)) == .hours(25))
        #expect(allDay.deadline(from: utc(2026, 10, 23), budget: .hours(25)) == utc(2026, 10, 25, 23))
        // 02:00-03:00 runs from 02:00 CEST (00:00Z) to 03:00 CET (02:00Z): 2 real hours.
        var repeated = calendar("Europe/Berlin", sundayOnly([interval(hm(2), hm(3))]))
        #expect(repeated.businessTime(from: utc(2026, 10, 24), to: utc(2026, 10, 26)) == .hours(2))
        #expect(repeated.deadline(from: utc(2026, 10, 24), budget: .minutes(90)) == utc(2026, 10, 25, 1, 30))
        // Starting at the second 02:30 (02:30 CET = 01:30Z), 30 min remain.
        #expect(repeated.businessTime(from: utc(2026, 10, 25, 1, 30), to: utc(2026, 10, 26)) == .minutes(30))
    }

    // MARK: Properties

    @Test(arguments: ["jakarta", "berlin", "berlinNights"])
    func deadlineInvertsBusinessTime(_ which: String) {
        let holidays: Set<LocalDate> = [LocalDate(year: 2026, month: 3, day: 30), LocalDate(year: 2026, month: 12, day: 25),
                                        LocalDate(year: 2026, month: 10, day: 26), LocalDate(year: 2027, month: 1, day: 1)]
        var cal: BusinessCalendar
        switch which {
        case "jakarta": cal = calendar("Asia/Jakarta", holidays: holidays)
        case "berlin": cal = calendar("Europe/Berlin", holidays: holidays)
        default: // Hours across both DST transitions, on Sundays too.
            var week = monToFri
            week[6] = [interval(hm(1), hm(4)), interval(hm(22), 1440)]
            cal = calendar("Europe/Berlin", week, holidays: holidays)
        }
        var rng = SplitMix64(seed: 0xC0FFEE ^ UInt64(which.count))
        let base = utc(2026, 1, 1).nanoseconds
        for i in 0..<1500 {
            var a = Instant(nanoseconds: base + Int64.random(in: 0..<(366 * 86_400 * 1_000_000_000), using: &rng))
            var budget = TimeSpan(nanoseconds: Int64.random(in: 1...(5 * 86_400 * 1_000_000_000), using: &rng))
            if i % 2 == 0 {
                // Whole hours and half hours, so starts and deadlines land on interval edges.
                a = Instant(seconds: a.seconds / 1800 * 1800)
                budget = .minutes(30 * Int64.random(in: 1...240, using: &rng))
            }
            let d = cal.deadline(from: a, budget: budget)
            #expect(cal.businessTime(from: a, to: d) == budget)
            // Earliest: a nanosecond less has not used the budget up.
            #expect(cal.businessTime(from: a, to: d - TimeSpan(nanoseconds: 1)) < budget)
        }
    }

    @Test func businessTimeMatchesMinuteCount() throws {
        // Brute force: count whole minutes whose local wall time (Foundation's offset) is inside an
        // interval of an open day; repeated local minutes count twice, skipped ones not at all.
        var week = monToFri
        week[6] = [interval(hm(1), hm(4))]
        let holiday = LocalDate(year: 2026, month: 3, day: 27)
        var cal = calendar("Europe/Berlin", week, holidays: [holiday])
        let tz = try #require(TimeZone(identifier: "Europe/Berlin"))
        var rng = SplitMix64(seed: 7)
        for around in [utc(2026, 3, 29, 1), utc(2026, 10, 25, 1)] {
            for _ in 0..<40 {
                let a = around.seconds / 60 * 60 + Int64.random(in: -3 * 1440...1440, using: &rng) * 60
                let b = a + Int64.random(in: 0...(3 * 1440), using: &rng) * 60
                var minutes: Int64 = 0
                var t = a
                while t < b {
                    let local = t + Int64(tz.secondsFromGMT(for: Date(timeIntervalSince1970: Double(t))))
                    let day = Int(local / 86_400), minute = Int(local % 86_400) / 60
                    let open = day != daysFromCivil(holiday.year, holiday.month, holiday.day)
                        && week[(day + 3) % 7].contains { $0.startMinute <= minute && minute < $0.endMinute }
                    if open { minutes += 1 }
                    t += 60
                }
                #expect(cal.businessTime(from: Instant(seconds: a), to: Instant(seconds: b)) == .minutes(minutes))
            }
        }
    }
}
