import Foundation
import Testing
@testable import PantauCore
@testable import PantauServe
@testable import PantauCommands
import PantauSystem
import PantauTestKit
import PantauSimulator

/// `ExpositionChecker` finds nothing wrong in what `PrometheusRenderer` writes for a real snapshot
/// (odd channel names included), reads those names back exactly, agrees with the reference Python
/// OpenMetrics parser and `promtool`, and does find each kind of problem in broken input.
@Suite struct ExpositionCheckerTests {
    // MARK: A real snapshot

    /// Names the configuration rules allow (docs/configuration.md, "Names") that need escaping or
    /// are not ASCII.
    static let oddChannels = ["a\"b", "back\\slash", "ruang_tunggu_é漢"]

    static let extra = [
        MetricFamily(name: "pantau_spool_lag_seconds", help: "Age of the newest unread spool line.", kind: .gauge, samples: [([], 0.25)]),
        MetricFamily(name: "pantau_spool_files", help: "Spool files being read.", kind: .gauge, samples: [([], 3)]),
        MetricFamily(name: "pantau_spool_read_bytes_total", help: "Bytes read from the spool.", kind: .counter, samples: [([], 123_456)]),
        MetricFamily(name: "pantau_sse_clients", help: "Connected SSE clients.", kind: .gauge, samples: [([], 2)]),
    ]

