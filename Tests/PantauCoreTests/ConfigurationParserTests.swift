import Testing
@testable import PantauCore

/// The parser over in-memory sources: every key, inheritance, drop-ins and every error kind with its
/// exact `FILE:LINE: message` text.
@Suite struct ConfigurationParserTests {
    // MARK: Helpers

    /// Parses `(path, text)` sources in order.
    private func parse(_ files: [(String, String)]) -> Result<Configuration, ConfigurationErrors> {
        ConfigurationParser.parse(files.map { ConfigurationSource(path: $0.0, text: $0.1) })
    }

    /// The configuration of one file that must be valid.
    private func configuration(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Configuration {
        try configuration([("main.conf", text)], sourceLocation: sourceLocation)
    }

    private func configuration(_ files: [(String, String)],
                               sourceLocation: SourceLocation = #_sourceLocation) throws -> Configuration {
        switch parse(files) {
        case .success(let configuration):
            return configuration
        case .failure(let errors):
            Issue.record("unexpected errors:\n\(errors)", sourceLocation: sourceLocation)
            throw errors
        }
    }

    /// The error descriptions of one or more files that must be invalid.
    private func errors(_ text: String) -> [String] { errors([("main.conf", text)]) }

    private func errors(_ files: [(String, String)]) -> [String] {
        switch parse(files) {
        case .success: return []
        case .failure(let errors): return errors.errors.map(\.description)
        }
    }

    /// A channel so that a file is not rejected for having none.
    private let chat = "[Channel chat]\nFirstResponse=1min\n"

    // MARK: Valid configurations

    @Test func minimalConfigurationHasDefaults() throws {
        let config = try configuration(chat)
        #expect(config.daemon == DaemonSettings())
        #expect(config.calendars.isEmpty)
        #expect(config.channels == [ChannelPolicy(name: "chat", targets: SLATargets(firstResponse: .minutes(1)))])
    }

    @Test func everyDaemonKey() throws {
        let config = try configuration("""
            [Daemon]
            Spool = /srv/spool
            Pattern=*.json
            State=/srv/state
            Listen=0.0.0.0:8080
            Listen=[::1]:8081
            Listen=wallboard.local:80
            PushInterval=500ms
            CheckpointInterval=10s
            MaxLineBytes=1M
            MaxFutureSkew=1min
            ClosedRetention=2h
            TimeZone=Asia/Jakarta
            DeleteConsumed=1d
            BearerTokenFile=/etc/pantau/token
            AllowOrigin=https://wallboard.example.org
            MaxConnections=100
            MaxSSEClients=50
            EventHistory=500
            HTTPThreads=3
            WarnAt=90%
            WarnBefore=2min
            ShortAbandon=5s
            OnReopen=restart
            ServiceLevel=removed
            \(chat)
            """)
        var expected = DaemonSettings()
        expected.spool = "/srv/spool"
        expected.pattern = "*.json"
        expected.state = "/srv/state"
        expected.listen = ["0.0.0.0:8080", "[::1]:8081", "wallboard.local:80"]
        expected.pushInterval = .milliseconds(500)
        expected.checkpointInterval = .seconds(10)
        expected.maxLineBytes = 1 << 20
        expected.maxFutureSkew = .minutes(1)
        expected.closedRetention = .hours(2)
        expected.timeZone = "Asia/Jakarta"
        expected.deleteConsumed = .days(1)
        expected.bearerTokenFile = "/etc/pantau/token"
        expected.allowOrigin = "https://wallboard.example.org"
        expected.maxConnections = 100
        expected.maxSSEClients = 50
        expected.eventHistory = 500
        expected.httpThreads = 3
        expected.channelDefaults.warnAt = 0.9
        expected.channelDefaults.warnBefore = .minutes(2)
        expected.channelDefaults.shortAbandon = .seconds(5)
        expected.channelDefaults.onReopen = .restart
        expected.channelDefaults.serviceLevel = .removed
        #expect(config.daemon == expected)
        #expect(config.channels.first?.settings == expected.channelDefaults)
    }

    @Test func emptyDaemonValuesRestoreDefaults() throws {
        let config = try configuration([("main.conf", """
            [Daemon]
            Spool=/srv/spool
            PushInterval=2s
            MaxLineBytes=1K
            TimeZone=UTC
            BearerTokenFile=/token
            AllowOrigin=*
            MaxConnections=5
            WarnAt=50%
            WarnBefore=1min
            ShortAbandon=3s
            OnReopen=restart
            ServiceLevel=answered
            \(chat)
            """), ("10-reset.conf", """
            [Daemon]
            Spool=
            PushInterval=
            MaxLineBytes=
            TimeZone=
            BearerTokenFile=
            AllowOrigin=
            MaxConnections=
            WarnAt=
            WarnBefore=
            ShortAbandon=
            OnReopen=
            ServiceLevel=
            """)])
        #expect(config.daemon == DaemonSettings())
    }

    @Test func listenAppendsAndAnEmptyAssignmentClears() throws {
        #expect(try configuration(chat).daemon.listen == ["127.0.0.1:9747"])
        let replaced = try configuration([("main.conf", "[Daemon]\nListen=10.0.0.1:1\nListen=10.0.0.2:2\n" + chat),
                                          ("10-more.conf", "[Daemon]\nListen=10.0.0.3:3\n")])
        #expect(replaced.daemon.listen == ["10.0.0.1:1", "10.0.0.2:2", "10.0.0.3:3"])
        let cleared = try configuration([("main.conf", "[Daemon]\nListen=10.0.0.1:1\n" + chat),
                                         ("10-only.conf", "[Daemon]\nListen=\nListen=[::]:9000\n")])
        #expect(cleared.daemon.listen == ["[::]:9000"])
        let none = try configuration("[Daemon]\nListen=\n" + chat)
        #expect(none.daemon.listen == [])
    }

    @Test func deleteConsumedOffSpellings() throws {
        for value in ["", "no", "off", "infinity"] {
            #expect(try configuration("[Daemon]\nDeleteConsumed=\(value)\n" + chat).daemon.deleteConsumed == nil)
        }
        #expect(try configuration("[Daemon]\nDeleteConsumed=0\n" + chat).daemon.deleteConsumed == .zero)
        #expect(try configuration("[Daemon]\nDeleteConsumed=15min\n" + chat).daemon.deleteConsumed == .minutes(15))
    }

    @Test func maxLineBytesSuffixesAndBounds() throws {
        let values = ["256": 256, "64K": 65_536, "16M": 16 << 20, "1000": 1000]
        for (text, bytes) in values {
            #expect(try configuration("[Daemon]\nMaxLineBytes=\(text)\n" + chat).daemon.maxLineBytes == bytes)
        }
    }

    @Test func everyChannelKey() throws {
        let config = try configuration("""
            [Calendar office]
            TimeZone=Asia/Jakarta
            Weekdays=08:00-17:00

            [Channel email]
            FirstResponse=8h
            NextResponse=4h
            Resolution=5d
            Calendar=office
            WarnAt=87.5%
            WarnBefore=30min
            ShortAbandon=0
            OnReopen=restart
            ServiceLevel=answered
            """)
        var settings = ChannelDefaults()
        settings.warnAt = 0.875
        settings.warnBefore = .minutes(30)
        settings.shortAbandon = .zero
        settings.onReopen = .restart
        settings.serviceLevel = .answered
        #expect(config.channels == [ChannelPolicy(
            name: "email",
            targets: SLATargets(firstResponse: .hours(8), nextResponse: .hours(4), resolution: .days(5)),
            calendar: "office",
            settings: settings)])
    }

    @Test func infinityIsATargetThatNeverBreaches() throws {
        let config = try configuration("[Channel chat]\nFirstResponse=infinity\n")
        #expect(config.channels[0].targets.firstResponse == .infinite)
    }

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

    // MARK: Errors

    @Test func errorDescriptionIsFileLineMessage() {
        let error = ConfigurationError(file: "/etc/pantau/pantau.conf", line: 7, message: "oops")
        #expect(error.description == "/etc/pantau/pantau.conf:7: oops")
        let errors = ConfigurationErrors([error, ConfigurationError(file: "b.conf", line: 0, message: "two")])
        #expect(errors.description == "/etc/pantau/pantau.conf:7: oops\nb.conf:0: two")
    }

    @Test func emptyConfigurationHasNoChannel() {
        #expect(errors([("main.conf", ""), ("10-a.conf", "[Daemon]\n")])
                == ["main.conf:0: no channel configured; add a [Channel NAME] section"])
        #expect(errors("# only comments\n[Daemon]\nSpool=/x\n")
                == ["main.conf:0: no channel configured; add a [Channel NAME] section"])
        #expect(errors([]) == ["(no configuration file):0: no channel configured; add a [Channel NAME] section"])
    }

    @Test func keyOutsideAnySection() {
        #expect(errors("Spool=/x\nBogus=1\n" + chat) == [
            "main.conf:1: key \"Spool\" appears before any section header; it belongs in [Daemon]",
            "main.conf:2: key \"Bogus\" appears before any section header",
        ])
        // Each file starts outside any section.
        #expect(errors([("main.conf", chat), ("10-a.conf", "NextResponse=1min\n")]) == [
            "10-a.conf:1: key \"NextResponse\" appears before any section header; it belongs in [Channel NAME]",
        ])
    }

    @Test func badSectionHeaders() {
        let text = """
            [Deamon]
            Spool=/ignored
            [channel chat]
            [Queue]
            [Channel chat
            [Daemon] # trailing
            []
            [Daemon extra]
            [Calendar]
            [Channel]
            [Channel my chat]
            [Channel a/b/high]
            [Channel chat/critical]
            [Calendar my cal]
            [Channel \(String(repeating: "x", count: 65))]
            [Channel tab\u{7}bell]
            \(chat)
            """
        #expect(errors(text) == [
            "main.conf:1: unknown section [Deamon]; did you mean [Daemon]?",
            "main.conf:3: unknown section [channel chat]; did you mean [Channel chat]?",
            "main.conf:4: unknown section [Queue]; expected [Daemon], [Calendar NAME] or [Channel NAME]",
            "main.conf:5: malformed section header \"[Channel chat\"; expected [Daemon], [Calendar NAME] or [Channel NAME] on a line of its own",
            "main.conf:6: malformed section header \"[Daemon] # trailing\"; expected [Daemon], [Calendar NAME] or [Channel NAME] on a line of its own",
            "main.conf:7: empty section header []; expected [Daemon], [Calendar NAME] or [Channel NAME]",
            "main.conf:8: section [Daemon] takes no name, found [Daemon extra]",
            "main.conf:9: section [Calendar] needs a name: [Calendar NAME]",
            "main.conf:10: section [Channel] needs a name: [Channel NAME]",
            "main.conf:11: invalid channel name \"my chat\": whitespace is not allowed",
            "main.conf:12: invalid channel name \"a/b\": \"/\" is not allowed",
            "main.conf:13: unknown priority \"critical\" in [Channel chat/critical]; expected low, normal, high or urgent",
            "main.conf:14: invalid calendar name \"my cal\": whitespace is not allowed",
            "main.conf:15: channel name \"\(String(repeating: "x", count: 65))\" is longer than 64 bytes",
            "main.conf:16: invalid channel name \"tab\u{7}bell\": control characters are not allowed",
        ])
    }

    @Test func keysOfAnInvalidSectionAreSkipped() {
        // One mistake, one error: the keys under a bad header are not reported again.
        #expect(errors("[Chanel chat]\nFirstResponse=bogus\nNoSuchKey=1\n" + chat)
                == ["main.conf:1: unknown section [Chanel chat]; did you mean [Channel chat]?"])
    }

    @Test func linesWithoutEquals() {
        #expect(errors("[Daemon]\nSpool /x\n=value\n" + chat) == [
            "main.conf:2: expected KEY=VALUE, a [Section] header or a comment, found \"Spool /x\"",
            "main.conf:3: missing key before \"=\" in \"=value\"",
        ])
    }

    @Test func unknownKeysWithSuggestions() {
        let text = """
            [Channel chat]
            FirstRespons=1min
            firstresponse=1min
            Frobnicate=1
            [Daemon]
            Listn=[::1]:80
            Timezone=UTC
            [Calendar office]
            TimeZone=UTC
            Weekday=08:00-17:00
            Holiday=2026-01-01
            """
        #expect(errors(text) == [
            "main.conf:2: unknown key \"FirstRespons\" in [Channel chat]; did you mean \"FirstResponse\"?",
            "main.conf:3: unknown key \"firstresponse\" in [Channel chat]; did you mean \"FirstResponse\"?",
            "main.conf:4: unknown key \"Frobnicate\" in [Channel chat]",
            "main.conf:6: unknown key \"Listn\" in [Daemon]; did you mean \"Listen\"?",
            "main.conf:7: unknown key \"Timezone\" in [Daemon]; did you mean \"TimeZone\"?",
            "main.conf:10: unknown key \"Weekday\" in [Calendar office]; did you mean \"Weekdays\"?",
            "main.conf:11: unknown key \"Holiday\" in [Calendar office]; did you mean \"Holidays\"?",
            "main.conf:8: [Calendar office] has no business hours; set Weekdays=, Everyday= or Monday= … Sunday=",
        ].sorted(by: lineOrder))
    }

    @Test func keysInTheWrongSection() {
        let text = """
            [Daemon]
            FirstResponse=1min
            Calendar=office
            [Channel chat]
            Spool=/x
            TimeZone=UTC
            [Channel chat/urgent]
            WarnAt=90%
            Calendar=office
            Pattern=*.x
            NextRespons=1min
            [Calendar office]
            TimeZone=UTC
            Weekdays=08:00-17:00
            ServiceLevel=offered
            """
        #expect(errors(text) == [
            "main.conf:2: key \"FirstResponse\" is not allowed in [Daemon]; it belongs in [Channel NAME]",
            "main.conf:3: key \"Calendar\" is not allowed in [Daemon]; it belongs in [Channel NAME]",
            "main.conf:5: key \"Spool\" is not allowed in [Channel chat]; it belongs in [Daemon]",
            "main.conf:6: key \"TimeZone\" is not allowed in [Channel chat]; it belongs in [Daemon] or [Calendar NAME]",
            "main.conf:8: key \"WarnAt\" is not allowed in [Channel chat/urgent]; a priority section takes only FirstResponse, NextResponse and Resolution",
            "main.conf:9: key \"Calendar\" is not allowed in [Channel chat/urgent]; a priority section takes only FirstResponse, NextResponse and Resolution",
            "main.conf:10: key \"Pattern\" is not allowed in [Channel chat/urgent]; it belongs in [Daemon]",
            "main.conf:11: unknown key \"NextRespons\" in [Channel chat/urgent]; did you mean \"NextResponse\"?",
            "main.conf:15: key \"ServiceLevel\" is not allowed in [Calendar office]; it belongs in [Daemon] or [Channel NAME]",
        ])
    }

    @Test func badDaemonValues() {
        let text = """
            [Daemon]
            Pattern=logs/*.jsonl
            Listen=localhost
            Listen=127.0.0.1:0
            Listen=[::1:80
            Listen=::1:80
            PushInterval=0
            CheckpointInterval=infinity
            MaxLineBytes=100
            MaxLineBytes=17M
            MaxLineBytes=64KiB
            MaxFutureSkew=soon
            ClosedRetention=infinity
            TimeZone=Mars/Olympus_Mons
            DeleteConsumed=yes
            AllowOrigin=wallboard.example.org
            AllowOrigin=https://example.org/path
            MaxConnections=0
            MaxSSEClients=-1
            EventHistory=1e6
            WarnAt=80
            WarnAt=0%
            WarnAt=101%
            WarnBefore=sometimes
            ShortAbandon=5 s # misdials
            OnReopen=Restart
            ServiceLevel=abandoned
            HTTPThreads=65
            HTTPThreads=two
            \(chat)
            """
        let listen = "expected HOST:PORT or [IPv6]:PORT with a port from 1 to 65535, such as 127.0.0.1:9747"
        let size = "expected a size in bytes such as 65536 or 64K, from 256 to 16M"
        let percent = "expected a percentage above 0% and at most 100%, such as 80%"
        let origin = "expected * or an origin such as https://wallboard.example.org"
        let integer = "expected a positive integer (at most 2147483647)"
        #expect(errors(text) == [
            "main.conf:2: invalid value \"logs/*.jsonl\" for Pattern: a pattern matches file names in Spool= and cannot contain \"/\"",
            "main.conf:3: invalid value \"localhost\" for Listen: \(listen)",
            "main.conf:4: invalid value \"127.0.0.1:0\" for Listen: \(listen)",
            "main.conf:5: invalid value \"[::1:80\" for Listen: \(listen)",
            "main.conf:6: invalid value \"::1:80\" for Listen: \(listen)",
            "main.conf:7: invalid value \"0\" for PushInterval: expected a time span longer than zero",
            "main.conf:8: invalid value \"infinity\" for CheckpointInterval: expected a finite time span, not infinity",
            "main.conf:9: invalid value \"100\" for MaxLineBytes: \(size)",
            "main.conf:10: invalid value \"17M\" for MaxLineBytes: \(size)",
            "main.conf:11: invalid value \"64KiB\" for MaxLineBytes: \(size)",
            "main.conf:12: invalid value \"soon\" for MaxFutureSkew: expected a number at \"soon\" (a time span looks like 20s, 5min or 1h 30min)",
            "main.conf:13: invalid value \"infinity\" for ClosedRetention: expected a finite time span: closed tickets must be forgotten eventually",
            "main.conf:14: invalid value \"Mars/Olympus_Mons\" for TimeZone: unknown time zone; expected an IANA name such as Asia/Jakarta or UTC",
            "main.conf:15: invalid value \"yes\" for DeleteConsumed: expected a number at \"yes\" (a time span looks like 20s, 5min or 1h 30min)",
            "main.conf:16: invalid value \"wallboard.example.org\" for AllowOrigin: \(origin)",
            "main.conf:17: invalid value \"https://example.org/path\" for AllowOrigin: \(origin)",
            "main.conf:18: invalid value \"0\" for MaxConnections: \(integer)",
            "main.conf:19: invalid value \"-1\" for MaxSSEClients: \(integer)",
            "main.conf:20: invalid value \"1e6\" for EventHistory: \(integer)",
            "main.conf:21: invalid value \"80\" for WarnAt: \(percent)",
            "main.conf:22: invalid value \"0%\" for WarnAt: \(percent)",
            "main.conf:23: invalid value \"101%\" for WarnAt: \(percent)",
            "main.conf:24: invalid value \"sometimes\" for WarnBefore: expected a number at \"sometimes\" (a time span looks like 20s, 5min or 1h 30min)",
            "main.conf:25: invalid value \"5 s # misdials\" for ShortAbandon: expected a number at \"# misdials\" (a time span looks like 20s, 5min or 1h 30min) (comments must be on a line of their own)",
            "main.conf:26: invalid value \"Restart\" for OnReopen: expected continue or restart",
            "main.conf:27: invalid value \"abandoned\" for ServiceLevel: expected offered, answered or removed",
            "main.conf:28: invalid value \"65\" for HTTPThreads: expected an integer from 0 to 64",
            "main.conf:29: invalid value \"two\" for HTTPThreads: expected an integer from 0 to 64",
        ])
    }

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
    private func lineOrder(_ a: String, _ b: String) -> Bool {
        func line(_ text: String) -> Int { Int(text.split(separator: ":")[1]) ?? 0 }
        return line(a) < line(b)
    }
}
