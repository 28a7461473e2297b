import Foundation
import Testing
@testable import PantauCore
@testable import PantauServe
@testable import PantauCommands
import PantauSystem
import PantauTestKit
import PantauSimulator

/// Properties that must hold on any realistic stream (SPEC §3, §4): simulated traffic over the five
/// channels of the bundled configuration, cut mid-flight so that tickets are still live.
@Suite struct SimulatedStreamPropertyTests {
    struct Stream {
        var lines: [[UInt8]] = []
        var channels: [String] = []
        var tickets: [Int64] = []
    }

    static func stream(seed: UInt64, lines count: Int) -> Stream {
        var sim = TrafficSimulator(seed: seed, start: RFC3339.parse("2026-03-04T06:00:00+07:00")!, ticketsPerHour: 900)
        var s = Stream()
        var buffer: [UInt8] = []
        while s.lines.count < count, let info = sim.next(into: &buffer) {
            s.lines.append(buffer)
            s.channels.append(info.channel)
            s.tickets.append(info.ticketNumber)
            buffer.removeAll(keepingCapacity: true)
        }
        return s
    }

    static func configuration() throws -> Configuration {
        try ConfigurationLoader.load(path: TestPaths.defaultConfiguration.path).get()
    }

    /// Writes groups of lines to files (in group order) and replays them merged.
    static func replay(_ groups: [[[UInt8]]], now: Instant?) throws -> Snapshot {
        let dir = try TestPaths.scratch("property")
        defer { try? FileManager.default.removeItem(at: dir) }
        var paths: [String] = []
        for (n, group) in groups.enumerated() {
            let url = dir.appendingPathComponent(String(format: "part-%03d.jsonl", n))
            try Data(group.joined()).write(to: url)
            paths.append(url.path)
        }
        return try ReplayCommand.replay(files: paths, configuration: configuration(), now: now)
    }

    static let now = RFC3339.parse("2026-03-04T12:00:00+07:00")!

    @Test(arguments: [1, 2] as [UInt64])
    func splittingTheStreamGivesIdenticalFigures(seed: UInt64) throws {
        let s = Self.stream(seed: seed, lines: 8_000)
        let whole = SnapshotJSONRenderer.render(try Self.replay([s.lines], now: Self.now))
        // By channel (a transferred ticket's later lines go to its new channel's file).
        var byChannel: [String: [[UInt8]]] = [:]
        for (line, channel) in zip(s.lines, s.channels) { byChannel[channel, default: []].append(line) }
        let channelGroups = byChannel.keys.sorted().map { byChannel[$0]! }
        #expect(SnapshotJSONRenderer.render(try Self.replay(channelGroups, now: Self.now)) == whole)
        // By ticket.
        var byTicket = Array(repeating: [[UInt8]](), count: 7)
        for (line, ticket) in zip(s.lines, s.tickets) { byTicket[Int(ticket % 7)].append(line) }
        #expect(SnapshotJSONRenderer.render(try Self.replay(byTicket, now: Self.now)) == whole)
        // Cut at arbitrary lines into consecutive pieces.
        var rng = SplitMix64(seed: seed)
        var cuts = (0..<5).map { _ in Int(rng.next() % UInt64(s.lines.count)) }.sorted()
        cuts = [0] + cuts + [s.lines.count]
        let pieces = zip(cuts, cuts.dropFirst()).map { Array(s.lines[$0..<$1]) }
        #expect(SnapshotJSONRenderer.render(try Self.replay(pieces, now: Self.now)) == whole)
    }

