import Testing
@testable import PantauCore

extension ConfigurationParserTests {
    @Test func badChannelValues() {
        let text = """
            [Channel chat]
            FirstResponse=5x
            NextResponse=0
            Resolution=-1h
            Calendar=my calendar
            WarnAt=0.8
            WarnBefore=-
            ShortAbandon=1 fortnight
            OnReopen=
            [Channel chat/high]
            FirstResponse=0s
            Resolution=1 day and a bit
            """
        let units = "(expected us, ms, s, min, h, d, w, M or y)"
        #expect(errors(text) == [
            "main.conf:2: invalid value \"5x\" for FirstResponse: unknown time unit \"x\" \(units)",
            "main.conf:3: invalid value \"0\" for NextResponse: expected a time span longer than zero",
            "main.conf:4: invalid value \"-1h\" for Resolution: expected a number at \"-1h\" (a time span looks like 20s, 5min or 1h 30min)",
            "main.conf:5: invalid value \"my calendar\" for Calendar: invalid calendar name \"my calendar\": whitespace is not allowed",
            "main.conf:6: invalid value \"0.8\" for WarnAt: expected a percentage above 0% and at most 100%, such as 80%",
            "main.conf:7: invalid value \"-\" for WarnBefore: expected a number at \"-\" (a time span looks like 20s, 5min or 1h 30min)",
            "main.conf:8: invalid value \"1 fortnight\" for ShortAbandon: unknown time unit \"fortnight\" \(units)",
            "main.conf:11: invalid value \"0s\" for FirstResponse: expected a time span longer than zero",
            "main.conf:12: invalid value \"1 day and a bit\" for Resolution: expected a number at \"and a bit\" (a time span looks like 20s, 5min or 1h 30min)",
        ])
    }

    @Test func badCalendarValues() {
        let text = """
            [Calendar office]
            TimeZone=Asia/Jakartaa
            Monday=8-12
            Tuesday=12:00-08:00
            Wednesday=08:00-12:00 11:00-13:00
            Thursday=24:00-24:00
            Friday=08:00-24:30
            Saturday=08:60-09:00
            Everyday=08:00-12:00,13:00-17:00
            Holidays=2026-02-29
            Holidays=2026-13-01 2026-12-25
            Holidays=17-08-2026
            \(chat)
            """
        #expect(errors(text) == [
            "main.conf:2: invalid value \"Asia/Jakartaa\" for TimeZone: unknown time zone; expected an IANA name such as Asia/Jakarta or UTC",
            "main.conf:3: invalid value \"8-12\" for Monday: \"8-12\" is not an interval; expected HH:MM-HH:MM intervals such as 08:00-12:00 13:00-17:00",
            "main.conf:4: invalid value \"12:00-08:00\" for Tuesday: interval 12:00-08:00 is empty or reversed: its start must be before its end",
            "main.conf:5: invalid value \"08:00-12:00 11:00-13:00\" for Wednesday: intervals 08:00-12:00 and 11:00-13:00 overlap",
            "main.conf:6: invalid value \"24:00-24:00\" for Thursday: \"24:00-24:00\" is not an interval; expected HH:MM-HH:MM intervals such as 08:00-12:00 13:00-17:00",
            "main.conf:7: invalid value \"08:00-24:30\" for Friday: \"08:00-24:30\" is not an interval; expected HH:MM-HH:MM intervals such as 08:00-12:00 13:00-17:00",
            "main.conf:8: invalid value \"08:60-09:00\" for Saturday: \"08:60-09:00\" is not an interval; expected HH:MM-HH:MM intervals such as 08:00-12:00 13:00-17:00",
            "main.conf:9: invalid value \"08:00-12:00,13:00-17:00\" for Everyday: \"08:00-12:00,13:00-17:00\" is not an interval; expected HH:MM-HH:MM intervals such as 08:00-12:00 13:00-17:00",
            "main.conf:10: invalid value \"2026-02-29\" for Holidays: 2026-02-29 is not a valid date",
            "main.conf:11: invalid value \"2026-13-01 2026-12-25\" for Holidays: 2026-13-01 is not a valid date",
            "main.conf:12: invalid value \"17-08-2026\" for Holidays: \"17-08-2026\" is not a date; expected YYYY-MM-DD dates such as 2026-08-17",
        ])
    }

    @Test func calendarWithoutTimeZoneOrHours() {
        let text = """
            [Calendar office]
            Weekdays=08:00-17:00

            [Calendar empty]
            TimeZone=UTC
            \(chat)
            """
        #expect(errors([("main.conf", text), ("10-more.conf", "[Calendar office]\nHolidays=2026-01-01\n")]) == [
            "main.conf:1: [Calendar office] has no TimeZone=; set an IANA zone such as TimeZone=Asia/Jakarta",
            "main.conf:4: [Calendar empty] has no business hours; set Weekdays=, Everyday= or Monday= … Sunday=",
        ])
        // A drop-in clearing the zone or the hours.
        #expect(errors([("main.conf", "[Calendar c]\nTimeZone=UTC\nEveryday=00:00-24:00\n" + chat),
                        ("10-clear.conf", "[Calendar c]\nTimeZone=\nEveryday=\n")]) == [
            "main.conf:1: [Calendar c] has no business hours; set Weekdays=, Everyday= or Monday= … Sunday=",
            "main.conf:1: [Calendar c] has no TimeZone=; set an IANA zone such as TimeZone=Asia/Jakarta",
        ])
    }

    @Test func undefinedCalendar() {
        let text = """
            [Calendar office]
            TimeZone=Asia/Jakarta
            Weekdays=08:00-17:00
            [Channel email]
            Calendar=ofice
            [Channel web_form]
            Calendar=support
            [Channel chat]
            Calendar=support
            Calendar=
            """
        #expect(errors(text) == [
            "main.conf:5: calendar \"ofice\" is not defined; did you mean \"office\"?",
            "main.conf:7: calendar \"support\" is not defined; add a [Calendar support] section",
        ])
        // The calendar may be defined in a later drop-in; the error points at the assignment in effect.
        #expect(errors([("main.conf", "[Channel email]\nCalendar=office\n"),
                        ("10-cal.conf", "[Calendar office]\nTimeZone=UTC\nEveryday=00:00-24:00\n")]) == [])
        #expect(errors([("main.conf", "[Channel email]\nCalendar=office\n"),
                        ("10-cal.conf", "[Channel email]\nCalendar=offices\n")])
                == ["10-cal.conf:2: calendar \"offices\" is not defined; add a [Calendar offices] section"])
    }

    @Test func priorityWithoutBaseChannel() {
        #expect(errors([("main.conf", chat + "[Channel email/urgent]\nFirstResponse=1h\n"),
                        ("10-a.conf", "[Channel email/high]\nFirstResponse=2h\n")]) == [
            "main.conf:3: [Channel email/urgent] overrides channel \"email\", which is not defined; add a [Channel email] section",
        ])
    }

    @Test func anErrorInAContinuedLineReportsItsFirstLine() {
        #expect(errors("[Channel chat]\nFirstResponse=1h \\\n  30 minutes \\\n and more\n") == [
            "main.conf:2: invalid value \"1h    30 minutes   and more\" for FirstResponse: expected a number at \"and more\" (a time span looks like 20s, 5min or 1h 30min)",
        ])
    }

    @Test func everyErrorOfSeveralFilesInFileAndLineOrder() {
        let main = """
            [Daemon]
            PushInterval=never
            [Channel chat]
            Calendar=nowhere
            FirstRespons=1min
            [Calendar office]
            """
        let first = """
            [Channel email/urgent]
            FirstResponse=1h
            [Channel chat]
            WarnAt=200%
            """
        let second = """
            Spool=/srv
            [Daemon]
            MaxSSEClients=many
            """
        #expect(errors([("/etc/pantau/pantau.conf", main),
                        ("/etc/pantau/pantau.conf.d/10-a.conf", first),
                        ("/etc/pantau/pantau.conf.d/20-b.conf", second)]) == [
            "/etc/pantau/pantau.conf:2: invalid value \"never\" for PushInterval: expected a number at \"never\" (a time span looks like 20s, 5min or 1h 30min)",
            "/etc/pantau/pantau.conf:4: calendar \"nowhere\" is not defined; add a [Calendar nowhere] section",
            "/etc/pantau/pantau.conf:5: unknown key \"FirstRespons\" in [Channel chat]; did you mean \"FirstResponse\"?",
            "/etc/pantau/pantau.conf:6: [Calendar office] has no business hours; set Weekdays=, Everyday= or Monday= … Sunday=",
            "/etc/pantau/pantau.conf:6: [Calendar office] has no TimeZone=; set an IANA zone such as TimeZone=Asia/Jakarta",
            "/etc/pantau/pantau.conf.d/10-a.conf:1: [Channel email/urgent] overrides channel \"email\", which is not defined; add a [Channel email] section",
            "/etc/pantau/pantau.conf.d/10-a.conf:4: invalid value \"200%\" for WarnAt: expected a percentage above 0% and at most 100%, such as 80%",
            "/etc/pantau/pantau.conf.d/20-b.conf:1: key \"Spool\" appears before any section header; it belongs in [Daemon]",
            "/etc/pantau/pantau.conf.d/20-b.conf:3: invalid value \"many\" for MaxSSEClients: expected a positive integer (at most 2147483647)",
        ])
        if case .failure(let errors) = parse([("a.conf", main)]) {
            #expect(errors.errors.first == ConfigurationError(
                file: "a.conf", line: 2,
                message: "invalid value \"never\" for PushInterval: expected a number at \"never\" (a time span looks like 20s, 5min or 1h 30min)"))
        } else {
            Issue.record("expected errors")
        }
    }

    @Test func keySuggester() {
        #expect(KeySuggester.distance("kitten", "sitting") == 3)
        #expect(KeySuggester.distance("", "abc") == 3)
        #expect(KeySuggester.suggestion(for: "Resolutoin", among: ConfigurationKeys.channel) == "Resolution")
        #expect(KeySuggester.suggestion(for: "Mon", among: ConfigurationKeys.calendar) == nil)
        #expect(KeySuggester.suggestion(for: "Xyzzy", among: ConfigurationKeys.daemon) == nil)
    }

    /// Orders descriptions `main.conf:N: …` by N, keeping the order of equal lines.
    func lineOrder(_ a: String, _ b: String) -> Bool {
        func line(_ text: String) -> Int { Int(text.split(separator: ":")[1]) ?? 0 }
        return line(a) < line(b)
    }
}
