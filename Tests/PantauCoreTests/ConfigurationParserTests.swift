import Testing
@testable import PantauCore

/// The parser over in-memory sources: every key, inheritance, drop-ins and every error kind with its
/// exact `FILE:LINE: message` text.
@Suite struct ConfigurationParserTests {
    // MARK: Helpers

    /// Parses `(path, text)` sources in order.
    func parse(_ files: [(String, String)]) -> Result<Configuration, ConfigurationErrors> {
        ConfigurationParser.parse(files.map { ConfigurationSource(path: $0.0, text: $0.1) })
    }

    /// The configuration of one file that must be valid.
    func configuration(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Configuration {
        try configuration([("main.conf", text)], sourceLocation: sourceLocation)
    }

    func configuration(_ files: [(String, String)],
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
    func errors(_ text: String) -> [String] { errors([("main.conf", text)]) }

    func errors(_ files: [(String, String)]) -> [String] {
        switch parse(files) {
        case .success: return []
        case .failure(let errors): return errors.errors.map(\.description)
        }
    }

    /// A channel so that a file is not rejected for having none.
    let chat = "[Channel chat]\nFirstResponse=1min\n"

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
}
