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
        // Every channel in every per-channel family, but those only some channels have (docs/metrics.md).
        let partial = ["pantau_service_level_target_ratio": s.channels.filter { $0.forecast.serviceLevelTarget != nil }.map(\.name),
                       "pantau_first_response_target_seconds": s.channels.filter { $0.forecast.firstResponseTarget != nil }.map(\.name),
                       "pantau_offered_load_erlangs": s.channels.filter { $0.forecast.staffing != nil }.map(\.name),
                       "pantau_agents_needed": s.channels.filter { $0.forecast.staffing != nil }.map(\.name)]
        #expect(partial["pantau_agents_needed"] == ["hotline", "chat"])
        for family in x.families where family.samples.contains(where: { $0.label("channel") != nil }) {
            #expect(Array(Set(family.samples.compactMap { $0.label("channel") })).sorted() == (partial[family.name] ?? names).sorted(),
                    "\(family.name)")
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
}