    @Test func everyStartedCycleIsRunningOrHasOneOutcome() throws {
        let s = Self.stream(seed: 9, lines: 20_000)
        let configuration = try Self.configuration()
        var engine = SLAEngine(settings: EngineSettings(configuration: configuration, defaultTimeZone: TimeZone(identifier: "UTC")!))
        var parser = EventParser(channelNames: configuration.channels.map(\.name))
        var notes: [SLANotification] = []
        var checkedLive = false
        for (n, line) in s.lines.enumerated() {
            let outcome = line.dropLast().withUnsafeBufferPointer { parser.parse($0) }
            switch outcome {
            case .event(let e): _ = engine.apply(e, notifications: &notes)
            case .rejected(let r): engine.recordRejection(r)
            }
            if n % 2500 == 2499 || n == s.lines.count - 1 {
                let snap = engine.snapshot()
                for (c, figures) in snap.channels.enumerated() {
                    for kind in SLAKind.allCases {
                        let f = figures.sla[Int(kind.rawValue)]
                        #expect(f.outcomes.reduce(0, +) + f.running == engine.cyclesStarted[c][Int(kind.rawValue)],
                                "\(figures.name) \(kind.name) after \(n + 1) lines")
                        #expect(f.paused <= f.running && f.atRisk <= f.running)
                        if f.running > 0 { checkedLive = true }
                    }
                }
            }
        }
        #expect(checkedLive)
        // Every breach was pushed once, and every pushed breach was counted.
        let breaches = notes.filter { $0.kind == .breach }.count
        let counted = engine.snapshot().channels.reduce(0) { sum, c in
            sum + SLAKind.allCases.reduce(0) { $0 + c.sla[Int($1.rawValue)][.breached] }
        }
        #expect(breaches == counted)
    }

    @Test func timerCompactionNeverChangesTheFigures() throws {
        let s = Self.stream(seed: 4, lines: 10_000)
        let configuration = try Self.configuration()
        func run(threshold: Int) -> String {
            var engine = SLAEngine(settings: EngineSettings(configuration: configuration, defaultTimeZone: TimeZone(identifier: "UTC")!))
            engine.minimumCompactThreshold = threshold
            engine.compactThreshold = threshold
            var parser = EventParser(channelNames: configuration.channels.map(\.name))
            var notes: [SLANotification] = []
            for line in s.lines {
                if case .event(let e) = line.dropLast().withUnsafeBufferPointer({ parser.parse($0) }) {
                    _ = engine.apply(e, notifications: &notes)
                }
            }
            engine.advance(to: Self.now, notifications: &notes)
            return SnapshotJSONRenderer.render(engine.snapshot())
        }
        #expect(run(threshold: 8) == run(threshold: Int.max))
    }

    @Test func jsonAndPrometheusRenderingsAgree() throws {
        let s = Self.stream(seed: 5, lines: 15_000)
        let snapshot = try Self.replay([s.lines], now: Self.now)
        let json = try JSONSerialization.jsonObject(with: Data(SnapshotJSONRenderer.render(snapshot).utf8)) as! [String: Any]
        for format in [ExpositionFormat.text, .openMetrics] {
            let samples = ExpositionSamples(PrometheusRenderer.render(snapshot, format: format, version: "t"))
            let channels = json["channels"] as! [String: [String: Any]]
            #expect(channels.count == 5)
            for (name, c) in channels {
                #expect(samples["pantau_queue_depth", ["channel": name]] == Double(c["queue_depth"] as! Int))
                #expect(samples["pantau_unassigned_tickets", ["channel": name]] == Double(c["unassigned"] as! Int))
                #expect(samples["pantau_oldest_waiting_seconds", ["channel": name]] == (c["oldest_waiting_seconds"] as! NSNumber).doubleValue)
                for (state, n) in c["tickets"] as! [String: Int] {
                    #expect(samples["pantau_tickets", ["channel": name, "state": state]] == Double(n))
                }
                for (counter, n) in c["counters"] as! [String: Int] {
                    #expect(samples["pantau_tickets_\(counter)_total", ["channel": name]] == Double(n))
                }
                for (sla, figures) in c["sla"] as! [String: [String: Int]] {
                    for outcome in Outcome.allCases {
                        #expect(samples["pantau_sla_outcomes_total", ["channel": name, "sla": sla, "outcome": outcome.name]] == Double(figures[outcome.name]!))
                    }
                    #expect(samples["pantau_sla_running", ["channel": name, "sla": sla]] == Double(figures["running"]!))
                    #expect(samples["pantau_sla_at_risk", ["channel": name, "sla": sla]] == Double(figures["at_risk"]!))
                    #expect(samples["pantau_sla_breached_open", ["channel": name, "sla": sla]] == Double(figures["breached_open"]!))
                }
                for (window, w) in c["windows"] as! [String: [String: Any]] {
                    let value = samples["pantau_service_level_ratio", ["channel": name, "window": window]]!
                    // JSONSerialization's number parsing on Linux can be one ulp off the shortest
                    // round-trip form both renderers write; allow that, nothing more.
                    if let level = w["service_level"] as? NSNumber { #expect(abs(value - level.doubleValue) < 1e-12) } else { #expect(value.isNaN) }
                }
            }
            let events = json["events"] as! [String: Any]
            #expect(samples["pantau_events_total", ["result": "applied"]] == Double(events["applied"] as! Int))
            for (reason, n) in events["rejected"] as! [String: Int] {
                #expect(samples["pantau_events_rejected_total", ["reason": reason]] == Double(n))
            }
        }
    }
}

/// A tiny reader of exposition sample lines: `name{labels} value`.
struct ExpositionSamples {
    private var values: [String: Double] = [:]

    init(_ text: String) {
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " ") else { continue }
            let series = String(line[..<space])
            let raw = line[line.index(after: space)...]
            values[series] = raw == "NaN" ? .nan : Double(raw)
        }
    }

    subscript(name: String, labels: [String: String]) -> Double? {
        // Labels in the renderer's order: channel, then sla/state/window/outcome, as rendered.
        let orders: [[String]] = [["channel", "sla", "outcome"], ["channel", "state"], ["channel", "window"], ["channel", "sla"], ["channel"], ["result"], ["reason"]]
        for order in orders where Set(order) == Set(labels.keys) {
            let rendered = order.map { "\($0)=\"\(labels[$0]!)\"" }.joined(separator: ",")
            return values["\(name){\(rendered)}"]
        }
        return nil
    }
}