    /// The bundled configuration plus a drop-in adding the odd channels (parsed, so the names pass
    /// the real rules), and the snapshot after simulated traffic on the bundled channels and a few
    /// hand-made tickets on the odd ones.
    static func snapshot(oddChannels: Bool = true) throws -> Snapshot {
        var sources = [ConfigurationSource(path: TestPaths.defaultConfiguration.path,
                                           text: try String(contentsOf: TestPaths.defaultConfiguration, encoding: .utf8))]
        if oddChannels {
            let dropIn = Self.oddChannels.map { "[Channel \($0)]\nFirstResponse=1min\nResolution=1h\n" }.joined()
            sources.append(ConfigurationSource(path: "/etc/pantau/pantau.conf.d/50-odd.conf", text: dropIn))
        }
        let configuration = try ConfigurationParser.parse(sources).get()
        let names = configuration.channels.map(\.name)
        if oddChannels { try #require(Array(names.suffix(3)) == Self.oddChannels) }
        var engine = SLAEngine(settings: EngineSettings(configuration: configuration, defaultTimeZone: TimeZone(identifier: "UTC")!))
        var parser = EventParser(channelNames: names)
        var notes: [SLANotification] = []
        var sim = TrafficSimulator(seed: 11, start: RFC3339.parse("2026-03-04T08:00:00+07:00")!, ticketsPerHour: 600)
        var line: [UInt8] = []
        for _ in 0..<3000 {
            line.removeAll(keepingCapacity: true)
            guard sim.next(into: &line) != nil else { break }
            switch line.dropLast().withUnsafeBufferPointer({ parser.parse($0) }) {
            case .event(let e): _ = engine.apply(e, notifications: &notes)
            case .rejected(let r): engine.recordRejection(r)
            }
        }
        let t = engine.clock
        func at(_ s: Int64) -> Instant { t + .seconds(s) }
        let events = (oddChannels ? Self.oddChannels : []).flatMap { name in
            let c = names.firstIndex(of: name)!
            return [
                Event(id: "\(name)-1", timestamp: at(1), ticket: "\(name)-t1", type: .created, channel: c),
                Event(id: "\(name)-2", timestamp: at(13), ticket: "\(name)-t1", type: .agentReply, agent: "ana"),
                Event(id: "\(name)-3", timestamp: at(600), ticket: "\(name)-t1", type: .resolved),
                Event(id: "\(name)-4", timestamp: at(2), ticket: "\(name)-t2", type: .created, channel: c),
            ]
        }
        // In time order across channels: the engine clock never goes back, so a late reply would miss its deadline.
        for e in events.sorted(by: { $0.timestamp < $1.timestamp }) {
            #expect(engine.apply(e, notifications: &notes) == .applied)
        }
        engine.recordRejection(.unknownChannel)
        engine.advance(to: at(900), notifications: &notes)
        return engine.snapshot()
    }

    static func render(_ s: Snapshot, _ format: ExpositionFormat) -> String {
        PrometheusRenderer.render(s, format: format, version: "0.1.0-test", extra: Self.extra)
    }

    @Test(arguments: [ExpositionFormat.text, .openMetrics])
    func rendererOutputHasNoProblems(format: ExpositionFormat) throws {
        let s = try Self.snapshot()
        let x = ExpositionChecker.parse(Self.render(s, format), openMetrics: format == .openMetrics)
        #expect(x.problems == [])
        // Every name of SPEC §5 (the process_* ones come from the shell).
        let spec = ["pantau_queue_depth", "pantau_unassigned_tickets", "pantau_tickets", "pantau_oldest_waiting_seconds",
                    "pantau_sla_outcomes_total", "pantau_sla_running", "pantau_sla_at_risk", "pantau_sla_breached_open",
                    "pantau_tickets_created_total", "pantau_tickets_abandoned_total", "pantau_tickets_resolved_total",
                    "pantau_tickets_reopened_total", "pantau_tickets_closed_total", "pantau_first_response_seconds_bucket",
                    "pantau_resolution_seconds_bucket", "pantau_service_level_ratio", "pantau_events_total",
                    "pantau_events_rejected_total", "pantau_spool_lag_seconds", "pantau_spool_files",
                    "pantau_spool_read_bytes_total", "pantau_sse_clients", "pantau_build_info"]
        for name in spec { #expect(!x.samples(named: name).isEmpty, "\(name)") }
        #expect(x.families.allSatisfy { $0.type != nil && $0.help?.isEmpty == false && !$0.samples.isEmpty })
        #expect(x.samples.count == x.families.reduce(0) { $0 + $1.samples.count })
        // Text 0.0.4 names a counter family like its samples; OpenMetrics without `_total`.
        let counter = format == .openMetrics ? "pantau_events" : "pantau_events_total"
        #expect(x.family(counter)?.type == "counter")
        #expect(x.family("pantau_first_response_seconds")?.type == "histogram")
    }

    @Test(arguments: [ExpositionFormat.text, .openMetrics])
    func channelNamesAndValuesReadBackExactly(format: ExpositionFormat) throws {
        let s = try Self.snapshot()
        let x = ExpositionChecker.parse(Self.render(s, format), openMetrics: format == .openMetrics)
        let names = s.channels.map(\.name)
        #expect(Array(names.suffix(3)) == Self.oddChannels)
        for family in x.families where family.samples.contains(where: { $0.label("channel") != nil }) {
            #expect(Array(Set(family.samples.compactMap { $0.label("channel") })).sorted() == names.sorted(), "\(family.name)")
        }
        for c in s.channels {
            #expect(x.value(of: "pantau_queue_depth", labels: ["channel": c.name]) == Double(c.queueDepth))
            #expect(x.value(of: "pantau_tickets_created_total", labels: ["channel": c.name]) == Double(c.counters[TicketCounter.created.rawValue]))
            #expect(x.value(of: "pantau_first_response_seconds_count", labels: ["channel": c.name]) == Double(c.firstResponseSeconds.count))
            #expect(x.value(of: "pantau_first_response_seconds_bucket", labels: ["channel": c.name, "le": "+Inf"]) == Double(c.firstResponseSeconds.count))
            #expect(x.value(of: "pantau_resolution_seconds_sum", labels: ["channel": c.name]) == c.resolutionSeconds.sumSeconds)
        }
        // The hand-made tickets: one answered after 12 s and resolved after 599 s, one still waiting.
        for name in Self.oddChannels {
            #expect(x.value(of: "pantau_queue_depth", labels: ["channel": name]) == 1)
            #expect(x.value(of: "pantau_first_response_seconds_sum", labels: ["channel": name]) == 12)
            #expect(x.value(of: "pantau_resolution_seconds_count", labels: ["channel": name]) == 1)
            #expect(x.value(of: "pantau_sla_outcomes_total", labels: ["channel": name, "sla": "first_response", "outcome": "breached"]) == 1)
            let ratio = x.value(of: "pantau_service_level_ratio", labels: ["channel": name, "window": "today"])
            #expect(ratio == 0.5)
        }
        #expect(x.value(of: "pantau_events_total", labels: ["result": "applied"]) == Double(s.events.applied))
        #expect(x.value(of: "pantau_events_rejected_total", labels: ["reason": "unknown_channel"]) == Double(s.events[.unknownChannel]))
        #expect(x.value(of: "pantau_spool_read_bytes_total") == 123_456)
        #expect(x.value(of: "pantau_build_info", labels: ["version": "0.1.0-test"]) == 1)
        #expect(x.samples(named: "pantau_service_level_ratio").contains { $0.value.isNaN })
    }

    // MARK: Reference tools

    /// The script next to the helpers, found from this file's path.
    static let script = TestPaths.repository.appendingPathComponent("scripts/openmetrics_check.py")

    /// A `python3` that can import prometheus_client (the Debian one first: a pyenv shim may not).
    static func python() throws -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let candidates = ["/usr/bin/python3"] + path.split(separator: ":").map { "\($0)/python3" }
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
            let url = URL(fileURLWithPath: candidate)
            if try ProcessRunner.run(url, ["-c", "import prometheus_client.openmetrics.parser"]).status == 0 { return url }
        }
        return nil
    }

