import Testing
@testable import PantauCore

extension ConfigurationParserTests {
    @Test func daemonDefaultsAreInheritedWhateverTheSectionOrder() throws {
        let config = try configuration([("main.conf", """
            [Channel early]
            FirstResponse=1min
            WarnAt=50%

            [Daemon]
            WarnAt=90%
            WarnBefore=1min
            ShortAbandon=5s
            OnReopen=restart
            ServiceLevel=answered
            """), ("10-late.conf", """
            [Channel late]
            ServiceLevel=removed
            WarnBefore=no

            [Daemon]
            ShortAbandon=7s
            """)])
        var inherited = ChannelDefaults()
        inherited.warnAt = 0.9
        inherited.warnBefore = .minutes(1)
        inherited.shortAbandon = .seconds(7)
        inherited.onReopen = .restart
        inherited.serviceLevel = .answered
        #expect(config.daemon.channelDefaults == inherited)

        var early = inherited
        early.warnAt = 0.5
        #expect(config.channel(named: "early")?.settings == early)

        var late = inherited
        late.serviceLevel = .removed
        late.warnBefore = nil
        #expect(config.channel(named: "late")?.settings == late)
    }

    @Test func anEmptyChannelValueInheritsAgain() throws {
        let config = try configuration([("main.conf", "[Daemon]\nWarnAt=60%\n[Channel chat]\nWarnAt=70%\n"),
                                        ("10-inherit.conf", "[Channel chat]\nWarnAt=\n")])
        #expect(config.channels[0].settings.warnAt == 0.6)
    }

