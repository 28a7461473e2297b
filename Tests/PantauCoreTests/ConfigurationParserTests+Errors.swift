import Testing
@testable import PantauCore

extension ConfigurationParserTests {
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
}