    static func tool(_ name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return (path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin"])
            .map { URL(fileURLWithPath: $0).appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Runs `program arguments… < input` (ProcessRunner has no stdin: a shell redirects from a file).
    static func run(_ program: URL, _ arguments: [String], stdin input: String) throws -> ProcessRunner.Result {
        let dir = try TestPaths.scratch("exposition")
        defer { try? FileManager.default.removeItem(at: dir) }
        let inputURL = dir.appendingPathComponent("stdin")
        try Data(input.utf8).write(to: inputURL)
        return try ProcessRunner.run(URL(fileURLWithPath: "/bin/sh"),
                                     ["-c", "f=$1; shift; exec \"$@\" < \"$f\"", "sh", inputURL.path, program.path] + arguments)
    }

    @Test func pythonOpenMetricsParserReadsEveryFamilyWithTheSameSampleCounts() throws {
        guard let python = try Self.python() else {
            Issue.record("no python3 with prometheus_client: apt-get install python3-prometheus-client")
            return
        }
        let text = Self.render(try Self.snapshot(), .openMetrics)
        let result = try Self.run(python, [Self.script.path], stdin: text)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "")
        let reported = result.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        let mine = ExpositionChecker.parse(text, openMetrics: true)
        #expect(mine.problems == [])
        #expect(reported.map { $0.first ?? "" } == mine.families.map(\.name))
        #expect(reported.map { $0.count == 3 ? $0[1] : "?" } == mine.families.map { $0.type ?? "" })
        #expect(reported.map { $0.count == 3 ? Int($0[2]) ?? -1 : -1 } == mine.families.map(\.samples.count))
    }

    @Test func pythonOpenMetricsParserRejectsBrokenInput() throws {
        guard let python = try Self.python() else {
            Issue.record("no python3 with prometheus_client: apt-get install python3-prometheus-client")
            return
        }
        // A bucket count that is not cumulative, and the text without `# EOF`.
        for broken in [Self.openMetrics.replacingOccurrences(of: "lat_seconds_bucket{le=\"1.0\"} 2", with: "lat_seconds_bucket{le=\"1.0\"} 0"),
                       Self.openMetrics.replacingOccurrences(of: "# EOF\n", with: "")] {
            let result = try Self.run(python, [Self.script.path], stdin: broken)
            #expect(result.status == 1)
            #expect(result.stdout == "")
            #expect(result.stderr.hasPrefix("openmetrics_check: ValueError: "), "\(result.stderr)")
        }
        // The hand-made valid input is valid for it too.
        #expect(try Self.run(python, [Self.script.path], stdin: Self.openMetrics).status == 0)
    }

    @Test func promtoolFindsNothingInTheTextFormat() throws {
        let promtool = try #require(Self.tool("promtool"), "promtool not found (Debian package prometheus)")
        let result = try Self.run(promtool, ["check", "metrics"], stdin: Self.render(try Self.snapshot(), .text))
        #expect(result.status == 0)
        #expect(result.stdout == "")
        #expect(result.stderr == "")
    }

    /// `promtool check metrics` parses text 0.0.4 only. Reading OpenMetrics as text, it sees each
    /// counter's `…_total` samples as a family without HELP (OpenMetrics names the family without
    /// `_total`) and stops at the `\"` escape OpenMetrics requires in a HELP naming the channel
    /// `a"b`. So it cannot find nothing; this proves it finds nothing else.
    @Test func promtoolFindsOnlyTextFormatArtefactsInOpenMetrics() throws {
        let promtool = try #require(Self.tool("promtool"), "promtool not found (Debian package prometheus)")
        for odd in [false, true] {
            let text = Self.render(try Self.snapshot(oddChannels: odd), .openMetrics)
            let result = try Self.run(promtool, ["check", "metrics"], stdin: text)
            // promtool 2.42 parses only text 0.0.4, so OpenMetrics cannot come out clean: it takes
            // each counter's `_total` samples for a family without HELP, and stops at `\"` in a
            // HELP text (valid in OpenMetrics, not in 0.0.4). Exactly that, and nothing else:
            let said = (result.stdout + result.stderr).split(separator: "\n").map(String.init)
            if odd {
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                let help = try #require(lines.firstIndex { $0.hasPrefix("# HELP pantau_service_level_ratio ") && $0.contains("a\\\"b") })
                #expect(said == ["error while linting: text format parsing error in line \(help + 1): invalid escape sequence '\\\"'"])
            } else {
                let counters = ExpositionChecker.parse(text, openMetrics: true).families.filter { $0.type == "counter" }
                #expect(said == counters.map { "\($0.name)_total no help text" }.sorted())
                #expect(result.status == 3)
            }
        }
    }

    // MARK: Hand-made inputs

    static let text = """
        # HELP req_total Requests, "quoted" and with a \\\\ backslash.
        # TYPE req_total counter
        req_total{code="200",path="/a\\"b\\\\c\\nd"} 3
        req_total{code="500",} 1 1700000000000
        # HELP lat_seconds Latency.
        # TYPE lat_seconds histogram
        lat_seconds_bucket{le="0.5"} 1
        lat_seconds_bucket{le="1"} 2
        lat_seconds_bucket{le="+Inf"} 3
        lat_seconds_sum 2.5
        lat_seconds_count 3
        # a comment

        # TYPE temp gauge
        temp  NaN

        """

    static let openMetrics = """
        # HELP req Requests, \\"quoted\\".
        # TYPE req counter
        req_total{code="200",path="/a\\"b\\\\c\\nd"} 3 # {trace_id="x"} 1.0 1.7e9
        req_created{code="200",path="/a\\"b\\\\c\\nd"} 1.7e9
        # TYPE lat_seconds histogram
        # UNIT lat_seconds seconds
        lat_seconds_bucket{le="0.5"} 1
        lat_seconds_bucket{le="1.0"} 2
        lat_seconds_bucket{le="+Inf"} 3
        lat_seconds_sum 2.5
        lat_seconds_count 3
        # TYPE temp gauge
        temp -Inf 1.7e9
        # EOF

        """

    @Test func validHandMadeInputsHaveNoProblems() {
        let t = ExpositionChecker.parse(Self.text, openMetrics: false)
        #expect(t.problems == [])
        #expect(t.family("req_total")?.help == "Requests, \"quoted\" and with a \\ backslash.")
        #expect(t.value(of: "req_total", labels: ["code": "200", "path": "/a\"b\\c\nd"]) == 3)
        #expect(t.value(of: "temp")?.isNaN == true)
        let o = ExpositionChecker.parse(Self.openMetrics, openMetrics: true)
        #expect(o.problems == [])
        #expect(o.family("req")?.help == "Requests, \"quoted\".")
        #expect(o.value(of: "req_total", labels: ["code": "200", "path": "/a\"b\\c\nd"]) == 3)
        #expect(o.value(of: "temp") == -.infinity)
        #expect(o.value(of: "lat_seconds_bucket", labels: ["le": "+Inf"]) == 3)
        #expect(o.families.map(\.samples.count) == [2, 5, 1])
    }

    /// Expects exactly one problem of `input` per fragment, in order, each containing its fragment.
    static func problems(_ input: String, openMetrics: Bool, _ fragments: String...,
                         sourceLocation: SourceLocation = #_sourceLocation) {
        let found = ExpositionChecker.problems(in: input, openMetrics: openMetrics)
        #expect(found.count == fragments.count && zip(found, fragments).allSatisfy { $0.contains($1) }, "\(found)",
                sourceLocation: sourceLocation)
    }

    static func textWith(_ old: String, _ new: String) -> String {
        precondition(text.contains(old))
        return text.replacingOccurrences(of: old, with: new)
    }

    static func openMetricsWith(_ old: String, _ new: String) -> String {
        precondition(openMetrics.contains(old))
        return openMetrics.replacingOccurrences(of: old, with: new)
    }

    @Test func malformedLines() {
        for bad in ["temp{a=\"b\" 1", "temp 1 2 3", "temp abc", "temp", "9temp 1", "temp{a=b} 1", "temp{a=\"b\"", "temp 0x10",
                    "temp 1 1.5", "temp{a=\"b\",,} 1", "temp{=\"b\"} 1"] {
            Self.problems(Self.textWith("temp  NaN", bad), openMetrics: false, "malformed line")
        }
        Self.problems(Self.textWith("# TYPE temp gauge", "# TYPE temp gauges"), openMetrics: false,
                      "line 14: malformed line (not a text 0.0.4 type): # TYPE temp gauges", "line 15: sample temp has no # TYPE")
        for bad in ["temp  1", "temp 1 ", "temp{a=\"b\",} 1", "temp{a=\"b\"}  1", "temp 1 2 3", "temp\t1"] {
            Self.problems(Self.openMetricsWith("temp -Inf 1.7e9", bad), openMetrics: true, "malformed line")
        }
        Self.problems(Self.openMetricsWith("# TYPE temp gauge\n", "# TYPE temp gauge\n\n"), openMetrics: true, "blank line")
        Self.problems(Self.openMetricsWith("# TYPE temp gauge\n", "# TYPE temp gauge\n# a comment\n"), openMetrics: true, "allows only")
        Self.problems(Self.openMetricsWith("# TYPE temp gauge", "# TYPE temp untyped"), openMetrics: true,
                      "line 12: malformed line (not an OpenMetrics type): # TYPE temp untyped", "line 13: sample temp has no # TYPE")
        Self.problems(String(Self.text.dropLast()), openMetrics: false, "no line feed")
    }

    @Test func aSampleBeforeItsType() {
        Self.problems(Self.textWith("# TYPE temp gauge\ntemp  NaN", "temp  NaN\n# TYPE temp gauge"), openMetrics: false,
                      "sample temp comes before its family's # TYPE (line 15)")
        Self.problems(Self.textWith("temp  NaN", "temp  NaN\nother 1"), openMetrics: false, "sample other has no # TYPE")
        Self.problems("# HELP temp Temperature.\ntemp 1\n", openMetrics: false, "has no # TYPE (family temp has only # HELP)")
        Self.problems(Self.openMetricsWith("# TYPE temp gauge\ntemp -Inf 1.7e9", "temp -Inf 1.7e9\n# TYPE temp gauge"), openMetrics: true,
                      "comes before its family's # TYPE")
    }

    @Test func aTypeOrHelpTwice() {
        Self.problems(Self.textWith("# TYPE temp gauge", "# TYPE temp gauge\n# TYPE temp gauge"), openMetrics: false,
                      "second # TYPE for temp (first at line 14)")
        Self.problems(Self.textWith("# HELP lat_seconds Latency.", "# HELP lat_seconds Latency.\n# HELP lat_seconds Again."),
                      openMetrics: false, "second # HELP for lat_seconds")
        Self.problems(Self.openMetricsWith("# TYPE temp gauge", "# TYPE temp gauge\n# TYPE temp gauge"), openMetrics: true,
                      "second # TYPE for temp")
        Self.problems(Self.textWith("temp  NaN", "temp  NaN\n# HELP temp Late."), openMetrics: false, "# HELP for temp after its samples")
    }

    @Test func aFamilyWhoseLinesAreNotTogether() {
        Self.problems(Self.textWith("temp  NaN", "temp  NaN\nreq_total{code=\"404\"} 1"), openMetrics: false,
                      "sample req_total of family req_total (line 1) comes after family temp began")
        Self.problems(Self.textWith("temp  NaN", "temp  NaN\n# HELP req_total Again."), openMetrics: false,
                      "# HELP for req_total apart from the rest of its family")
        Self.problems(Self.openMetricsWith("temp -Inf 1.7e9", "temp -Inf 1.7e9\nreq_total{code=\"404\"} 1"), openMetrics: true,
                      "a family's samples must be together")
    }

    @Test func aDuplicateSeries() {
        Self.problems(Self.textWith("req_total{code=\"500\",} 1", "req_total{path=\"/a\\\"b\\\\c\\nd\",code=\"200\"} 1"),
                      openMetrics: false, "duplicate series req_total{code=\"200\",path=\"/a\\\"b\\\\c\\nd\"} (first at line 3)")
        Self.problems(Self.openMetricsWith("temp -Inf 1.7e9", "temp -Inf 1.7e9\ntemp 2"), openMetrics: true, "duplicate series temp")
    }

    @Test func histogramLeNotIncreasing() {
        Self.problems(Self.textWith("lat_seconds_bucket{le=\"1\"} 2", "lat_seconds_bucket{le=\"0.5\"} 2"), openMetrics: false,
                      "line 8: duplicate series lat_seconds_bucket{le=\"0.5\"} (first at line 7)",
                      "line 8: histogram lat_seconds: le values must increase, but le=\"0.5\" follows le=\"0.5\"")
        let found = ExpositionChecker.problems(in: Self.textWith("lat_seconds_bucket{le=\"1\"} 2", "lat_seconds_bucket{le=\"0.25\"} 2"),
                                               openMetrics: false)
        #expect(found == ["line 8: histogram lat_seconds: le values must increase, but le=\"0.25\" follows le=\"0.5\""])
    }

    @Test func histogramBucketsNotCumulative() {
        Self.problems(Self.textWith("lat_seconds_bucket{le=\"1\"} 2", "lat_seconds_bucket{le=\"1\"} 0"), openMetrics: false,
                      "bucket le=\"1\" counts 0.0, fewer than the 1.0 of le=\"0.5\" before it; buckets must be cumulative")
        Self.problems(Self.openMetricsWith("lat_seconds_bucket{le=\"1.0\"} 2", "lat_seconds_bucket{le=\"1.0\"} 0"), openMetrics: true,
                      "buckets must be cumulative")
    }

    @Test func histogramWithoutInfBucket() {
        Self.problems(Self.textWith("lat_seconds_bucket{le=\"+Inf\"} 3\n", ""), openMetrics: false, "histogram lat_seconds has no le=\"+Inf\" bucket")
        // A series of its own (other labels) needs its own buckets.
        Self.problems(Self.textWith("lat_seconds_count 3", "lat_seconds_count 3\nlat_seconds_sum{path=\"/x\"} 1\nlat_seconds_count{path=\"/x\"} 1"),
                      openMetrics: false, "histogram lat_seconds{path=\"/x\"} has no le=\"+Inf\" bucket")
    }

    @Test func histogramInfBucketDiffersFromCount() {
        Self.problems(Self.textWith("lat_seconds_count 3", "lat_seconds_count 4"), openMetrics: false,
                      "histogram lat_seconds: lat_seconds_count 4.0 differs from the +Inf bucket's 3.0")
    }

    @Test func histogramWithoutSumOrCount() {
        Self.problems(Self.textWith("lat_seconds_sum 2.5\n", ""), openMetrics: false, "histogram lat_seconds has no lat_seconds_sum")
        Self.problems(Self.openMetricsWith("lat_seconds_count 3\n", ""), openMetrics: true, "histogram lat_seconds has no lat_seconds_count")
    }

    @Test func openMetricsCounterSampleWithoutTotal() {
        Self.problems(Self.openMetricsWith("req_total{code=\"200\"", "req{code=\"200\""), openMetrics: true,
                      "counter sample req must end in _total or _created")
        // Text 0.0.4 is named by its samples: the same line is fine there.
        #expect(ExpositionChecker.problems(in: "# TYPE req counter\nreq 1\n", openMetrics: false) == [])
    }

    @Test func openMetricsFamilyNamedTotal() {
        Self.problems("# TYPE req_total counter\nreq_total_total 1\n# EOF\n", openMetrics: true,
                      "counter family req_total ends in _total")
    }

    @Test func openMetricsWithoutEOFOrWithContentAfterIt() {
        Self.problems(Self.openMetricsWith("# EOF\n", ""), openMetrics: true, "no # EOF at the end")
        Self.problems(Self.openMetricsWith("# EOF\n", "# EOF\ntemp 1\n"), openMetrics: true, "line 15: content after # EOF (line 14)")
        Self.problems(Self.openMetricsWith("# EOF\n", "# EOF\n\n"), openMetrics: true, "content after # EOF")
        // The final line feed is optional after `# EOF`.
        #expect(ExpositionChecker.problems(in: String(Self.openMetrics.dropLast()), openMetrics: true) == [])
    }

    @Test func textFormatWithEOF() {
        Self.problems(Self.text + "# EOF\n", openMetrics: false, "# EOF in the text format")
    }

    @Test func labelValueWithAnInvalidEscape() {
        for escape in ["\\t", "\\u00e9", "\\'", "\\r"] {
            Self.problems(Self.textWith("temp  NaN", "temp{x=\"a\(escape)\"} 1"), openMetrics: false,
                          "invalid escape \(escape.prefix(2)) in the value of label x of temp (only \\\\, \\\" and \\n are allowed)")
            Self.problems(Self.openMetricsWith("temp -Inf", "temp{x=\"a\(escape)\"} 1"), openMetrics: true, "invalid escape \(escape.prefix(2))")
        }
        Self.problems(Self.textWith("temp  NaN", "temp{x=\"a\\\"} 1"), openMetrics: false, "malformed line (unterminated label value)")
    }

    @Test func labelValueWithInvalidUTF8() {
        for bytes: [UInt8] in [[0xFF], [0xC3], [0xE6, 0xBC], [0xED, 0xA0, 0x80], [0xC0, 0xAF]] {
            let input = Array("# TYPE temp gauge\ntemp{x=\"a".utf8) + bytes + Array("\"} 1\n".utf8)
            let found = ExpositionChecker.problems(in: input, openMetrics: false)
            #expect(found == ["line 2: invalid UTF-8 in the value of label x of temp"], "\(bytes)")
            #expect(ExpositionChecker.problems(in: input + Array("# EOF\n".utf8), openMetrics: true) == found)
        }
        let valid = Array("# TYPE temp gauge\ntemp{x=\"ruang_tunggu_é漢\"} 1\n".utf8)
        #expect(ExpositionChecker.parse(valid, openMetrics: false).samples.first?.label("x") == "ruang_tunggu_é漢")
    }

    @Test func helpWithAnEscapeTheFormatDoesNotHave() {
        // What promtool trips on: `\"` is an OpenMetrics HELP escape, not a text 0.0.4 one.
        Self.problems(Self.textWith("# HELP lat_seconds Latency.", "# HELP lat_seconds Latency of \\\"x\\\"."), openMetrics: false,
                      "invalid escape \\\" in # HELP of lat_seconds (text 0.0.4 allows only \\\\ and \\n)")
        Self.problems(Self.openMetricsWith("# HELP req Requests", "# HELP req Requests\\t"), openMetrics: true, "invalid escape \\t in # HELP of req")
    }
}
