import Foundation
import PantauSimulator
import PantauTestKit
import Testing
@testable import PantauCore

/// "Breaching soon" is a promise: for each horizon it equals the breaches that actually fire
/// within it when no further event arrives. Checked on simulated traffic over the bundled
/// configuration's five channels (24/7 and business hours, pending spells, reopens), cut at many
/// points while tickets are live.
@Suite struct ForecastPropertyTests {
    static func engine() throws -> (SLAEngine, EventParser) {
        let text = try String(contentsOf: TestPaths.defaultConfiguration, encoding: .utf8)
        let configuration = try ConfigurationParser.parse([ConfigurationSource(path: "pantau.conf", text: text)]).get()
        let engine = SLAEngine(settings: EngineSettings(configuration: configuration, defaultTimeZone: TimeZone(identifier: "UTC")!))
        return (engine, EventParser(channelNames: configuration.channels.map(\.name)))
    }

    /// Breached outcomes per channel and kind.
    static func breached(_ s: Snapshot) -> [[Int]] {
        s.channels.map { c in SLAKind.allCases.map { c.sla[Int($0.rawValue)][.breached] } }
    }

    @Test(arguments: [3, 4] as [UInt64])
    func breachingSoonEqualsTheBreachesThatFireWithinTheHorizon(seed: UInt64) throws {
        var (engine, parser) = try Self.engine()
        // Friday afternoon in Jakarta: the office calendar's deadlines cross the weekend.
        var sim = TrafficSimulator(seed: seed, start: RFC3339.parse("2026-03-06T13:00:00+07:00")!, ticketsPerHour: 1200)
        var line: [UInt8] = []
        var notes: [SLANotification] = []
        var checked = Array(repeating: 0, count: ForecastHorizon.allCases.count)
        var sawBusinessHours = false
        for n in 1...12_000 {
            line.removeAll(keepingCapacity: true)
            guard sim.next(into: &line) != nil else { break }
            if case .event(let e) = line.dropLast().withUnsafeBufferPointer({ parser.parse($0) }) {
                _ = engine.apply(e, notifications: &notes)
                notes.removeAll(keepingCapacity: true)
            }
            guard n % 400 == 0 else { continue }
            let now = engine.snapshot()
            let before = Self.breached(now)
            for horizon in ForecastHorizon.allCases {
                var ahead = engine
                ahead.advance(to: engine.clock + horizon.span)
                let after = Self.breached(ahead.snapshot())
                for (c, channel) in now.channels.enumerated() {
                    for kind in SLAKind.allCases {
                        let k = Int(kind.rawValue)
                        let fired = after[c][k] - before[c][k]
                        #expect(channel.forecast[kind, horizon] == fired,
                                "\(channel.name) \(kind.name) within \(horizon.name) at \(RFC3339.format(engine.clock))")
                        checked[horizon.rawValue] += fired
                        if fired > 0 && (channel.name == "email" || channel.name == "web_form") { sawBusinessHours = true }
                    }
                }
            }
        }
        // The property was put to work: breaches were due within every horizon, on a business calendar too.
        #expect(checked.allSatisfy { $0 > 0 }, "\(checked)")
        #expect(sawBusinessHours)
    }
}