    @Test func priorityOverridesMergeAcrossSources() throws {
        let config = try configuration([("main.conf", """
            [Channel email]
            FirstResponse=8h
            NextResponse=8h
            Resolution=40h

            [Channel email/urgent]
            FirstResponse=1h

            [Channel email/low]
            Resolution=80h
            """), ("10-urgent.conf", """
            [Channel email/urgent]
            Resolution=16h

            [Channel email/low]
            Resolution=
            """)])
        let email = try #require(config.channel(named: "email"))
        #expect(email.priorityOverrides == [.urgent: SLATargets(firstResponse: .hours(1), resolution: .hours(16))])
        #expect(email.targets(for: .urgent) == SLATargets(firstResponse: .hours(1), nextResponse: .hours(8),
                                                           resolution: .hours(16)))
        #expect(email.targets(for: .low) == email.targets)
        #expect(email.targets(for: .normal) == email.targets)
    }

    @Test func aPrioritySectionMayComeBeforeItsBase() throws {
        let config = try configuration([("main.conf", "[Channel chat/high]\nFirstResponse=30s\n"),
                                        ("10-base.conf", "[Channel chat]\nFirstResponse=1min\n")])
        #expect(config.channels[0].targets(for: .high).firstResponse == .seconds(30))
    }

    @Test func dropInsOverridePerKeyAndMayClearATarget() throws {
        let config = try configuration([("main.conf", """
            [Channel chat]
            FirstResponse=1min
            NextResponse=2min
            Resolution=1h
            """), ("10-a.conf", """
            [Channel chat]
            FirstResponse=45s
            """), ("20-b.conf", """
            [Channel chat]
            FirstResponse=30s
            Resolution=
            """)])
        #expect(config.channels[0].targets == SLATargets(firstResponse: .seconds(30), nextResponse: .minutes(2)))
    }

    @Test func channelsKeepTheOrderOfFirstAppearance() throws {
        let config = try configuration([("main.conf", """
            [Channel hotline]
            FirstResponse=20s
            [Channel chat]
            FirstResponse=1min
            [Channel hotline]
            ShortAbandon=5s
            """), ("10-more.conf", """
            [Channel email]
            FirstResponse=8h
            [Channel chat]
            NextResponse=2min
            """)])
        #expect(config.channels.map(\.name) == ["hotline", "chat", "email"])
        #expect(config.channel(named: "hotline")?.settings.shortAbandon == .seconds(5))
        #expect(config.channel(named: "hotline")?.targets.firstResponse == .seconds(20))
        #expect(config.channel(named: "chat")?.targets == SLATargets(firstResponse: .minutes(1), nextResponse: .minutes(2)))
    }

    @Test func aChannelWithoutTargetsIsValid() throws {
        let config = try configuration("[Channel monitor_only]\n")
        #expect(config.channels == [ChannelPolicy(name: "monitor_only")])
    }

    @Test func calendars() throws {
        let config = try configuration([("main.conf", """
            [Calendar office]
            TimeZone=Asia/Jakarta
            Everyday=09:00-10:00
            Weekdays=13:00-17:00 08:00-12:00
            Friday=08:00-11:30 13:30-17:00
            Sunday=
            Saturday=08:00-10:00 10:00-12:00
            Holidays=2026-08-17 2026-12-25
            Holidays=2027-01-01
            \(chat)
            """), ("10-holidays.conf", """
            [Calendar office]
            Holidays=2028-02-29
            [Calendar nights]
            TimeZone=UTC
            Monday=22:00-24:00
            Tuesday=00:00-06:00
            Holidays=2026-01-01
            Holidays=
            """)])
        let weekday = [LocalInterval(startMinute: 480, endMinute: 720), LocalInterval(startMinute: 780, endMinute: 1020)]
        let friday = [LocalInterval(startMinute: 480, endMinute: 690), LocalInterval(startMinute: 810, endMinute: 1020)]
        let saturday = [LocalInterval(startMinute: 480, endMinute: 720)]
        #expect(config.calendars["office"] == CalendarDefinition(
            name: "office", timeZone: "Asia/Jakarta",
            week: [weekday, weekday, weekday, weekday, friday, saturday, []],
            holidays: [LocalDate(year: 2026, month: 8, day: 17), LocalDate(year: 2026, month: 12, day: 25),
                       LocalDate(year: 2027, month: 1, day: 1), LocalDate(year: 2028, month: 2, day: 29)]))
        var nights = Array(repeating: [LocalInterval](), count: 7)
        nights[0] = [LocalInterval(startMinute: 1320, endMinute: 1440)]
        nights[1] = [LocalInterval(startMinute: 0, endMinute: 360)]
        #expect(config.calendars["nights"] == CalendarDefinition(name: "nights", timeZone: "UTC", week: nights))
    }

    @Test func syntaxCommentsContinuationsAndLineEnds() throws {
        let config = try configuration("""
            # comment
              ; indented comment
            \t# tab-indented comment

            [Daemon]\r
            Listen=10.0.0.1:1\r
              Spool  =  /srv/with spaces   \r
            [Calendar office]
            TimeZone=UTC
            Weekdays=08:00-12:00 \\
            # a comment inside a continuation is skipped, like systemd
                13:00-17:00
            [Channel chat]
            FirstResponse=1h \\
              30min
            """)
        #expect(config.daemon.listen == ["10.0.0.1:1"])
        #expect(config.daemon.spool == "/srv/with spaces")
        #expect(config.calendars["office"]?.week[0] == [LocalInterval(startMinute: 480, endMinute: 720),
                                                       LocalInterval(startMinute: 780, endMinute: 1020)])
        #expect(config.channels[0].targets.firstResponse == .minutes(90))
    }

    @Test func keysAreCaseSensitiveAndValuesKeepInnerEquals() throws {
        let config = try configuration("[Daemon]\nBearerTokenFile=/a=b\n" + chat)
        #expect(config.daemon.bearerTokenFile == "/a=b")
        #expect(errors("[Daemon]\nspool=/x\n" + chat)
                == ["main.conf:2: unknown key \"spool\" in [Daemon]; did you mean \"Spool\"?"])
    }

    @Test func channelNamesMayBeUnicodeUpToSixtyFourBytes() throws {
        let name = String(repeating: "é", count: 32)  // 64 bytes
        let config = try configuration("[Channel \(name)]\n[Channel line-2.voice]\n")
        #expect(config.channels.map(\.name) == [name, "line-2.voice"])
    }
}
